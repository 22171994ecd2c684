using System.CommandLine;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Commands;

internal static class BankCommands
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Folder bank soal (berisi bank.yaml)" };
        var validate = new Command("validate", "Memeriksa bank soal: jumlah soal per subtes dan subtopik, atau satu baris 'path:line: pesan' per masalah.");
        validate.Arguments.Add(dir);
        validate.SetAction(parse => Validate(parse.GetValue(dir)!, stdout, stderr));
        var bank = new Command("bank", "Bank soal");
        bank.Subcommands.Add(validate);
        bank.Subcommands.Add(BankInterchangeCommands.Import(stdout, stderr));
        bank.Subcommands.Add(BankInterchangeCommands.Export(stdout, stderr));
        bank.Subcommands.Add(AnalyzeCommand.Build(stdout, stderr));
        return bank;
    }

    private static int Validate(DirectoryInfo dir, TextWriter stdout, TextWriter stderr)
    {
        var path = dir.ToString();
        var catalog = RulesCatalog.ForBank(path);
        var result = BankLoader.Load(path, catalog.Blueprint);
        var errors = catalog.Errors.Concat(result.Errors).ToList();
        if (result.Bank is null || errors.Count > 0)
        {
            CommandLine.Report(stderr, errors);
            stderr.WriteLine($"{errors.Count} masalah; tidak ada yang diimpor.");
            return 1;
        }
        var bank = result.Bank;
        var blueprint = catalog.Blueprint(bank.BlueprintCode)!;
        foreach (var subtest in blueprint.Subtests)
        {
            var items = bank.Items.Where(i => i.Subtest == subtest.Code).ToList();
            var topics = subtest.Subtopics.Select(t => $"{t.Code} {items.Count(i => i.Subtopic == t.Code)}");
            stdout.WriteLine($"{subtest.Code} {items.Count} ({string.Join(", ", topics)})");
        }
        stdout.WriteLine($"total {bank.Items.Count}; gambar {bank.Images.Count}; bank {bank.Code} sha256 {bank.Hash}");
        try
        {
            var pool = bank.ToPool(blueprint);
            var mix = blueprint.Subtests.Select((s, i) => $"{s.Code} {Enumerable.Range(0, s.Subtopics.Count).Min(t => Slack(pool, i, t))}x");
            stdout.WriteLine($"kisi-kisi {blueprint.Code} terpenuhi; cadangan terkecil per subtopik: {string.Join(", ", mix)}");
        }
        catch (Scoring.BankShortageException e)
        {
            foreach (var s in e.Shortages)
            {
                stderr.WriteLine($"{Path.Combine(path, BankLoader.Manifest)}:1: kisi-kisi {blueprint.Code} tidak terpenuhi: {s}");
            }
            return 1;
        }
        return 0;
    }

    // how many times over the bank holds a subtopic's quota (rounded down)
    private static int Slack(Scoring.ItemPool pool, int subtest, int topic)
    {
        var quota = pool.Blueprint.Subtests[subtest].Subtopics[topic].Items;
        var have = Enum.GetValues<Scoring.Difficulty>().Sum(d => pool.Available(subtest, topic, d));
        return quota == 0 ? int.MaxValue : have / quota;
    }
}
