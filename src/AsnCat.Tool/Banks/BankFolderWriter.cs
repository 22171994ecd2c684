using AsnCat.Scoring;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
namespace AsnCat.Tool.Banks;

/// <summary>
/// Writes a bank as a bank folder in the format <see cref="BankLoader"/> reads (question-banks/README.md):
/// <c>bank.yaml</c>, one item file per <see cref="BankItem.SourceFile"/> (items in the order given,
/// image paths made relative to the item file again) and the image files. Reading the folder back
/// gives the same items (ids, subtests, subtopics, difficulty, texts, tables, images, keys, weights,
/// explanations); used to make a new bank version from a stored one (an item retired or revised).
/// </summary>
public static class BankFolderWriter
{
    /// <param name="dir">An empty or missing folder.</param>
    public static void Write(string dir, string code, string title, string blueprintCode, IReadOnlyList<BankItem> items, IReadOnlyDictionary<string, byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(images);
        Directory.CreateDirectory(dir);
        Save(Path.Combine(dir, BankLoader.Manifest), Map(("code", Scalar(code)), ("title", Scalar(title)), ("blueprint", Scalar(blueprintCode))));
        foreach (var file in items.GroupBy(i => i.SourceFile, StringComparer.Ordinal))
        {
            var first = file.First();
            var fileDir = Path.GetDirectoryName(file.Key)?.Replace('\\', '/') ?? "";
            var list = new YamlSequenceNode(file.Select(i => Item(i, fileDir)));
            var path = Path.Combine(dir, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Save(path, Map(("subtest", Scalar(first.Subtest)), ("subtopic", Scalar(first.Subtopic)), ("items", list)));
        }
        foreach (var (rel, bytes) in images)
        {
            var path = Path.Combine(dir, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private static YamlMappingNode Item(BankItem item, string fileDir)
    {
        var map = Map(("id", Scalar(item.Id)), ("difficulty", Scalar(item.Difficulty.ToString().ToLowerInvariant())), ("stem", Scalar(item.Stem)));
        if (item.Table is { } t)
        {
            var table = new YamlMappingNode();
            if (t.Caption is not null)
            {
                table.Add("caption", Scalar(t.Caption));
            }
            table.Add("header", new YamlSequenceNode(t.Header.Select(Scalar)) { Style = SequenceStyle.Flow });
            table.Add("rows", new YamlSequenceNode(t.Rows.Select(r => new YamlSequenceNode(r.Select(Scalar)) { Style = SequenceStyle.Flow })));
            map.Add("table", table);
        }
        if (item.Image is { } image)
        {
            map.Add("image", Image(image, fileDir));
        }
        var options = new YamlMappingNode();
        for (var o = 0; o < item.Options.Count; o++)
        {
            var opt = item.Options[o];
            YamlNode node = opt.Image is null
                ? Scalar(opt.Text ?? "")
                : opt.Text is null ? Map(("image", Image(opt.Image, fileDir))) : Map(("text", Scalar(opt.Text)), ("image", Image(opt.Image, fileDir)));
            options.Add(Options.Letter(o).ToString(), node);
        }
        map.Add("options", options);
        if (item.Answer is { } answer)
        {
            map.Add("answer", Scalar(Options.Letter(answer).ToString()));
        }
        if (item.Weights is { } weights)
        {
            var w = new YamlMappingNode { Style = MappingStyle.Flow };
            for (var o = 0; o < weights.Count; o++)
            {
                w.Add(Options.Letter(o).ToString(), new YamlScalarNode(weights[o].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            map.Add("weights", w);
        }
        if (item.Explanation is not null)
        {
            map.Add("explanation", Scalar(item.Explanation));
        }
        return map;
    }

    /// <summary>An image as the item file refers to it: relative to the file's folder (the loader made it relative to the bank).</summary>
    private static YamlMappingNode Image(ImageRef image, string fileDir)
    {
        var file = fileDir.Length > 0 && image.File.StartsWith(fileDir + "/", StringComparison.Ordinal) ? image.File[(fileDir.Length + 1)..] : image.File;
        return new YamlMappingNode(new YamlScalarNode("file"), Scalar(file), new YamlScalarNode("alt"), Scalar(image.Alt)) { Style = MappingStyle.Flow };
    }

    private static YamlMappingNode Map(params (string Key, YamlNode Value)[] entries)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            map.Add(key, value);
        }
        return map;
    }

    /// <summary>Text, written as a literal block when it has several lines, otherwise quoted only where YAML needs it.</summary>
    private static YamlScalarNode Scalar(string text) =>
        new(text) { Style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any };

    private static void Save(string path, YamlMappingNode root)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }
}
