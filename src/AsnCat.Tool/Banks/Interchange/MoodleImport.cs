using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Reads Moodle XML (<c>&lt;quiz&gt;</c>): single-answer <c>multichoice</c> questions, their fractions
/// as option values in percent, images embedded as base64 <c>&lt;file&gt;</c> (<c>@@PLUGINFILE@@/</c>)
/// or as files beside the XML. A category <c>.../&lt;kode bank&gt;/&lt;SUBTES&gt;/&lt;subtopik&gt;</c> names
/// an item's place, a tag <c>mudah</c>/<c>sedang</c>/<c>sulit</c> its difficulty (as AsnCat's export writes them).
/// </summary>
internal static partial class MoodleImport
{
    private const string PluginFile = "@@PLUGINFILE@@/";

    public static SourceRead Read(string xmlPath, string source)
    {
        var errors = new List<FileError>();
        var doc = SafeXml.Load(xmlPath, source, errors);
        if (doc?.Root is null)
        {
            return SourceRead.Refused(errors);
        }
        if (doc.Root.Name.LocalName != "quiz")
        {
            return SourceRead.Refused([new FileError(source, 1, $"bukan Moodle XML: elemen akar <{doc.Root.Name.LocalName}>, seharusnya <quiz>")]);
        }
        var root = Path.GetDirectoryName(Path.GetFullPath(xmlPath))!;
        var items = new List<DraftItem>();
        var unsupported = new List<Unsupported>();
        string[] category = [];
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        try
        {
            foreach (var question in doc.Root.Elements("question"))
            {
                var type = (string?)question.Attribute("type") ?? "";
                if (type == "category")
                {
                    category = Category(question);
                    if (Text(question.Element("info")) is { Length: > 0 } info && category.Length > 0)
                    {
                        titles[category[^1]] = new HtmlBody().Read(HtmlFragment.Parse(info).Nodes()).Text;
                    }
                    continue;
                }
                number++;
                var name = Text(question.Element("name"))?.Trim() is { Length: > 0 } n ? n : $"soal ke-{number}";
                var (item, problem) = type switch
                {
                    "multichoice" => Question(question, name, category, root, source),
                    _ => (null, $"jenis soal Moodle '{type}' tidak didukung; hanya multichoice jawaban tunggal"),
                };
                if (item is not null)
                {
                    items.Add(item);
                }
                else
                {
                    unsupported.Add(new Unsupported(name, problem!));
                }
            }
        }
        catch (RefusedException e)
        {
            return SourceRead.Refused([e.Error]);
        }
        var code = category.Length >= 3 ? category[^3] : null;
        return new SourceRead(items, unsupported, [], new BankInfo(code, code is not null && titles.TryGetValue(code, out var t) ? t : null, null));
    }

    private static (DraftItem? Item, string? Problem) Question(XElement q, string name, string[] category, string root, string source)
    {
        if (((string?)q.Element("single"))?.Trim() is "false" or "0")
        {
            return (null, "pilihan ganda dengan lebih dari satu jawaban benar (single=false) tidak didukung");
        }
        var idnumber = ((string?)q.Element("idnumber"))?.Trim();
        var id = idnumber is { Length: > 0 } && BankLoader.IdPattern().IsMatch(idnumber) ? idnumber : Slug(name);
        var problems = new List<string>();
        var stem = Html(q.Element("questiontext"), root, source, problems);
        var answers = q.Elements("answer").ToList();
        var options = new List<DraftOption>();
        var points = new List<decimal>();
        var feedback = new List<string>();
        if (Html(q.Element("generalfeedback"), root, source, problems) is { Text.Length: > 0 } general)
        {
            feedback.Add(general.Text);
        }
        foreach (var (answer, i) in answers.Select((a, i) => (a, i)))
        {
            var body = Html(answer, root, source, problems)!;
            if (body.Table is not null)
            {
                problems.Add("tabel di dalam opsi tidak dapat disimpan");
            }
            var image = body.Images.Count switch
            {
                0 => null,
                1 => Image(body.Images[0], answer, root, source, problems),
                _ => null,
            };
            if (body.Images.Count > 1)
            {
                problems.Add("lebih dari satu gambar dalam satu opsi");
            }
            options.Add(new DraftOption(body.Text.Length == 0 ? null : body.Text, image));
            if (!decimal.TryParse((string?)answer.Attribute("fraction"), NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
            {
                problems.Add($"fraction jawaban ke-{i + 1} bukan angka");
            }
            points.Add(fraction);
            if (Html(answer.Element("feedback"), root, source, problems) is { Text.Length: > 0 } said)
            {
                feedback.Add($"Umpan balik opsi {(i < Options.Count ? Options.Letter(i).ToString() : (i + 1).ToString(CultureInfo.InvariantCulture))}: {said.Text}");
            }
        }
        if (stem is null || stem.Text.Length == 0)
        {
            problems.Add("teks soal kosong");
        }
        var stemImage = stem?.Images.Count switch
        {
            1 => Image(stem.Images[0], q.Element("questiontext")!, root, source, problems),
            > 1 => null,
            _ => null,
        };
        if (stem?.Images.Count > 1)
        {
            problems.Add($"{stem.Images.Count} gambar pada teks soal; bank menyimpan satu gambar per soal");
        }
        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems.Distinct()));
        }
        var tags = q.Element("tags")?.Elements("tag").Select(t => Text(t)?.Trim() ?? "").ToList() ?? [];
        Difficulty? difficulty = tags.Select(t => BankLoader.TryDifficulty(t, out var d) ? d : (Difficulty?)null).FirstOrDefault(d => d is not null);
        var subtest = category.Length >= 2 ? category[^2] : category.Length == 1 ? category[0] : null;
        var subtopic = category.Length >= 2 ? category[^1] : null;
        return (new DraftItem(id, subtest, subtopic, difficulty, stem!.Text, stem.Table, stemImage, options, new DraftScoring(null, points, PointsArePercent: true),
            feedback.Count == 0 ? null : string.Join("\n\n", feedback)), null);
    }

    /// <summary>The element's &lt;text&gt; read as HTML (or as plain text when its format says so), its problems added.</summary>
    private static HtmlBody? Html(XElement? holder, string root, string source, List<string> problems)
    {
        if (holder is null)
        {
            return null;
        }
        var text = Text(holder) ?? "";
        var format = (string?)holder.Attribute("format") ?? "html";
        var body = format is "plain_text" or "markdown"
            ? new HtmlBody().Read([new XElement("p", text.Split('\n').SelectMany((l, i) => i == 0 ? new object[] { l } : [new XElement("br"), l]))])
            : new HtmlBody().Read(HtmlFragment.Parse(text).Nodes());
        problems.AddRange(body.Problems);
        return body;
    }

    private static DraftImage? Image((string Src, string Alt) img, XElement holder, string root, string source, List<string> problems)
    {
        (DraftImage? Image, string? Problem) found;
        if (img.Src.StartsWith(PluginFile, StringComparison.Ordinal))
        {
            var fileName = Uri.UnescapeDataString(img.Src[PluginFile.Length..]);
            var file = holder.Elements("file").FirstOrDefault(f => (string?)f.Attribute("name") == fileName);
            found = file is null ? (null, $"gambar '{fileName}' tidak disertakan sebagai <file> di dalam XML") : Decode(file, fileName, img.Alt);
        }
        else
        {
            found = ImageFiles.Find(root, root, img.Src, img.Alt, source);
        }
        if (found.Problem is not null)
        {
            problems.Add(found.Problem);
        }
        return found.Image;
    }

    private static (DraftImage?, string?) Decode(XElement file, string name, string alt)
    {
        try
        {
            return ImageFiles.Check(name, Convert.FromBase64String(file.Value.Trim()), alt);
        }
        catch (FormatException)
        {
            return (null, $"isi base64 gambar '{name}' rusak");
        }
    }

    private static string[] Category(XElement question)
    {
        var path = Text(question.Element("category"))?.Trim() ?? "";
        return [.. path.Split('/').Select(s => s.Trim()).Where(s => s.Length > 0 && !(s.StartsWith('$') && s.EndsWith('$')) && s != "top")];
    }

    private static string? Text(XElement? e) => (string?)e?.Element("text");

    private static string Slug(string name)
    {
        var slug = NotId().Replace(name, "-").Trim('-', '.', '_');
        return slug.Length == 0 ? "soal" : slug;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex NotId();
}
