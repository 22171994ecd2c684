using System.Text;
using AsnCat.Scoring;
using AsnCat.Tool.Analysis;
namespace AsnCat.Tool.Tests.Analysis;

/// <summary>The item CSV of the analysis, byte for byte.</summary>
public sealed class AnalysisExportsTests
{
    [Fact]
    public void The_item_csv_quotes_guards_and_ends_lines_as_it_always_has()
    {
        var item = new AnalysisItem("=1+1", 0, "Siti Aminah, S.Pd. Ñ\nBali\nNTB", Difficulty.Sulit, 1, null, [0, 1, 0, 0, 0]);
        double[] overall = [0.25, 0.5, 0, 0, 0, 0.25], upper = [0, 1, 0, 0, 0, 0], lower = [0.5, 0, 0, 0, 0, 0.5];
        var options = Enumerable.Range(0, 6).Select(o => new OptionStats("ABCDE-"[o], item.Points.ElementAtOrDefault(o), o == 1, overall[o], upper[o], lower[o], 1)).ToArray();
        var stats = new ItemStats(item, "Jalan \"Merdeka\"", 3, 0.5, 1, 1.0 / 3, null, -0.25, 1, options, [], [], null);
        var report = new AnalysisReport("hash", "skd", [], 3, [stats], [], null!, null!);

        var header = string.Join(',', AnalysisExports.ItemColumns.Select(c => c.Header));
        var expected = $"\uFEFF{header}\r\n\"Jalan \"\"Merdeka\"\"\",'=1+1,\"Siti Aminah, S.Pd. Ñ\nBali\nNTB\",sulit,B,3,0.5,1,0.333333,,-0.25,1,"
            + "0.25,0.5,0,0,0,0.25,0,1,0,0,0,0,0.5,0,0,0,0,0.5,,\r\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), AnalysisExports.Csv(report));
    }
}
