using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Turns an XHTML fragment (a QTI item body, a choice, Moodle's question text) into what a bank
/// item holds: plain text (paragraphs apart by a blank line, <c>&lt;br&gt;</c> as a line break),
/// at most one table and the images, and says what it could not keep (formulas, media, merged
/// table cells, a second table). <see cref="Write"/> is the way back, used by the exporters.
/// </summary>
internal sealed partial class HtmlBody
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "prompt",
        "section", "article", "header", "footer", "figure", "figcaption", "dl", "dt", "dd", "center", "hr",
    };

    private static readonly HashSet<string> Media = new(StringComparer.OrdinalIgnoreCase)
    {
        "audio", "video", "iframe", "embed", "script", "style", "canvas", "svg", "source", "track", "form", "input",
    };

    private readonly List<StringBuilder> _paragraphs = [new()];

    public List<(string Src, string Alt)> Images { get; } = [];

    public ItemTable? Table { get; private set; }

    public List<string> Problems { get; } = [];

    /// <summary>The text read so far: paragraphs apart by a blank line, lines trimmed.</summary>
    public string Text => string.Join("\n\n", _paragraphs
        .Select(p => string.Join('\n', p.ToString().Split('\n').Select(l => l.Trim())).Trim('\n', ' '))
        .Where(p => p.Length > 0));

    /// <summary>
    /// Reads <paramref name="nodes"/>. <paramref name="replace"/> may stand in for an element: it
    /// returns the elements to read in its place (none to skip it), or null to read it as usual.
    /// </summary>
    public HtmlBody Read(IEnumerable<XNode> nodes, Func<XElement, IEnumerable<XElement>?>? replace = null)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case XText text:
                    _paragraphs[^1].Append(Spaces().Replace(text.Value, " "));
                    break;
                case XElement e when replace?.Invoke(e) is { } instead:
                    Break();
                    foreach (var part in instead)
                    {
                        Read([part], replace);
                        Break();
                    }
                    break;
                case XElement e:
                    Element(e, replace);
                    break;
            }
        }
        return this;
    }

    private void Element(XElement e, Func<XElement, IEnumerable<XElement>?>? replace)
    {
        var name = e.Name.LocalName;
        switch (name.ToLowerInvariant())
        {
            case "br":
                _paragraphs[^1].Append('\n');
                return;
            case "img":
                Images.Add(((string?)e.Attribute("src") ?? "", ((string?)e.Attribute("alt") ?? "").Trim()));
                return;
            case "object" when ((string?)e.Attribute("type") ?? "").StartsWith("image/", StringComparison.OrdinalIgnoreCase):
                Images.Add(((string?)e.Attribute("data") ?? "", Spaces().Replace(e.Value, " ").Trim()));
                return;
            case "table":
                if (Table is not null)
                {
                    Problems.Add("lebih dari satu tabel; bank menyimpan satu tabel per soal");
                    return;
                }
                Break();
                Table = ReadTable(e);
                return;
            case "math":
                Problems.Add("rumus matematika (MathML) tidak dapat disimpan; tulis sebagai teks atau gambar");
                return;
            case "a" when e.Attribute("href") is { } href:
                Problems.Add($"tautan ke '{(href.Value.Length <= 80 ? href.Value : href.Value[..77] + "...")}' tidak dapat disimpan (terminal ujian tidak membuka tautan atau berkas lain); tulis isinya di soal");
                return;
            case "object":
                Problems.Add($"media '{(string?)e.Attribute("type") ?? (string?)e.Attribute("data") ?? "object"}' tidak dapat disimpan; bank hanya menyimpan teks, tabel dan gambar");
                return;
        }
        if (Media.Contains(name))
        {
            Problems.Add($"elemen <{name}> (media atau skrip) tidak dapat disimpan; bank hanya menyimpan teks, tabel dan gambar");
            return;
        }
        var block = Blocks.Contains(name);
        if (block)
        {
            Break();
        }
        Read(e.Nodes(), replace);
        if (block)
        {
            Break();
        }
    }

    private void Break()
    {
        if (_paragraphs[^1].Length > 0)
        {
            _paragraphs.Add(new StringBuilder());
        }
    }

    private ItemTable? ReadTable(XElement table)
    {
        var rows = new List<(List<string> Cells, bool Header)>();
        foreach (var tr in table.Descendants().Where(d => d.Name.LocalName == "tr"))
        {
            if (tr.Ancestors().First(a => a.Name.LocalName == "table") != table)
            {
                Problems.Add("tabel di dalam tabel tidak dapat disimpan");
                return null;
            }
            var cells = tr.Elements().Where(c => c.Name.LocalName is "td" or "th").ToList();
            if (cells.Any(c => (int?)c.Attribute("colspan") > 1 || (int?)c.Attribute("rowspan") > 1))
            {
                Problems.Add("tabel dengan sel gabungan (colspan/rowspan) tidak dapat disimpan; bank menyimpan tabel sederhana");
                return null;
            }
            var inHead = tr.Parent?.Name.LocalName == "thead";
            rows.Add(([.. cells.Select(CellText)], inHead || cells.All(c => c.Name.LocalName == "th")));
        }
        if (rows.Count == 0)
        {
            Problems.Add("tabel tanpa baris");
            return null;
        }
        var header = rows[0].Cells;
        var body = rows.Skip(1).Select(r => (IReadOnlyList<string>)r.Cells).ToList();
        if (body.Any(r => r.Count != header.Count))
        {
            Problems.Add($"baris tabel dengan jumlah sel berbeda dari header ({header.Count})");
            return null;
        }
        var caption = table.Elements().FirstOrDefault(c => c.Name.LocalName == "caption") is { } cap ? Spaces().Replace(cap.Value, " ").Trim() : null;
        return new ItemTable(string.IsNullOrEmpty(caption) ? null : caption, header, body);
    }

    private string CellText(XElement cell)
    {
        var inner = new HtmlBody().Read(cell.Nodes());
        Problems.AddRange(inner.Problems);
        if (inner.Images.Count > 0 || inner.Table is not null)
        {
            Problems.Add("gambar atau tabel di dalam sel tabel tidak dapat disimpan");
        }
        return inner.Text.Replace("\n\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
    }

    /// <summary>
    /// Text as XHTML nodes in <paramref name="ns"/>: one <c>p</c> per paragraph, <c>br</c> between
    /// the lines of one, so that <see cref="Read"/> gives the same text back.
    /// </summary>
    public static IEnumerable<XElement> Write(XNamespace ns, string text) =>
        Paragraphs().Split(text.Trim()).Select(p => new XElement(ns + "p",
            p.Split('\n').SelectMany((line, i) => i == 0 ? new object[] { line } : [new XElement(ns + "br"), line])));

    public static XElement WriteTable(XNamespace ns, ItemTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new XElement(ns + "table",
            table.Caption is null ? null : new XElement(ns + "caption", table.Caption),
            new XElement(ns + "thead", new XElement(ns + "tr", table.Header.Select(h => new XElement(ns + "th", h)))),
            new XElement(ns + "tbody", table.Rows.Select(r => new XElement(ns + "tr", r.Select(c => new XElement(ns + "td", c))))));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex Paragraphs();
}
