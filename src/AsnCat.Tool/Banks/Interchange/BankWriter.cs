using System.Globalization;
using AsnCat.Scoring;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Writes items as a bank folder in the format of question-banks/README.md: <c>bank.yaml</c>, one
/// file per subtest subtopic (<c>twk/nasionalisme.yaml</c>) holding its items in the order given, and
/// the images beside them (<c>tiu/gambar/...</c>). The same items always give the same bytes, so a
/// bank written here is the normal form that round trips are compared in (<see cref="NormalHash"/>).
/// </summary>
public static class BankWriter
{
    public static void Write(string dir, BankInfo bank, IReadOnlyList<ReadyItem> items)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(items);
        Directory.CreateDirectory(dir);
        var manifest = new YamlMappingNode();
        manifest.Add("code", bank.Code!);
        manifest.Add("title", Text(bank.Title ?? bank.Code!));
        manifest.Add("blueprint", bank.Blueprint!);
        Save(Path.Combine(dir, BankLoader.Manifest), manifest);
        var names = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(i => (i.Subtest, i.Subtopic)))
        {
            var folder = group.Key.Subtest.ToLowerInvariant();
            string Image(DraftImage image)
            {
                var name = image.Name;
                for (var n = 2; names.TryGetValue($"{folder}/{name}", out var other) && !other.AsSpan().SequenceEqual(image.Bytes); n++)
                {
                    name = $"{Path.GetFileNameWithoutExtension(image.Name)}-{n}{Path.GetExtension(image.Name)}";
                }
                if (names.TryAdd($"{folder}/{name}", image.Bytes))
                {
                    Directory.CreateDirectory(Path.Combine(dir, folder, "gambar"));
                    File.WriteAllBytes(Path.Combine(dir, folder, "gambar", name), image.Bytes);
                }
                return "gambar/" + name;
            }
            var list = new YamlSequenceNode(group.Select(i => (YamlNode)Item(i, Image)));
            Directory.CreateDirectory(Path.Combine(dir, folder));
            Save(Path.Combine(dir, folder, group.Key.Subtopic + ".yaml"), new YamlMappingNode(
                new YamlScalarNode("subtest"), new YamlScalarNode(group.Key.Subtest),
                new YamlScalarNode("subtopic"), new YamlScalarNode(group.Key.Subtopic),
                new YamlScalarNode("items"), list));
        }
    }

    /// <summary>The hash of the bank as <see cref="Write"/> writes it: equal for two banks that hold the same items.</summary>
    public static string NormalHash(BankInfo bank, IReadOnlyList<ReadyItem> items)
    {
        var dir = Path.Combine(Path.GetTempPath(), "asncat-normal-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(dir, bank, items);
            return BankLoader.Hash(dir, Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static YamlMappingNode Item(ReadyItem item, Func<DraftImage, string> image)
    {
        var map = new YamlMappingNode();
        map.Add("id", item.Id);
        map.Add("difficulty", item.Difficulty.ToString().ToLowerInvariant());
        map.Add("stem", Text(item.Stem));
        if (item.Table is { } table)
        {
            var t = new YamlMappingNode();
            if (table.Caption is not null)
            {
                t.Add("caption", Text(table.Caption));
            }
            t.Add("header", Flow(table.Header));
            t.Add("rows", new YamlSequenceNode(table.Rows.Select(r => (YamlNode)Flow(r))));
            map.Add("table", t);
        }
        if (item.Image is { } img)
        {
            map.Add("image", Image(img, image));
        }
        var options = new YamlMappingNode();
        for (var o = 0; o < item.Options.Count; o++)
        {
            var option = item.Options[o];
            YamlNode node = option.Image is null
                ? Text(option.Text!)
                : option.Text is null
                    ? new YamlMappingNode(new YamlScalarNode("image"), Image(option.Image, image))
                    : new YamlMappingNode(new YamlScalarNode("text"), Text(option.Text), new YamlScalarNode("image"), Image(option.Image, image));
            options.Add(Options.Letter(o).ToString(), node);
        }
        map.Add("options", options);
        if (item.Answer is { } answer)
        {
            map.Add("answer", Options.Letter(answer).ToString());
        }
        if (item.Weights is { } weights)
        {
            var w = new YamlMappingNode { Style = MappingStyle.Flow };
            for (var o = 0; o < weights.Count; o++)
            {
                w.Add(Options.Letter(o).ToString(), weights[o].ToString(CultureInfo.InvariantCulture));
            }
            map.Add("weights", w);
        }
        if (item.Explanation is not null)
        {
            map.Add("explanation", Text(item.Explanation));
        }
        return map;
    }

    private static YamlMappingNode Image(DraftImage img, Func<DraftImage, string> image) =>
        new(new YamlScalarNode("file"), new YamlScalarNode(image(img)), new YamlScalarNode("alt"), Text(img.Alt));

    private static YamlSequenceNode Flow(IEnumerable<string> cells) =>
        new(cells.Select(c => (YamlNode)new YamlScalarNode(c) { Style = ScalarStyle.DoubleQuoted })) { Style = SequenceStyle.Flow };

    // multi-line text as a literal block (diff-friendly, as committees write it); the rest as the emitter sees fit
    private static YamlScalarNode Text(string text) =>
        new(text) { Style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any };

    private static void Save(string path, YamlMappingNode root)
    {
        using var text = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(new Emitter(text, new EmitterSettings().WithIndentedSequences()), assignAnchors: false);
        // the emitter closes the document with "..."; a hand-written bank file has no such marker
        var yaml = text.ToString();
        yaml = yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
        File.WriteAllText(path, yaml, new System.Text.UTF8Encoding(false));
    }
}
