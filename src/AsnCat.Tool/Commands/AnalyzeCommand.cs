using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AsnCat.Tool.Analysis;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>bank analyze &lt;bundle.kunci.json&gt;... [--csv file] [--xlsx file] [--svg dir] [--rules dir] [--timing]</c>:
/// the item analysis (<see cref="ItemAnalysis"/>) of one or more sessions on one bank version. Prints
/// the subtests, the flagged items and the equal-difficulty verdict; writes the exports and charts
/// asked for. Exit 0, or 2 when a bundle or a rule file cannot be read (what and where on stderr).
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly CultureInfo Id = CultureInfo.InvariantCulture;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var bundles = new Argument<string[]>("bundle") { Description = "Bundel hasil sesi dengan kunci (<kode sesi>.kunci.json); beberapa sesi harus memakai versi bank yang sama", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<string>("--csv") { Description = "Tulis tabel butir sebagai CSV ke berkas ini" };
        var xlsx = new Option<string>("--xlsx") { Description = "Tulis butir, subtes, kesetaraan dan nilai harapan peserta sebagai .xlsx ke berkas ini" };
        var svg = new Option<string>("--svg") { Description = "Tulis grafik SVG (sebaran.svg dan opsi-<id>.svg per butir) ke folder ini" };
        var rules = new Option<string>("--rules") { Description = "Folder question-banks yang berisi analysis/flags.yaml dan analysis/kesetaraan.yaml (bawaan: yang dikirim bersama AsnCat)" };
        var timing = new Option<bool>("--timing") { Description = "Cetak waktu membaca dan waktu menghitung secara terpisah" };
        var analyze = new Command("analyze", "Analisis butir dari bundel hasil: fasilitas, daya beda, point-biserial, pilihan opsi, reliabilitas, tanda, dan kesetaraan perangkat soal.");
        analyze.Arguments.Add(bundles);
        analyze.Options.Add(csv);
        analyze.Options.Add(xlsx);
        analyze.Options.Add(svg);
        analyze.Options.Add(rules);
        analyze.Options.Add(timing);
        analyze.SetAction(parse => Run(parse.GetValue(bundles) ?? [], parse.GetValue(csv), parse.GetValue(xlsx), parse.GetValue(svg),
            parse.GetValue(rules) ?? RulesCatalog.DefaultRoot, parse.GetValue(timing), stdout, stderr));
        return analyze;
    }

    internal static int Run(IReadOnlyList<string> paths, string? csv, string? xlsx, string? svgDir, string rulesRoot, bool timing, TextWriter stdout, TextWriter stderr)
    {
        var errors = new List<FileError>();
        var rules = AnalysisRules.Load(rulesRoot, errors);
        if (rules is null)
        {
            CommandLine.Report(stderr, errors);
            return 2;
        }
        var clock = Stopwatch.StartNew();
        AnalysisInput input;
        try
        {
            input = AnalysisInput.Read(paths);
        }
        catch (AnalysisInputException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
        var read = clock.Elapsed;
        clock.Restart();
        var report = ItemAnalysis.Analyze(input, rules);
        var computed = clock.Elapsed;
        Print(report, stdout);
        try
        {
            if (csv is not null)
            {
                File.WriteAllBytes(csv, AnalysisExports.Csv(report));
                stdout.WriteLine($"CSV: {csv}");
            }
            if (xlsx is not null)
            {
                File.WriteAllBytes(xlsx, AnalysisExports.Xlsx(report));
                stdout.WriteLine($"XLSX: {xlsx}");
            }
            if (svgDir is not null)
            {
                Directory.CreateDirectory(svgDir);
                File.WriteAllText(Path.Combine(svgDir, "sebaran.svg"), AnalysisCharts.Scatter(report));
                var shown = report.Items.Where(i => i.Exposure > 0).ToList();
                foreach (var item in shown)
                {
                    File.WriteAllText(Path.Combine(svgDir, AnalysisCharts.ChartId(item.Id) + ".svg"), AnalysisCharts.OptionBars(item));
                }
                stdout.WriteLine($"SVG: {svgDir} (sebaran.svg dan {shown.Count} grafik opsi)");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"berkas keluaran tidak dapat ditulis: {e.Message}. Periksa jalur dan izin foldernya.");
            return 2;
        }
        if (timing)
        {
            stdout.WriteLine($"waktu: membaca {Seconds(read)} s, menghitung {Seconds(computed)} s ({report.Candidates.ToString("N0", Id)} peserta × {input.Positions} soal)");
        }
        return 0;
    }

    private static void Print(AnalysisReport report, TextWriter stdout)
    {
        var seen = report.Items.Count(i => i.Exposure > 0);
        stdout.WriteLine($"analisis butir: {report.Sessions.Count} sesi ({string.Join(", ", report.Sessions.Select(s => s.Code))}), bank {report.BankHash[..12]}…, kisi-kisi {report.BlueprintCode}, {report.Candidates} peserta, {report.Items.Count} butir di bank ({seen} muncul)");
        foreach (var s in report.Subtests)
        {
            stdout.WriteLine($"  {s.Code}: {s.ReliabilityName} {AnalysisCharts.Fmt(s.Reliability, "0.00")}, SEM {AnalysisCharts.Fmt(s.StandardError, "0.0")} poin, rata-rata {AnalysisCharts.Fmt(s.Mean, "0.0")} dari {s.MaxScore}, simpangan baku {AnalysisCharts.Fmt(s.StandardDeviation, "0.0")}");
        }
        var flagged = report.Flagged.ToList();
        var few = report.Items.Count(i => i.Exposure > 0 && i.TooFewToFlag);
        stdout.WriteLine($"ditandai: {flagged.Count} butir" + (few > 0 ? $" ({few} butir dilihat kurang dari {report.Rules.Flags.MinimumExposure} peserta, tidak ditandai)" : ""));
        foreach (var i in flagged)
        {
            stdout.WriteLine($"  {i.Id}  dilihat {i.Exposure}, fasilitas {AnalysisCharts.Fmt(i.Facility, "0.00")}, indeks daya beda {AnalysisCharts.Fmt(i.Discrimination, "0.00")}, point-biserial {AnalysisCharts.Fmt(i.PointBiserial, "0.00")}: {AnalysisExports.Remark(i)}");
        }
        stdout.WriteLine("kesetaraan: " + report.Equality.Verdict);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
