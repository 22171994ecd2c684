using System.Globalization;
using System.Xml.Linq;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Reads one QTI assessment item (2.1, 2.2 or 3.0) into a draft: one single-response
/// <c>choiceInteraction</c>; the correct response becomes the key and <c>mapResponse</c> the option
/// values; the body's text, its one table and its image become the stem; modal and inline feedback
/// become the pembahasan. Everything else is reported as the reason the item cannot be kept.
/// </summary>
internal static class QtiItemReader
{
    private static readonly string[] AllowedProcessing =
        ["responseProcessing", "responseCondition", "responseIf", "responseElseIf", "responseElse", "match", "variable", "correct", "setOutcomeValue", "baseValue", "isNull", "not", "mapResponse"];

    /// <param name="where">Where the item came from: its folder, the package's root and the name refusals use.</param>
    public static (DraftItem? Item, string? Problem) Read(XElement root, string fallbackId, (string ItemDir, string Root, string Source) where, (string? Subtest, string? Subtopic, Difficulty? Difficulty) place)
    {
        if (Qti.Name(root) != "assessmentItem")
        {
            return (null, $"bukan assessmentItem (elemen akar <{root.Name.LocalName}>)");
        }
        if (Qti.Version(root.Name.Namespace) is null)
        {
            return (null, $"versi QTI tidak didukung (namespace '{root.Name.NamespaceName}'); yang didukung: QTI 2.1, 2.2 dan 3.0");
        }
        var id = Qti.Attr(root, "identifier") ?? fallbackId;
        if (Qti.Attr(root, "adaptive") == "true")
        {
            return (null, "soal adaptif (adaptive=\"true\") tidak didukung");
        }
        if (root.Named("templateDeclaration").Any())
        {
            return (null, "soal bertemplat (templateDeclaration) tidak didukung; bank menyimpan soal yang tetap");
        }
        var body = root.Named("itemBody").FirstOrDefault();
        if (body is null)
        {
            return (null, "itemBody tidak ada");
        }
        var interactions = body.Descendants().Where(e => Qti.Name(e).EndsWith("Interaction", StringComparison.Ordinal)).ToList();
        if (interactions.Count != 1 || Qti.Name(interactions[0]) != "choiceInteraction")
        {
            var kinds = string.Join(", ", interactions.Select(Qti.Name).Distinct());
            return (null, interactions.Count switch
            {
                0 => "tidak ada interaksi; hanya choiceInteraction pilihan tunggal yang didukung",
                1 => $"interaksi {kinds} tidak didukung; hanya choiceInteraction pilihan tunggal",
                _ => $"{interactions.Count} interaksi dalam satu soal ({kinds}); bank menyimpan satu pertanyaan pilihan ganda per soal",
            });
        }
        var interaction = interactions[0];
        var responseId = Qti.Attr(interaction, "responseIdentifier");
        var declaration = root.Named("responseDeclaration").FirstOrDefault(d => Qti.Attr(d, "identifier") == responseId);
        if (declaration is null)
        {
            return (null, $"responseDeclaration '{responseId}' tidak ada");
        }
        if (Qti.Attr(declaration, "cardinality") is { } cardinality && cardinality != "single")
        {
            return (null, $"jawaban ganda (cardinality=\"{cardinality}\") tidak didukung; bank memakai tepat satu pilihan");
        }
        if (Qti.Attr(interaction, "maxChoices") is { } max && max != "1")
        {
            return (null, $"boleh memilih lebih dari satu (maxChoices=\"{max}\"); bank memakai tepat satu pilihan");
        }

        var problems = new List<string>();
        var choices = interaction.AllNamed("simpleChoice").ToList();
        var options = choices.Select(c => Option(c, where, problems)).ToList();
        var feedback = new List<string>();
        var stem = new HtmlBody().Read(body.Nodes(), e => Qti.Name(e) switch
        {
            "choiceInteraction" => e.Named("prompt"),
            "feedbackInline" or "feedbackBlock" => Feedback(e, feedback),
            "rubricBlock" => [],
            _ => null,
        });
        problems.AddRange(stem.Problems);
        foreach (var modal in root.Named("modalFeedback"))
        {
            Feedback(modal, feedback);
        }
        var image = stem.Images.Count switch
        {
            0 => null,
            1 => Image(stem.Images[0], where, problems),
            _ => Fail(problems, $"{stem.Images.Count} gambar pada teks soal; bank menyimpan satu gambar per soal"),
        };
        var scoring = Scoring(root, declaration, choices, problems);
        if (stem.Text.Length == 0)
        {
            problems.Add("teks soal kosong");
        }
        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems.Distinct()));
        }
        return (new DraftItem(id, place.Subtest, place.Subtopic, place.Difficulty, stem.Text, stem.Table, image, options, scoring!,
            feedback.Count == 0 ? null : string.Join("\n\n", feedback)), null);
    }

    private static DraftOption Option(XElement choice, (string ItemDir, string Root, string Source) where, List<string> problems)
    {
        var content = new HtmlBody().Read(choice.Nodes(), e => Qti.Name(e) is "feedbackInline" or "feedbackBlock" ? [] : null);
        problems.AddRange(content.Problems);
        if (content.Table is not null)
        {
            problems.Add("tabel di dalam opsi tidak dapat disimpan");
        }
        var image = content.Images.Count switch
        {
            0 => null,
            1 => Image(content.Images[0], where, problems),
            _ => Fail(problems, "lebih dari satu gambar dalam satu opsi"),
        };
        var text = content.Text;
        if (text.Length == 0 && image is null && content.Images.Count == 0)
        {
            problems.Add($"opsi '{Qti.Attr(choice, "identifier")}' kosong");
        }
        return new DraftOption(text.Length == 0 ? null : text, image);
    }

    private static IEnumerable<XElement> Feedback(XElement e, List<string> feedback)
    {
        var text = new HtmlBody().Read(e.Nodes()).Text;
        if (text.Length > 0)
        {
            feedback.Add(text);
        }
        return [];
    }

    private static DraftImage? Image((string Src, string Alt) img, (string ItemDir, string Root, string Source) where, List<string> problems)
    {
        var (image, problem) = ImageFiles.Find(where.Root, where.ItemDir, img.Src, img.Alt, where.Source);
        if (problem is not null)
        {
            problems.Add(problem);
        }
        return image;
    }

    private static DraftImage? Fail(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    private static DraftScoring? Scoring(XElement root, XElement declaration, List<XElement> choices, List<string> problems)
    {
        var ids = choices.Select(c => Qti.Attr(c, "identifier") ?? "").ToList();
        var processing = root.Named("responseProcessing").FirstOrDefault();
        var template = processing is null ? null : Qti.Attr(processing, "template") ?? "";
        var useMap = template switch
        {
            null => declaration.Named("mapping").Any() && !declaration.Named("correctResponse").Any(),
            "" => Inline(processing!, problems),
            _ when template.Contains("map_response", StringComparison.Ordinal) && !template.Contains("point", StringComparison.Ordinal) => true,
            _ when template.Contains("match_correct", StringComparison.Ordinal) => false,
            _ => Unsupported(problems, $"pemrosesan jawaban dengan templat '{template}' tidak didukung (hanya match_correct dan map_response)"),
        };
        if (useMap is null)
        {
            return null;
        }
        if (useMap.Value)
        {
            var mapping = declaration.Named("mapping").FirstOrDefault();
            if (mapping is null)
            {
                problems.Add("map_response tanpa mapping");
                return null;
            }
            var fallback = Number(Qti.Attr(mapping, "defaultValue")) ?? 0m;
            var points = ids.Select(_ => fallback).ToArray();
            foreach (var entry in mapping.Named("mapEntry"))
            {
                var index = ids.IndexOf(Qti.Attr(entry, "mapKey") ?? "");
                var value = Number(Qti.Attr(entry, "mappedValue"));
                if (index < 0 || value is null)
                {
                    problems.Add($"mapEntry '{Qti.Attr(entry, "mapKey")}' tidak menunjuk opsi yang ada atau nilainya bukan angka");
                    return null;
                }
                points[index] = value.Value;
            }
            return new DraftScoring(null, points);
        }
        var values = declaration.Named("correctResponse").SelectMany(c => c.Named("value")).Select(v => v.Value.Trim()).ToList();
        if (values.Count != 1 || ids.IndexOf(values[0]) < 0)
        {
            problems.Add(values.Count == 0 ? "kunci jawaban (correctResponse) tidak ada" : $"kunci jawaban '{string.Join(", ", values)}' tidak menunjuk tepat satu opsi");
            return null;
        }
        return new DraftScoring(ids.IndexOf(values[0]), null);
    }

    /// <summary>Inline response processing that is match_correct or map_response written out; null (reported) otherwise.</summary>
    private static bool? Inline(XElement processing, List<string> problems)
    {
        var names = processing.DescendantsAndSelf().Select(Qti.Name).ToHashSet();
        if (names.Except(AllowedProcessing).ToList() is { Count: > 0 } other)
        {
            return Unsupported(problems, $"pemrosesan jawaban khusus ({string.Join(", ", other)}) tidak didukung; hanya match_correct dan map_response");
        }
        if (names.Contains("mapResponse"))
        {
            return true;
        }
        return names.Contains("correct") ? false : Unsupported(problems, "pemrosesan jawaban tidak memakai kunci maupun mapping");
    }

    private static bool? Unsupported(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
