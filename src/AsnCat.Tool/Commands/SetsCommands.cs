using System.CommandLine;
using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>sets generate</c>: every candidate's question set and the session's exposure report,
/// so an auditor with the bank and the seed can regenerate exactly what each candidate saw.
/// </summary>
internal static class SetsCommands
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var bank = new Option<DirectoryInfo>("--bank") { Description = "Folder bank soal", Required = true };
        var blueprint = new Option<string>("--blueprint") { Description = "Kode kisi-kisi (mis. skd)", Required = true };
        var seed = new Option<string>("--seed") { Description = "Seed sesi ujian", Required = true };
        var participants = new Option<string>("--participants") { Description = "Jumlah peserta (nomor 000001, 000002, ...) atau berkas berisi satu nomor peserta per baris", Required = true };
        var generate = new Command("generate", "Membuat perangkat soal setiap peserta: '<nomor peserta>\\t<id>:<urutan opsi> ...', lalu laporan keterpaparan soal.");
        generate.Options.Add(bank);
        generate.Options.Add(blueprint);
        generate.Options.Add(seed);
        generate.Options.Add(participants);
        generate.SetAction(parse => Generate(parse.GetValue(bank)!.ToString(), parse.GetValue(blueprint)!, parse.GetValue(seed)!, parse.GetValue(participants)!, stdout, stderr));
        var sets = new Command("sets", "Perangkat soal peserta");
        sets.Subcommands.Add(generate);
        return sets;
    }

    internal static int Generate(string bankDir, string blueprintCode, string seed, string participantsArg, TextWriter stdout, TextWriter stderr)
    {
        var catalog = RulesCatalog.ForBank(bankDir);
        var loaded = BankLoader.Load(bankDir, catalog.Blueprint);
        var blueprint = catalog.Blueprint(blueprintCode);
        if (loaded.Bank is null || blueprint is null)
        {
            CommandLine.Report(stderr, catalog.Errors.Concat(loaded.Errors));
            if (blueprint is null)
            {
                stderr.WriteLine($"kisi-kisi '{blueprintCode}' tidak ditemukan di {Path.Combine(catalog.Root, "blueprints")}");
            }
            return 1;
        }
        var numbers = Participants(participantsArg, stderr);
        if (numbers is null)
        {
            return 1;
        }
        ItemPool pool;
        try
        {
            pool = loaded.Bank.ToPool(blueprint);
        }
        catch (BankShortageException e)
        {
            foreach (var s in e.Shortages)
            {
                stderr.WriteLine($"bank {loaded.Bank.Code} tidak cukup untuk kisi-kisi {blueprint.Code}: {s}");
            }
            return 1;
        }
        Write(pool, loaded.Bank.Code, seed, numbers, stdout);
        return 0;
    }

    /// <summary>The generator's output; byte-identical for the same inputs.</summary>
    internal static void Write(ItemPool pool, string bankCode, string seed, IReadOnlyList<string> participants, TextWriter stdout)
    {
        var exposure = new ExposureReport(pool);
        stdout.Write($"# asncat-sets v1\n# bank {bankCode} sha256 {pool.BankHash}\n# blueprint {pool.Blueprint.Code}\n# seed {seed}\n# participants {participants.Count}\n");
        foreach (var p in participants)
        {
            var set = pool.Draw(seed, p);
            exposure.Add(set);
            stdout.Write(p);
            stdout.Write('\t');
            stdout.Write(set.ToText(pool));
            stdout.Write('\n');
        }
        stdout.Write("# exposure: subtest subtopic difficulty take/available uses min max ideal\n");
        foreach (var c in exposure.Cells())
        {
            stdout.Write(string.Create(CultureInfo.InvariantCulture,
                $"# exposure {c.Subtest} {c.Subtopic} {c.Difficulty.ToString().ToLowerInvariant()} {c.Take}/{c.Available} uses {c.MinUses} {c.MaxUses} {c.IdealUses:F1}\n"));
        }
        var cells = exposure.Cells().ToList();
        if (cells.Count > 0)
        {
            stdout.Write(string.Create(CultureInfo.InvariantCulture,
                $"# exposure all items: min {cells.Min(c => c.MinUses)} max {cells.Max(c => c.MaxUses)} uses over {participants.Count} sets\n"));
        }
    }

    private static List<string>? Participants(string arg, TextWriter stderr)
    {
        if (int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            var width = Math.Max(6, count.ToString(CultureInfo.InvariantCulture).Length);
            return Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')).ToList();
        }
        if (!File.Exists(arg))
        {
            stderr.WriteLine($"--participants '{arg}': bukan jumlah dan bukan berkas yang ada");
            return null;
        }
        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var raw in File.ReadLines(arg))
        {
            line++;
            var p = raw.Trim();
            if (p.Length == 0 || p.StartsWith('#'))
            {
                continue;
            }
            if (!seen.Add(p))
            {
                stderr.WriteLine($"{arg}:{line}: nomor peserta '{p}' ganda");
                return null;
            }
            list.Add(p);
        }
        return list;
    }
}
