using System.Globalization;
using System.Security;
using System.Text;
namespace AsnCat.Tool.Analysis;

/// <summary>
/// The analysis's charts as standalone SVG (no script, no server): facility against discrimination
/// for every item, and the option bars of one item. Each carries its text alternative in
/// <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> (read by screen readers); the console shows the same
/// numbers as a table beside it.
/// </summary>
public static class AnalysisCharts
{
    private static readonly CultureInfo Id = CultureInfo.InvariantCulture;

    private const string Normal = "#2b6cb0";
    private const string Flagged = "#c53030";
    private const string Upper = "#2f855a";
    private const string Lower = "#dd6b20";
    private const string All = "#4a5568";

    // the scatter's axes: facility 0..1 across, corrected point-biserial -0.5..1 up
    private const double YMin = -0.5;
    private const double YMax = 1.0;

    /// <summary>Facility (x) against the corrected point-biserial (y) of every item seen; flagged items red, the thresholds dashed.</summary>
    public static string Scatter(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        const int w = 720, h = 460, left = 60, right = 20, top = 40, bottom = 60;
        double X(double f) => left + (f * (w - left - right));
        double Y(double r) => top + ((YMax - Math.Clamp(r, YMin, YMax)) / (YMax - YMin) * (h - top - bottom));
        var seen = report.Items.Where(i => i.Facility is not null && i.PointBiserial is not null).ToList();
        var flagged = seen.Count(i => i.Flags.Count > 0);
        var rules = report.Rules.Flags;
        var svg = Open("sebaran", w, h, "Fasilitas dan daya beda setiap butir",
            $"{seen.Count} butir dengan fasilitas dan point-biserial; {flagged} ditandai (merah): "
            + string.Join("; ", seen.Where(i => i.Flags.Count > 0).Select(i => $"{i.Id} {Describe(i)}")) + ".");
        svg.Append(Text(w / 2.0, 22, "Fasilitas terhadap daya beda (point-biserial terkoreksi)", "middle", 15, bold: true));
        // grid and axes
        for (var f = 0.0; f <= 1.0001; f += 0.1)
        {
            svg.Append(Line(X(f), top, X(f), h - bottom, "#e2e8f0"));
            svg.Append(Text(X(f), h - bottom + 16, Fmt(f, "0.0"), "middle", 11));
        }
        for (var r = YMin; r <= YMax + 0.0001; r += 0.25)
        {
            svg.Append(Line(left, Y(r), w - right, Y(r), Math.Abs(r) < 1e-9 ? "#718096" : "#e2e8f0"));
            svg.Append(Text(left - 6, Y(r) + 4, Fmt(r, "0.00"), "end", 11));
        }
        svg.Append(Text((left + w - right) / 2.0, h - 18, "fasilitas (bagian peserta yang menjawab benar; TKP: rata-rata bobot / bobot tertinggi)", "middle", 12));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{N((top + h - bottom) / 2.0)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 {N((top + h - bottom) / 2.0)})\">point-biserial terkoreksi</text>");
        // thresholds
        svg.Append(Line(X(rules.TooHardBelow), top, X(rules.TooHardBelow), h - bottom, Flagged, dashed: true));
        svg.Append(Line(X(rules.TooEasyAbove), top, X(rules.TooEasyAbove), h - bottom, Flagged, dashed: true));
        svg.Append(Line(left, Y(rules.LowDiscriminationBelow), w - right, Y(rules.LowDiscriminationBelow), Flagged, dashed: true));
        foreach (var i in seen.OrderBy(i => i.Flags.Count > 0))
        {
            var color = i.Flags.Count > 0 ? Flagged : Normal;
            var (x, y) = (X(i.Facility!.Value), Y(i.PointBiserial!.Value));
            svg.Append(i.Weighted
                ? string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{N(x - 3.5)}\" y=\"{N(y - 3.5)}\" width=\"7\" height=\"7\" fill=\"{color}\" fill-opacity=\"0.75\">")
                : string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{(i.Flags.Count > 0 ? 5 : 3.5)}\" fill=\"{color}\" fill-opacity=\"0.75\">"));
            svg.Append("<title>").Append(Esc($"{i.Id}: {Describe(i)}")).Append("</title>").Append(i.Weighted ? "</rect>" : "</circle>");
        }
        // legend
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{left + 10}\" cy=\"{top - 8}\" r=\"4\" fill=\"{Normal}\"/>");
        svg.Append(Text(left + 18, top - 4, "butir berkunci (TKP: kotak)", "start", 11));
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{left + 200}\" cy=\"{top - 8}\" r=\"5\" fill=\"{Flagged}\"/>");
        svg.Append(Text(left + 208, top - 4, "ditandai; garis putus-putus: ambang", "start", 11));
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>One item's options A..E and "kosong": the share choosing each overall, in the upper and in the lower group.</summary>
    public static string OptionBars(ItemStats item)
    {
        ArgumentNullException.ThrowIfNull(item);
        const int w = 420, h = 230, left = 44, top = 44, bottom = 46, group = 60;
        double Y(double share) => top + ((1 - share) * (h - top - bottom));
        var desc = string.Join("; ", item.Options.Select(o =>
            $"{OptionName(item, o)}: semua {Pct(o.Overall)}, atas {Pct(o.Upper)}, bawah {Pct(o.Lower)}"));
        var svg = Open(ChartId(item.Id), w, h, $"Pilihan opsi butir {item.Id}", $"{item.Id}, dilihat {item.Exposure} peserta, kelompok atas dan bawah masing-masing {item.GroupSize}: {desc}.");
        svg.Append(Text(w / 2.0, 18, $"{item.Id}: pilihan opsi", "middle", 13, bold: true));
        for (var s = 0.0; s <= 1.0001; s += 0.25)
        {
            svg.Append(Line(left, Y(s), w - 10, Y(s), "#e2e8f0"));
            svg.Append(Text(left - 4, Y(s) + 4, Fmt(s * 100, "0") + "%", "end", 10));
        }
        for (var o = 0; o < item.Options.Count; o++)
        {
            var opt = item.Options[o];
            var x0 = left + 8 + (o * group);
            Bar(svg, x0, opt.Overall, All, Y(0), Y(opt.Overall), $"{OptionName(item, opt)}: semua {Pct(opt.Overall)}");
            Bar(svg, x0 + 15, opt.Upper, Upper, Y(0), Y(opt.Upper), $"{OptionName(item, opt)}: kelompok atas {Pct(opt.Upper)}");
            Bar(svg, x0 + 30, opt.Lower, Lower, Y(0), Y(opt.Lower), $"{OptionName(item, opt)}: kelompok bawah {Pct(opt.Lower)}");
            var label = opt.Letter == '-' ? "kosong" : opt.Letter.ToString();
            svg.Append(Text(x0 + 22, h - bottom + 15, label, "middle", 12, bold: opt.IsKey));
            var under = opt.Letter == '-' ? "" : item.Weighted ? $"bobot {opt.Points}" : opt.IsKey ? "kunci" : "";
            svg.Append(Text(x0 + 22, h - bottom + 29, under, "middle", 10, color: opt.IsKey ? Upper : "#4a5568"));
        }
        var ly = top - 12;
        foreach (var (color, name, x) in new[] { (All, "semua", left), (Upper, "kelompok atas", left + 70), (Lower, "kelompok bawah", left + 180) })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{ly - 9}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            svg.Append(Text(x + 14, ly, name, "start", 11));
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>How the item reads in a chart's text: facility, point-biserial and its flags.</summary>
    public static string Describe(ItemStats item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var flags = item.Flags.Count > 0 ? "; " + string.Join(", ", item.Flags.Select(f => f.Label())) : "";
        return $"fasilitas {Fmt(item.Facility, "0.00")}, point-biserial {Fmt(item.PointBiserial, "0.00")}{flags}";
    }

    /// <summary>A number as the console and the charts show it (a decimal point, as every AsnCat page); a dash for none.</summary>
    public static string Fmt(double? value, string format) => value is { } v ? v.ToString(format, Id) : "–";

    public static string Pct(double share) => (share * 100).ToString("0", Id) + " %";

    private static string OptionName(ItemStats item, OptionStats o) =>
        o.Letter == '-' ? "kosong" : item.Weighted ? $"{o.Letter} (bobot {o.Points})" : o.IsKey ? $"{o.Letter} (kunci)" : o.Letter.ToString();

    private static void Bar(StringBuilder svg, double x, double share, string color, double y0, double y, string title) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"14\" height=\"{N(Math.Max(y0 - y, share > 0 ? 1 : 0))}\" fill=\"{color}\"><title>{Esc(title)}</title></rect>");

    /// <summary>The svg element with its title and description; <paramref name="id"/> keeps their ids unique when several charts share a page.</summary>
    private static StringBuilder Open(string id, int w, int h, string title, string desc) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"DejaVu Sans, Arial, sans-serif\">")
        .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">").Append(Esc(title)).Append(CultureInfo.InvariantCulture, $"</title><desc id=\"{id}-d\">").Append(Esc(desc)).Append("</desc>")
        .Append(CultureInfo.InvariantCulture, $"<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");

    private static string Line(double x1, double y1, double x2, double y2, string color, bool dashed = false) =>
        string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{color}\" stroke-width=\"1\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")}/>");

    private static string Text(double x, double y, string text, string anchor, int size, bool bold = false, string color = "#1a202c") =>
        string.Create(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{color}\"{(bold ? " font-weight=\"bold\"" : "")}>{Esc(text)}</text>");

    /// <summary>An item id made safe as an element id and a file name: <c>opsi-TWK-NAS-001</c>.</summary>
    public static string ChartId(string itemId) =>
        "opsi-" + new string([.. (itemId ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => SecurityElement.Escape(text);
}
