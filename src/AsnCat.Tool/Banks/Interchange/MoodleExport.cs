using System.Globalization;
using System.Xml.Linq;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Writes a bank as Moodle XML: a category <c>$course$/top/&lt;kode&gt;/&lt;SUBTES&gt;/&lt;subtopik&gt;</c>
/// per subtopic (the bank's category holds its title), one <c>multichoice</c> question per item (name and
/// idnumber = the item's id, difficulty as a tag), a key as fraction 100, weights as fractions
/// weight/max x 100, images embedded as base64 files, the pembahasan as general feedback.
/// </summary>
internal static class MoodleExport
{
    public static XDocument Document(BankInfo bank, Blueprint blueprint, IReadOnlyList<ReadyItem> items)
    {
        var quiz = new XElement("quiz",
            Category($"$course$/top/{bank.Code}", bank.Title ?? bank.Code!));
        foreach (var group in items.GroupBy(i => (i.Subtest, i.Subtopic)))
        {
            quiz.Add(Category($"$course$/top/{bank.Code}/{group.Key.Subtest}/{group.Key.Subtopic}", null));
            var max = blueprint.Subtests.First(s => s.Code == group.Key.Subtest).Weights?.Max ?? 1;
            foreach (var item in group)
            {
                quiz.Add(Question(item, max));
            }
        }
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), quiz);
    }

    private static XElement Category(string path, string? info) => new("question", new XAttribute("type", "category"),
        new XElement("category", new XElement("text", path)),
        info is null ? null : new XElement("info", new XAttribute("format", "html"), new XElement("text", new XCData(Html(info, null, null)))));

    private static XElement Question(ReadyItem item, int max)
    {
        var files = new List<XElement>();
        return new XElement("question", new XAttribute("type", "multichoice"),
            new XElement("name", new XElement("text", item.Id)),
            new XElement("questiontext", new XAttribute("format", "html"),
                new XElement("text", new XCData(Html(item.Stem, item.Table, item.Image))),
                Files(item.Image)),
            new XElement("generalfeedback", new XAttribute("format", "html"),
                new XElement("text", item.Explanation is null ? "" : new XCData(Html(item.Explanation, null, null)))),
            new XElement("defaultgrade", "1.0000000"),
            new XElement("penalty", "0.0000000"),
            new XElement("hidden", "0"),
            new XElement("idnumber", item.Id),
            new XElement("single", "true"),
            new XElement("shuffleanswers", "false"),
            new XElement("answernumbering", "ABCD"),
            item.Options.Select((o, i) => new XElement("answer",
                new XAttribute("fraction", Fraction(item, i, max)), new XAttribute("format", "html"),
                new XElement("text", new XCData(Html(o.Text ?? "", null, o.Image))),
                Files(o.Image),
                new XElement("feedback", new XAttribute("format", "html"), new XElement("text", "")))),
            new XElement("tags", new XElement("tag", new XElement("text", item.Difficulty.ToString().ToLowerInvariant()))));
    }

    private static string Fraction(ReadyItem item, int option, int max) => item.Weights is { } weights
        ? (weights[option] * 100m / max).ToString("0.#######", CultureInfo.InvariantCulture)
        : option == item.Answer ? "100" : "0";

    private static string Html(string text, ItemTable? table, DraftImage? image)
    {
        var div = new XElement("div", text.Length == 0 ? null : HtmlBody.Write(XNamespace.None, text),
            table is null ? null : HtmlBody.WriteTable(XNamespace.None, table),
            image is null ? null : new XElement("p", new XElement("img", new XAttribute("src", "@@PLUGINFILE@@/" + Uri.EscapeDataString(image.Name)), new XAttribute("alt", image.Alt))));
        return string.Concat(div.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
    }

    private static XElement? Files(DraftImage? image) => image is null ? null
        : new XElement("file", new XAttribute("name", image.Name), new XAttribute("path", "/"), new XAttribute("encoding", "base64"), Convert.ToBase64String(image.Bytes));
}
