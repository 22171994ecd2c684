using System.CommandLine;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>bank import --from qti|moodle|xlsx &lt;sumber&gt; --out &lt;folder&gt;</c> and
/// <c>bank export --to qti3|moodle|xlsx &lt;folder bank&gt; --out &lt;berkas atau folder&gt;</c>
/// (<see cref="BankInterchange"/>). Every item not imported is printed on its own line with its
/// identifier and reason; by default any such item means nothing is written.
/// </summary>
internal static class BankInterchangeCommands
{
    public static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string>("--from") { Description = "Format sumber: qti (paket .zip atau folder berisi imsmanifest.xml, QTI 2.1/2.2/3.0), moodle (Moodle XML), xlsx (templat Excel)", Required = true };
        from.AcceptOnlyFromAmong("qti", "moodle", "xlsx");
        var source = new Argument<string>("sumber") { Description = "Berkas atau folder sumber" };
        var output = new Option<string>("--out") { Description = "Folder bank yang ditulis (belum ada atau kosong)", Required = true };
        var blueprint = new Option<string?>("--blueprint") { Description = "Kode kisi-kisi (mis. skd, pppk); bawaan: dari sumber, atau kisi-kisi yang memuat subtes soal-soalnya" };
        var code = new Option<string?>("--code") { Description = "Kode bank; bawaan: dari sumber atau nama berkas" };
        var title = new Option<string?>("--title") { Description = "Judul bank; bawaan: dari sumber atau kode" };
        var subtest = new Option<string?>("--subtest") { Description = "Subtes untuk soal yang sumbernya tidak menyebut subtes (mis. TWK)" };
        var subtopic = new Option<string?>("--subtopic") { Description = "Subtopik untuk soal yang sumbernya tidak menyebut subtopik (mis. nasionalisme)" };
        var difficulty = new Option<string?>("--difficulty") { Description = "Tingkat kesulitan untuk soal yang sumbernya tidak menyebutnya: mudah, sedang, sulit" };
        difficulty.AcceptOnlyFromAmong("mudah", "sedang", "sulit");
        var skip = new Option<bool>("--skip-unsupported") { Description = "Impor soal yang dapat diimpor dan sebutkan yang dilewati (bawaan: satu soal bermasalah, tidak ada yang diimpor)" };
        var command = new Command("import", "Mengimpor bank soal dari paket QTI, Moodle XML atau templat Excel menjadi folder bank YAML yang lolos 'bank validate'.")
        {
            source, from, output, blueprint, code, title, subtest, subtopic, difficulty, skip,
        };
        command.SetAction(parse =>
        {
            Difficulty? level = parse.GetValue(difficulty) is { } d && BankLoader.TryDifficulty(d, out var v) ? v : null;
            var options = new ImportOptions(parse.GetValue(blueprint), parse.GetValue(code), parse.GetValue(title), parse.GetValue(subtest), parse.GetValue(subtopic), level, parse.GetValue(skip));
            var format = Enum.Parse<SourceFormat>(parse.GetValue(from)!, ignoreCase: true);
            var outDir = parse.GetValue(output)!;
            var result = BankInterchange.Import(format, parse.GetValue(source)!, outDir, options, RulesCatalog.ForBank(outDir));
            return Report(result, outDir, options.SkipUnsupported, stdout, stderr);
        });
        return command;
    }

    public static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var to = new Option<string>("--to") { Description = "Format tujuan: qti3 (paket QTI 3.0; .zip atau folder), moodle (Moodle XML), xlsx (templat Excel; gambar ditulis ke folder gambar/ di sampingnya)", Required = true };
        to.AcceptOnlyFromAmong("qti3", "moodle", "xlsx");
        var dir = new Argument<string>("dir") { Description = "Folder bank soal (berisi bank.yaml)" };
        var output = new Option<string>("--out") { Description = "Berkas atau folder tujuan (belum ada)", Required = true };
        var command = new Command("export", "Mengekspor bank soal ke QTI 3.0, Moodle XML atau Excel; impor hasilnya memberi bank yang sama (sidik ternormalisasi sama).")
        {
            dir, to, output,
        };
        command.SetAction(parse =>
        {
            var bankDir = parse.GetValue(dir)!;
            var target = parse.GetValue(output)!;
            var result = BankInterchange.Export(Enum.Parse<TargetFormat>(parse.GetValue(to)!, ignoreCase: true), bankDir, target, RulesCatalog.ForBank(bankDir));
            if (result.Errors.Count > 0)
            {
                CommandLine.Report(stderr, result.Errors);
                stderr.WriteLine($"{result.Errors.Count} masalah; tidak ada yang diekspor.");
                return 1;
            }
            stdout.WriteLine($"diekspor {result.Items} soal ke {target}; sidik bank ternormalisasi sha256 {result.NormalHash}");
            return 0;
        });
        return command;
    }

    private static int Report(ImportResult result, string outDir, bool skip, TextWriter stdout, TextWriter stderr)
    {
        foreach (var item in result.Unsupported)
        {
            (result.Bank is null ? stderr : stdout).WriteLine($"{(skip && result.Bank is not null ? "dilewati" : "tidak didukung")}: {item}");
        }
        if (result.Bank is not { } bank)
        {
            CommandLine.Report(stderr, result.Errors);
            stderr.WriteLine($"tidak ada yang diimpor; {outDir} tidak ditulis.");
            return 1;
        }
        foreach (var note in result.Notes)
        {
            stdout.WriteLine($"catatan: {note}");
        }
        // in the blueprint's order, as 'bank validate' prints them
        var order = RulesCatalog.ForBank(outDir).Blueprint(bank.BlueprintCode)?.Subtests.Select(s => s.Code).ToList() ?? [];
        var perSubtest = bank.Items.GroupBy(i => i.Subtest).OrderBy(g => order.IndexOf(g.Key)).Select(g => $"{g.Key} {g.Count()}");
        stdout.WriteLine($"diimpor {bank.Items.Count} soal ({string.Join(", ", perSubtest)}), gambar {bank.Images.Count}{(result.Unsupported.Count > 0 ? $", dilewati {result.Unsupported.Count}" : "")}; bank {bank.Code} (kisi-kisi {bank.BlueprintCode}) di {outDir} sha256 {bank.Hash}");
        return 0;
    }
}
