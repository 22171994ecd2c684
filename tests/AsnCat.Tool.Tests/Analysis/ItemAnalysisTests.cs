using System.Globalization;
using System.Xml.Linq;
using AsnCat.Tool.Analysis;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Csv;
using AsnCat.Tool.Tests.Commands;
using ClosedXML.Excel;
namespace AsnCat.Tool.Tests.Analysis;

/// <summary>
/// The item analysis of a bundle built here (the sample bank, 300 candidates, one key planted wrong)
/// against the deliberately simple reference computation, the planted key flagged, and the
/// <c>bank analyze</c> command's files.
/// </summary>
public sealed class ItemAnalysisTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AnalysisRules Rules()
    {
        var errors = new List<FileError>();
        var rules = AnalysisRules.Load(TestPaths.QuestionBanks, errors);
        Assert.Empty(errors);
        return rules!;
    }

    private string Bundle(int count = 300) => PlantedBundle.Write(Path.Combine(_dir.Path, "S-UJI.kunci.json"), count);

    [Fact]
    public void The_shipped_flag_rules_are_the_thresholds_the_reference_takes()
    {
        var f = Rules().Flags;
        var t = new AnalysisReference.Thresholds();
        Assert.Equal((t.Group, t.MinimumExposure, t.TooEasy, t.TooHard, t.Low, t.Negative, t.Dead, t.WrongKeyMargin),
            (f.GroupShare, f.MinimumExposure, f.TooEasyAbove, f.TooHardBelow, f.LowDiscriminationBelow, f.NegativeDiscriminationBelow, f.DeadDistractorBelow, f.WrongKeyMargin));
    }

    [Fact]
    public void Every_statistic_of_every_item_subtest_and_candidate_matches_a_straight_recomputation_from_the_raw_answers()
    {
        var path = Bundle();
        var report = ItemAnalysis.Analyze(AnalysisInput.Read([path]), Rules());
        var reference = AnalysisReference.Compute(path, PlantedBundle.Subtests, new AnalysisReference.Thresholds());

        var compared = AnalysisComparison.AssertSame(report, reference);
        Assert.Equal(300, report.Candidates);              // the absent and the disqualified candidate are left out
        Assert.True(compared > 200, $"{compared} items compared");
        Assert.Contains(report.Items, i => i.Flags.Count > 0);
        Assert.Contains(report.Items, i => i.Flags.Count == 0 && i.Exposure > 0);
        Assert.All(report.Subtests, s => Assert.InRange(s.Reliability!.Value, 0.5, 1));
    }

    [Fact]
    public void A_planted_wrong_key_is_flagged_kunci_mungkin_salah_naming_the_option_the_upper_group_prefers()
    {
        var report = ItemAnalysis.Analyze(AnalysisInput.Read([Bundle()]), Rules());
        var item = report.Items.Single(i => i.Id == PlantedBundle.Item);

        Assert.Contains(ItemConcern.WrongKey, item.Flags);
        Assert.Equal(PlantedBundle.TrueAnswer, item.BeatingDistractor);
        Assert.Equal(PlantedBundle.TrueAnswer - 'A', Array.FindIndex([.. item.Options], o => o.Upper == item.Options.Take(5).Max(x => x.Upper)));
        Assert.True(item.PointBiserial < 0, $"point-biserial {item.PointBiserial}");
        Assert.Contains(ItemConcern.NegativeDiscrimination, item.Flags);
        Assert.Contains($"kunci mungkin salah: kelompok atas lebih sering memilih {PlantedBundle.TrueAnswer} daripada kunci {PlantedBundle.PlantedKey}", AnalysisExports.Remark(item), StringComparison.Ordinal);
        // no item answered by the key the candidates followed is flagged so
        Assert.DoesNotContain(report.Items.Where(i => i.Id != PlantedBundle.Item), i => i.Flags.Contains(ItemConcern.WrongKey));
    }

    [Fact]
    public void Bank_analyze_prints_the_flagged_item_and_writes_csv_xlsx_and_svg_with_the_reports_numbers()
    {
        var path = Bundle();
        var csv = Path.Combine(_dir.Path, "butir.csv");
        var xlsx = Path.Combine(_dir.Path, "butir.xlsx");
        var svg = Path.Combine(_dir.Path, "grafik");
        var (exit, output, error) = CliRunner.Run("bank", "analyze", path, "--csv", csv, "--xlsx", xlsx, "--svg", svg, "--rules", TestPaths.QuestionBanks, "--timing");
        Assert.True(exit == 0, output + error);
        Assert.Equal("", error);
        Assert.Contains($"{PlantedBundle.Item}  dilihat", output, StringComparison.Ordinal);
        Assert.Contains("kunci mungkin salah", output, StringComparison.Ordinal);
        Assert.Contains("kesetaraan: ", output, StringComparison.Ordinal);
        Assert.Matches(@"waktu: membaca \d+\.\d{3} s, menghitung \d+\.\d{3} s \(300 peserta × 110 soal\)", output);

        var report = ItemAnalysis.Analyze(AnalysisInput.Read([path]), Rules());
        var planted = report.Items.Single(i => i.Id == PlantedBundle.Item);
        var header = AnalysisExports.ItemColumns.Select(c => c.Header).ToArray();
        var table = CsvTable.Read(csv, header, new List<FileError>())!;
        Assert.Equal(report.Items.Count, table.Rows.Count);
        var row = table.Rows.Single(r => r.Fields[1] == PlantedBundle.Item).Fields;
        Assert.Equal(planted.Facility!.Value, double.Parse(row[Array.IndexOf(header, "fasilitas")], CultureInfo.InvariantCulture), 6);
        Assert.Equal(planted.PointBiserial!.Value, double.Parse(row[Array.IndexOf(header, "point_biserial_terkoreksi")], CultureInfo.InvariantCulture), 6);
        Assert.Contains("kunci_mungkin_salah", row[Array.IndexOf(header, "tanda")], StringComparison.Ordinal);

        using (var book = new XLWorkbook(xlsx))
        {
            var sheet = book.Worksheet("Butir");
            var r = sheet.RowsUsed().Single(x => x.Cell(2).GetString() == PlantedBundle.Item);
            var facility = r.Cell(Array.IndexOf(header, "fasilitas") + 1);
            Assert.Equal(XLDataType.Number, facility.DataType);
            Assert.Equal(Math.Round(planted.Facility.Value, 6), facility.GetDouble(), 9);
            Assert.Equal(XLDataType.Number, r.Cell(Array.IndexOf(header, "dilihat") + 1).DataType);
            Assert.Equal(report.Subtests.Count + 1, book.Worksheet("Subtes").RowsUsed().Count());
            Assert.Equal(300 + 1, book.Worksheet("Peserta").RowsUsed().Count());
        }

        var scatter = XDocument.Load(Path.Combine(svg, "sebaran.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var marks = scatter.Descendants().Where(e => e.Name == ns + "circle" || e.Name == ns + "rect").Where(e => e.Element(ns + "title") is not null).ToList();
        Assert.Equal(report.Items.Count(i => i.Facility is not null && i.PointBiserial is not null), marks.Count);
        var mark = marks.Single(m => m.Element(ns + "title")!.Value.StartsWith(PlantedBundle.Item + ":", StringComparison.Ordinal));
        Assert.Equal("#c53030", mark.Attribute("fill")!.Value);
        Assert.Contains("kunci mungkin salah", scatter.Root!.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        var bars = XDocument.Load(Path.Combine(svg, AnalysisCharts.ChartId(PlantedBundle.Item) + ".svg"));
        Assert.Equal(18, bars.Descendants(ns + "rect").Count(e => e.Element(ns + "title") is not null));   // 6 options x (all, upper, lower)
        Assert.Contains($"{PlantedBundle.PlantedKey} (kunci)", bars.Root!.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.Equal(report.Items.Count(i => i.Exposure > 0) + 1, Directory.GetFiles(svg, "*.svg").Length);
    }

    [Fact]
    public void Sessions_on_two_venues_are_analysed_together_and_the_verdict_compares_the_venues()
    {
        var a = PlantedBundle.Write(Path.Combine(_dir.Path, "A.kunci.json"), 120, "S-A", "Jakarta", "WIB", "A");
        var b = PlantedBundle.Write(Path.Combine(_dir.Path, "B.kunci.json"), 80, "S-B", "Makassar", "WITA", "B");
        var report = ItemAnalysis.Analyze(AnalysisInput.Read([a, b]), Rules());
        Assert.Equal(200, report.Candidates);
        Assert.Equal(["S-A", "S-B"], report.Sessions.Select(s => s.Code));
        var venues = report.Equality.Groups.Single(g => g.Dimension == "lokasi");
        Assert.Equal([("Jakarta", 120), ("Makassar", 80)], venues.Groups.Select(g => (g.Group, g.Count)));
        Assert.NotNull(venues.Gap);
        Assert.Contains(report.Equality.Groups, g => g.Dimension == "sesi");
        Assert.StartsWith(report.Equality.Equal ? "Setara: " : "Tidak setara. ", report.Equality.Verdict, StringComparison.Ordinal);
        Assert.Contains("antarlokasi", report.Equality.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verdict_turns_unequal_when_the_spread_passes_the_threshold_in_the_rules_file()
    {
        var rules = Rules();
        var input = AnalysisInput.Read([Bundle(120)]);
        var loose = ItemAnalysis.Analyze(input, rules with { Equality = rules.Equality with { MaxSpreadPercent = 100 } });
        var strict = ItemAnalysis.Analyze(input, rules with { Equality = rules.Equality with { MaxSpreadPercent = 0.01 } });
        Assert.True(loose.Equality.Equal, loose.Equality.Verdict);
        Assert.False(strict.Equality.Equal);
        Assert.StartsWith("Tidak setara. Simpangan baku nilai harapan antarpeserta", strict.Equality.Verdict, StringComparison.Ordinal);
        Assert.Contains("batas 0.01 %", strict.Equality.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_without_keys_another_bank_version_or_a_broken_file_is_refused_with_what_and_where_and_nothing_written()
    {
        var keyed = File.ReadAllText(Bundle(30));
        var plain = Path.Combine(_dir.Path, "S-UJI.json");
        File.WriteAllText(plain, keyed.Replace("\"keysIncluded\": true", "\"keysIncluded\": false", StringComparison.Ordinal));
        var other = Path.Combine(_dir.Path, "lain.kunci.json");
        var hash = System.Text.Json.JsonDocument.Parse(keyed).RootElement.GetProperty("bank").GetProperty("hash").GetString()!;
        File.WriteAllText(other, keyed.Replace(hash, new string('0', 64), StringComparison.Ordinal).Replace("S-UJI", "S-LAIN", StringComparison.Ordinal));
        var broken = Path.Combine(_dir.Path, "rusak.kunci.json");
        File.WriteAllText(broken, keyed[..(keyed.Length / 2)]);
        var csv = Path.Combine(_dir.Path, "keluar.csv");

        var (exit, output, error) = CliRunner.Run("bank", "analyze", plain, "--csv", csv);
        Assert.Equal(2, exit);
        Assert.Contains("bundel tanpa kunci jawaban", error, StringComparison.Ordinal);
        Assert.Contains(".kunci.json", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("bank", "analyze", Path.Combine(_dir.Path, "S-UJI.kunci.json"), other, "--csv", csv);
        Assert.Equal(2, exit);
        Assert.Contains("berbeda dari bank", error, StringComparison.Ordinal);
        Assert.Contains("versi bank yang sama", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("bank", "analyze", broken, "--csv", csv);
        Assert.Equal(2, exit);
        Assert.Contains("rusak.kunci.json: bukan bundel hasil", error, StringComparison.Ordinal);
        Assert.False(File.Exists(csv));
        Assert.Equal("", output);
    }

    [Fact]
    public void Rule_files_with_an_unknown_key_or_a_value_out_of_range_are_refused_with_path_and_line()
    {
        var root = Path.Combine(_dir.Path, "qb");
        Directory.CreateDirectory(Path.Combine(root, AnalysisRules.Folder));
        var flags = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, AnalysisRules.Folder, AnalysisRules.FlagsFile))
            .Replace("terlalu_mudah: 0.90", "terlalu_mudah: 1.5", StringComparison.Ordinal)
            .Replace("kelompok_atas_bawah:", "kelompok_atas_bawa:", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(root, AnalysisRules.Folder, AnalysisRules.FlagsFile), flags);
        File.Copy(Path.Combine(TestPaths.QuestionBanks, AnalysisRules.Folder, AnalysisRules.EqualityFile), Path.Combine(root, AnalysisRules.Folder, AnalysisRules.EqualityFile));

        var (exit, output, error) = CliRunner.Run("bank", "analyze", Bundle(30), "--rules", root);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Matches(@"flags\.yaml:\d+: kunci 'kelompok_atas_bawa' tidak dikenal", error);
        Assert.Matches(@"flags\.yaml:\d+: ambang penanda: 'terlalu_mudah' = 1\.5 di luar 0\.\.1", error);
    }
}
