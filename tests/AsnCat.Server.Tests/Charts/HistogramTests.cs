using System.Globalization;
using AsnCat.Server.Charts;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using Bunit;
namespace AsnCat.Server.Tests.Charts;

/// <summary>The server-drawn SVG histogram (issue #16): right bins, the marker where its value is, and a table with the same numbers.</summary>
public sealed class HistogramTests : BunitContext
{
    private static readonly int[] Totals = [0, 5, 24, 25, 49, 50, 311, 312, 549, 550, 600, -3];

    private IRenderedComponent<Histogram> RenderTotals(int? marker) => Render<Histogram>(p => p
        .Add(x => x.Id, "uji").Add(x => x.Title, "Sebaran total").Add(x => x.XLabel, "Total nilai")
        .Add(x => x.Values, Totals).Add(x => x.Min, 0).Add(x => x.Max, 550).Add(x => x.BinWidth, 25).Add(x => x.Marker, marker));

    [Fact]
    public void Values_fall_into_bins_of_25_from_0_to_550_with_outliers_in_the_end_bins()
    {
        var bins = HistogramBins.Of(Totals, 0, 550, 25);

        Assert.Equal(23, bins.Count);
        Assert.Equal(new HistogramBin(0, 24, 4), bins[0]);      // 0, 5, 24 and -3
        Assert.Equal(new HistogramBin(25, 49, 2), bins[1]);
        Assert.Equal(new HistogramBin(50, 74, 1), bins[2]);
        Assert.Equal(new HistogramBin(300, 324, 2), bins[12]);
        Assert.Equal(new HistogramBin(525, 549, 1), bins[21]);
        Assert.Equal(new HistogramBin(550, 550, 2), bins[22]);  // 550 and 600
        Assert.Equal(Totals.Length, bins.Sum(b => b.Count));
    }

    [Fact]
    public void The_svg_draws_one_bar_per_bin_with_its_count_and_the_tallest_bar_full_height()
    {
        var chart = RenderTotals(311);

        var bars = chart.FindAll("svg rect.bar");
        Assert.Equal(23, bars.Count);
        Assert.Equal(["0-24:4", "25-49:2", "50-74:1"], bars.Take(3).Select(b => $"{b.GetAttribute("data-from")}-{b.GetAttribute("data-to")}:{b.GetAttribute("data-count")}"));
        // plot from y 16 to 200: the bin of 4 is 184 high, the bin of 2 half of it
        Assert.Equal("184", bars[0].GetAttribute("height"));
        Assert.Equal("92", bars[1].GetAttribute("height"));
        Assert.Equal("0", bars[3].GetAttribute("height"));
    }

    [Fact]
    public void The_threshold_line_sits_at_its_value_inside_the_bar_that_holds_it()
    {
        var chart = RenderTotals(311);

        var line = chart.Find("svg line.marker");
        Assert.Equal("311", line.GetAttribute("data-value"));
        // the axis runs from x 44 (value 0) to x 624 (value 551): 311 is at 44 + 311 * 580 / 551
        Assert.Equal("371.37", line.GetAttribute("x1"));
        Assert.Equal(line.GetAttribute("x1"), line.GetAttribute("x2"));
        var bar = chart.Find("svg rect.bar[data-from='300']");
        var left = double.Parse(bar.GetAttribute("x")!, CultureInfo.InvariantCulture);
        var right = left + double.Parse(bar.GetAttribute("width")!, CultureInfo.InvariantCulture);
        Assert.InRange(371.37, left, right);
        Assert.Contains("Ambang batas: 311", chart.Find("svg").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_marker_there_is_no_line()
    {
        var chart = RenderTotals(null);

        Assert.Empty(chart.FindAll("line.marker"));
    }

    [Fact]
    public void The_chart_is_an_image_named_by_its_caption_and_described_and_has_a_table_of_the_same_numbers()
    {
        var chart = RenderTotals(311);

        var svg = chart.Find("figure svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("uji-title uji-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Sebaran total", chart.Find("figcaption#uji-title").TextContent);
        Assert.Equal("12 nilai dalam 23 kelompok dari 0 sampai 550; kelompok terbanyak berisi 4. Garis merah putus-putus: ambang batas 311.", chart.Find("desc#uji-desc").TextContent);
        var rows = chart.FindAll("details table tbody tr").Select(r => string.Join('|', r.QuerySelectorAll("td").Select(td => td.TextContent))).ToList();
        Assert.Equal(23, rows.Count);
        Assert.Equal(["0–24|4", "25–49|2", "50–74|1"], rows.Take(3));
        Assert.Equal("550|2", rows[^1]);
        Assert.Equal(["Total nilai", "Jumlah"], chart.FindAll("details table th").Select(th => th.TextContent));
    }

    [Fact]
    public void A_published_table_charts_its_totals_and_marks_the_lowest_total_that_met_the_threshold()
    {
        string[] columns = ["Nomor peserta", "Nama", "Formasi", "Kategori", "TWK", "TIU", "TKP", "Total", "Ambang batas", "Peringkat di formasi", "Keterangan"];
        PublishedRow Row(string n, int total, string threshold) => new(n, [n, "Nama " + n, "F-1", "umum", "", "", "", total.ToString(CultureInfo.InvariantCulture), threshold, "", ""]);
        var table = new PublishedTable("sesi", "SKD-JKT-001", "Hasil", columns,
            [Row("1", 420, "Memenuhi"), Row("2", 330, "Memenuhi"), Row("3", 340, "Tidak memenuhi"), Row("4", 120, "Tidak memenuhi"), new PublishedRow("5", ["5", "Absen", "F-1", "umum", "", "", "", "", "", "", "Tidak hadir"])]);

        var chart = Render<ResultChart>(p => p.Add(x => x.Table, table));

        Assert.Equal("330", chart.Find("line.marker").GetAttribute("data-value"));
        Assert.Equal(4, chart.FindAll("rect.bar").Sum(b => int.Parse(b.GetAttribute("data-count")!, CultureInfo.InvariantCulture)));
        Assert.Equal("2", chart.Find("rect.bar[data-from='325']").GetAttribute("data-count"));  // 330 and 340
        Assert.Contains("4 peserta", chart.Find("figcaption").TextContent, StringComparison.Ordinal);
    }
}
