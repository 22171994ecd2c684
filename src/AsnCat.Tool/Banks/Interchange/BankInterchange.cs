using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>The formats a bank is imported from.</summary>
public enum SourceFormat
{
    Qti,
    Moodle,
    Xlsx,
}

/// <summary>The formats a bank is exported to.</summary>
public enum TargetFormat
{
    Qti3,
    Moodle,
    Xlsx,
}

/// <summary>
/// What an import did. <see cref="Bank"/> is the bank written (validated by <see cref="BankLoader"/>,
/// as <c>bank validate</c> does), null when nothing was written; <see cref="Unsupported"/> lists every
/// item not imported with its reason; <see cref="Errors"/> why nothing was written; <see cref="Notes"/>
/// what the user should know about a bank that was written (a blueprint it does not fill yet).
/// </summary>
public sealed record ImportResult(QuestionBank? Bank, IReadOnlyList<Unsupported> Unsupported, IReadOnlyList<FileError> Errors, IReadOnlyList<string> Notes);

/// <summary>What an export wrote: the item count and the bank's hash in normal form (an import of the export gives it back).</summary>
public sealed record ExportResult(int Items, string? NormalHash, IReadOnlyList<FileError> Errors);

/// <summary>
/// Bank import and export (<c>bank import</c>, <c>bank export</c>, and the console's upload): reads
/// a source safely, places its items in a blueprint, writes the bank folder only when everything
/// checked out, and writes a bank out in QTI 3.0, Moodle XML or Excel.
/// </summary>
public static class BankInterchange
{
    /// <summary>The largest input file (a package, an XML file, a workbook) taken at all.</summary>
    public const long MaxInputBytes = 100L * 1024 * 1024;

    public static ImportResult Import(SourceFormat format, string input, string outDir, ImportOptions options, RulesCatalog rules)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        var source = Path.GetFileName(Path.TrimEndingDirectorySeparator(input));
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            return Failed(new FileError(outDir, 1, "folder --out sudah berisi berkas; pilih folder baru atau kosong agar bank lain tidak tertimpa"));
        }
        var work = Path.Combine(Path.GetTempPath(), "asncat-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var read = Read(format, input, source, work);
            if (read.Refusals.Count > 0)
            {
                return Failed([.. read.Refusals]);
            }
            var blueprint = ChooseBlueprint(options.Blueprint ?? read.Bank.Blueprint, read.Items, rules, out var blueprintError);
            if (blueprint is null)
            {
                return Failed([new FileError(source, 1, blueprintError!), .. rules.Errors]);
            }
            var check = CheckOptions(options, blueprint, source);
            if (check is not null)
            {
                return Failed(check);
            }
            var (ready, unsupported) = DraftResolver.Resolve(read.Items, blueprint, options);
            unsupported.InsertRange(0, read.Unsupported);
            if (unsupported.Count > 0 && !options.SkipUnsupported)
            {
                return new ImportResult(null, unsupported, [new FileError(source, 1, $"{unsupported.Count} soal tidak dapat diimpor; tidak ada yang ditulis. " + (ready.Count == 0
                    ? "Tidak ada soal lain yang dapat diimpor; perbaiki sumbernya."
                    : $"Perbaiki sumbernya, atau pakai --skip-unsupported untuk mengimpor {ready.Count} soal lainnya."))], []);
            }
            if (ready.Count == 0)
            {
                return new ImportResult(null, unsupported, [new FileError(source, 1, "tidak ada soal yang dapat diimpor; tidak ada yang ditulis")], []);
            }
            var code = options.Code ?? read.Bank.Code ?? Slug(Path.GetFileNameWithoutExtension(source));
            var bank = new BankInfo(code, options.Title ?? read.Bank.Title ?? code, blueprint.Code);
            var written = Path.Combine(work, "bank");
            BankWriter.Write(written, bank, ready);
            var loaded = BankLoader.Load(written, rules.Blueprint);
            if (loaded.Bank is null)
            {
                return new ImportResult(null, unsupported, [.. loaded.Errors.Select(e => e with { Path = Path.GetRelativePath(written, e.Path) })], []);
            }
            Copy(written, outDir);
            var result = BankLoader.Load(outDir, rules.Blueprint);
            return new ImportResult(result.Bank, unsupported, result.Errors, Shortages(result.Bank, blueprint));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static ExportResult Export(TargetFormat format, string bankDir, string target, RulesCatalog rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var loaded = BankLoader.Load(bankDir, rules.Blueprint);
        if (loaded.Bank is not { } bank)
        {
            return new ExportResult(0, null, [.. rules.Errors, .. loaded.Errors]);
        }
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            return new ExportResult(0, null, [new FileError(target, 1, "tujuan --out sudah ada; pilih nama baru agar berkas lain tidak tertimpa")]);
        }
        var info = new BankInfo(bank.Code, bank.Title, bank.BlueprintCode);
        var items = bank.Items.Select(i => ReadyItem.From(i, bank.Images)).ToList();
        try
        {
            switch (format)
            {
                case TargetFormat.Qti3:
                    QtiExport.Write(target, info, items);
                    break;
                case TargetFormat.Moodle:
                    MoodleExport.Document(info, rules.Blueprint(bank.BlueprintCode)!, items).Save(target);
                    break;
                case TargetFormat.Xlsx:
                    XlsxExport.Write(target, info, items);
                    break;
            }
        }
        catch (InvalidOperationException e)
        {
            return new ExportResult(0, null, [new FileError(bankDir, 1, e.Message)]);
        }
        return new ExportResult(items.Count, BankWriter.NormalHash(info, items), []);
    }

    /// <summary>A loaded bank's hash in the normal form that imports write.</summary>
    public static string NormalHash(QuestionBank bank)
    {
        ArgumentNullException.ThrowIfNull(bank);
        return BankWriter.NormalHash(new BankInfo(bank.Code, bank.Title, bank.BlueprintCode), [.. bank.Items.Select(i => ReadyItem.From(i, bank.Images))]);
    }

    private static SourceRead Read(SourceFormat format, string input, string source, string work)
    {
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            return SourceRead.Refused([new FileError(input, 1, "berkas atau folder sumber tidak ditemukan")]);
        }
        if (File.Exists(input) && new FileInfo(input).Length > MaxInputBytes)
        {
            return SourceRead.Refused([new FileError(source, 1, $"{SafeXml.TooLarge}: paling besar {MaxInputBytes / (1024 * 1024)} MB")]);
        }
        var folder = input;
        if (File.Exists(input) && (format == SourceFormat.Qti || input.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)))
        {
            var errors = new List<FileError>();
            folder = Path.Combine(work, "sumber");
            Directory.CreateDirectory(folder);
            BankArchive.Extract(input, folder, source, errors);
            if (errors.Count > 0)
            {
                return SourceRead.Refused(errors);
            }
        }
        if (format == SourceFormat.Qti)
        {
            return QtiImport.Read(Path.GetFullPath(folder), source);
        }
        var extension = format == SourceFormat.Moodle ? ".xml" : ".xlsx";
        var file = input;
        if (Directory.Exists(folder))
        {
            var found = Directory.GetFiles(folder, "*" + extension, SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
            if (found.Count != 1)
            {
                return SourceRead.Refused([new FileError(source, 1, $"harus berisi tepat satu berkas {extension}, ditemukan {found.Count}")]);
            }
            file = found[0];
        }
        return format == SourceFormat.Moodle ? MoodleImport.Read(file, source) : XlsxImport.Read(file, source);
    }

    private static Blueprint? ChooseBlueprint(string? code, IReadOnlyList<DraftItem> items, RulesCatalog rules, out string? error)
    {
        error = null;
        if (code is not null)
        {
            var named = rules.Blueprint(code);
            error = named is null ? $"kisi-kisi '{code}' tidak dikenal (berkas blueprints/{code}.yaml di {rules.Root})" : null;
            return named;
        }
        var folder = Path.Combine(rules.Root, "blueprints");
        var codes = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList() : [];
        var named2 = items.Select(i => i.Subtest).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var fits = codes.Select(c => rules.Blueprint(c!)).OfType<Blueprint>()
            .Where(b => named2.Count > 0 && named2.All(s => b.Subtests.Any(t => string.Equals(t.Code, s, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var chosen = fits.Count == 1 ? fits[0] : rules.Blueprint("skd");
        error = chosen is null ? "kisi-kisi tidak dapat ditentukan; beri --blueprint" : null;
        return chosen;
    }

    private static FileError? CheckOptions(ImportOptions options, Blueprint blueprint, string source)
    {
        var subtest = options.Subtest is null ? null : blueprint.Subtests.FirstOrDefault(s => string.Equals(s.Code, options.Subtest, StringComparison.OrdinalIgnoreCase));
        if (options.Subtest is not null && subtest is null)
        {
            return new FileError(source, 1, $"--subtest '{options.Subtest}' tidak ada di kisi-kisi {blueprint.Code} ({string.Join(", ", blueprint.Subtests.Select(s => s.Code))})");
        }
        if (options.Subtopic is not null && !blueprint.Subtests.Where(s => subtest is null || s == subtest).Any(s => s.SubtopicIndex(options.Subtopic) >= 0))
        {
            return new FileError(source, 1, $"--subtopic '{options.Subtopic}' tidak ada di {(subtest is null ? $"kisi-kisi {blueprint.Code}" : $"subtes {subtest.Code}")}");
        }
        if (options.Code is not null && !BankLoader.IdPattern().IsMatch(options.Code))
        {
            return new FileError(source, 1, $"--code '{options.Code}' hanya boleh huruf, angka, '.', '_' dan '-'");
        }
        return null;
    }

    private static List<string> Shortages(QuestionBank? bank, Blueprint blueprint)
    {
        try
        {
            bank?.ToPool(blueprint);
            return [];
        }
        catch (BankShortageException e)
        {
            return [.. e.Shortages.Select(s => $"kisi-kisi {blueprint.Code} belum terpenuhi: {s} (bank belum dapat dipakai sesi ujian; gabungkan dengan soal lain)")];
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Slug(string name)
    {
        var slug = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-', '.', '_');
        return slug.Length == 0 ? "bank-impor" : slug;
    }

    private static ImportResult Failed(params FileError[] errors) => new(null, [], errors, []);
}
