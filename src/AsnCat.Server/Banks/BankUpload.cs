using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <summary>A bank that passed every check: what it holds and, once stored, which version it is.</summary>
/// <param name="Id">The stored version; for a check alone, the version already holding this exact bank (or null).</param>
/// <param name="Created">True only when this upload stored a new version.</param>
/// <param name="ItemsPerSubtest">Item count per subtest, in the blueprint's order.</param>
/// <param name="Skipped">Items of a QTI, Moodle XML or Excel upload left out (with --skip-unsupported), one "id: reason" each.</param>
public sealed record BankSummary(
    int? Id,
    bool Created,
    string Code,
    string Title,
    string Blueprint,
    string Hash,
    int ItemCount,
    IReadOnlyDictionary<string, int> ItemsPerSubtest,
    int ImageCount,
    IReadOnlyList<string>? Skipped = null);

/// <summary>
/// Either a bank (<see cref="Bank"/>) or why not (<see cref="Errors"/>, paths relative to the bank folder).
/// For a QTI, Moodle XML or Excel upload, <see cref="Unsupported"/> lists the items not imported (or
/// skipped) with their reasons, and <see cref="Notes"/> what else the committee should know.
/// </summary>
public sealed record BankUploadResult(BankSummary? Bank, IReadOnlyList<FileError> Errors, IReadOnlyList<Unsupported>? Unsupported = null)
{
    public IReadOnlyList<Unsupported> Skipped => Unsupported ?? [];

    public bool Succeeded => Bank is not null;
}

/// <summary>
/// Takes a bank folder uploaded as a .zip (the folder at the archive's root or inside one top-level
/// folder), or a QTI package, Moodle XML or Excel sheet that <see cref="BankInterchange"/> turns into
/// one, unpacks it safely (<see cref="BankArchive"/>) into a fresh temporary folder, validates it
/// with the same loader and blueprints as <c>asncat bank validate</c>, and imports it with
/// <see cref="BankImporter"/>. Errors read <c>path:line: message</c> with paths relative to the bank
/// folder, never the temporary one, which is always deleted.
/// </summary>
public sealed partial class BankUpload(IDbContextFactory<AsnCatDb> dbFactory, RulesCatalog rules, TimeProvider time, ILogger<BankUpload> logger, BankSources? sources = null)
{
    /// <summary>The largest archive accepted (compressed).</summary>
    public const long MaxArchiveBytes = 100L * 1024 * 1024;

    private const string DefaultName = "arsip.zip";

    /// <summary>Where the temporary folders are made (tests point it at their own folder).</summary>
    internal string TempRoot { get; init; } = Path.GetTempPath();

    /// <summary>Checks the archive; stores nothing.</summary>
    public Task<BankUploadResult> ValidateAsync(Stream archive, string? fileName, CancellationToken ct = default) =>
        ValidateAsync(archive, fileName, null, new ImportOptions(), ct);

    /// <summary>Checks the upload (a bank .zip when <paramref name="format"/> is null, else a source of that format); stores nothing.</summary>
    public async Task<BankUploadResult> ValidateAsync(Stream upload, string? fileName, SourceFormat? format, ImportOptions options, CancellationToken ct = default)
    {
        var name = ArchiveName(fileName, format);
        var result = await RunAsync(upload, name, Prepare(format, options), async (db, bank, _, _) =>
        {
            var existing = await db.BankVersions.AsNoTracking().Where(v => v.Hash == bank.Hash).Select(v => (int?)v.Id).FirstOrDefaultAsync(ct);
            return (existing, false);
        }, ct);
        LogChecked(logger, name, result.Bank?.Hash, result.Errors.Count);
        return result;
    }

    /// <summary>Checks and stores the archive as a bank version (or finds the identical one stored before); audits either way.</summary>
    public Task<BankUploadResult> ImportAsync(Stream archive, string? fileName, string actor, string? address, CancellationToken ct = default) =>
        ImportAsync(archive, fileName, null, new ImportOptions(), actor, address, ct);

    /// <summary>Checks and stores the upload (a bank .zip, or a source of <paramref name="format"/>); audits either way.</summary>
    public async Task<BankUploadResult> ImportAsync(Stream upload, string? fileName, SourceFormat? format, ImportOptions options, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = ArchiveName(fileName, format);
        var result = await RunAsync(upload, name, Prepare(format, options), async (db, bank, blueprint, yaml) =>
        {
            var stored = await new BankImporter(db, time).ImportAsync(bank, blueprint, yaml, ct);
            return ((int?)stored.BankVersionId, stored.Created);
        }, ct);
        var from = format?.ToString().ToLowerInvariant() ?? "zip";
        await using var auditDb = await dbFactory.CreateDbContextAsync(ct);
        auditDb.AuditEntries.Add(result.Bank is { } b
            ? Audit(AuditActions.Bank.Imported, actor, address, $"bank:{b.Code}", new { file = name, from, version = b.Id, b.Hash, items = b.ItemCount, images = b.ImageCount, skipped = result.Skipped.Select(u => u.ToString()), result = b.Created ? "stored" : "already-stored" })
            : Audit(AuditActions.Bank.Rejected, actor, address, null, new { file = name, from, problems = result.Errors.Count, unsupported = result.Skipped.Count, first = result.Errors.Take(20).Select(e => e.ToString()) }));
        await auditDb.SaveChangesAsync(ct);
        if (result.Bank is { } bank)
        {
            LogImported(logger, name, bank.Code, bank.Hash, bank.Id, bank.Created, actor);
        }
        else
        {
            LogRejected(logger, name, result.Errors.Count, actor);
        }
        return result;
    }

    /// <summary>Turns the saved upload into a bank folder: unpacks a bank .zip, or imports a source of <paramref name="format"/>.</summary>
    private Func<string, string, string, List<FileError>, (string? Dir, IReadOnlyList<Unsupported> Unsupported)> Prepare(SourceFormat? format, ImportOptions options) =>
        (work, upload, name, errors) =>
        {
            if (format is not { } from)
            {
                var unpacked = Path.Combine(work, "bank");
                Directory.CreateDirectory(unpacked);
                BankArchive.Extract(upload, unpacked, name, errors);
                return (errors.Count == 0 ? FindBankFolder(unpacked, name, errors) : null, []);
            }
            var imported = BankInterchange.Import(from, upload, Path.Combine(work, "bank"), options, rules);
            errors.AddRange(imported.Errors.Select(e => e with { Path = Path.GetFileName(e.Path) }));
            return (imported.Bank is null ? null : Path.Combine(work, "bank"), imported.Unsupported);
        };

    private async Task<BankUploadResult> RunAsync(Stream archive, string name, Func<string, string, string, List<FileError>, (string? Dir, IReadOnlyList<Unsupported> Unsupported)> prepare, Func<AsnCatDb, QuestionBank, Blueprint, string, Task<(int? Id, bool Created)>> store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var work = Path.Combine(TempRoot, "asncat-bank-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var errors = new List<FileError>();
            // the upload keeps its name (its extension tells a .zip from an .xml or .xlsx)
            var uploadPath = Path.Combine(work, "upload", name);
            Directory.CreateDirectory(Path.GetDirectoryName(uploadPath)!);
            if (!await CopyAsync(archive, uploadPath, ct))
            {
                errors.Add(new FileError(name, 1, $"arsip lebih dari {MaxArchiveBytes / (1024 * 1024)} MB"));
                return new BankUploadResult(null, errors);
            }
            var (dir, unsupported) = prepare(work, uploadPath, name, errors);
            if (dir is null)
            {
                return new BankUploadResult(null, errors, unsupported);
            }
            var loaded = BankLoader.Load(dir, rules.Blueprint);
            errors.AddRange(loaded.Errors.Select(e => Relative(e, dir)));
            if (loaded.Bank is not { } bank || errors.Count > 0)
            {
                return new BankUploadResult(null, errors, unsupported);
            }
            var blueprint = rules.Blueprint(bank.BlueprintCode)!;
            try
            {
                bank.ToPool(blueprint);
            }
            catch (BankShortageException e)
            {
                errors.AddRange(e.Shortages.Select(s => new FileError(BankLoader.Manifest, 1, $"kisi-kisi {blueprint.Code} tidak terpenuhi: {s}")));
                return new BankUploadResult(null, errors, unsupported);
            }
            var yaml = await File.ReadAllTextAsync(Path.Combine(rules.Root, "blueprints", blueprint.Code + ".yaml"), ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var (id, created) = await store(db, bank, blueprint, yaml);
            if (id is not null && sources is not null)
            {
                await sources.KeepAsync(bank.Hash, dir, ct);
            }
            var perSubtest = blueprint.Subtests.ToDictionary(s => s.Code, s => bank.Items.Count(i => i.Subtest == s.Code), StringComparer.Ordinal);
            return new BankUploadResult(new BankSummary(id, created, bank.Code, bank.Title, bank.BlueprintCode, bank.Hash, bank.Items.Count, perSubtest, bank.Images.Count, [.. unsupported.Select(u => u.ToString())]), [], unsupported);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogCleanupFailed(logger, e, work);
            }
        }
    }

    /// <summary>Copies at most <see cref="MaxArchiveBytes"/>; false when the stream holds more.</summary>
    private static async Task<bool> CopyAsync(Stream source, string path, CancellationToken ct)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxArchiveBytes)
            {
                return false;
            }
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return true;
    }

    /// <summary>The folder holding bank.yaml: the archive's root, or its only top-level folder.</summary>
    private static string? FindBankFolder(string unpacked, string name, List<FileError> errors)
    {
        if (File.Exists(Path.Combine(unpacked, BankLoader.Manifest)))
        {
            return unpacked;
        }
        static bool Visible(string path) => Path.GetFileName(path) is var n && !n.StartsWith('.') && n != "__MACOSX";
        var folders = Directory.GetDirectories(unpacked).Where(Visible).ToList();
        var files = Directory.GetFiles(unpacked).Where(Visible).ToList();
        if (folders.Count == 1 && files.Count == 0 && File.Exists(Path.Combine(folders[0], BankLoader.Manifest)))
        {
            return folders[0];
        }
        errors.Add(new FileError(name, 1, "bank.yaml tidak ditemukan: arsip harus berisi satu folder bank (bank.yaml di akar arsip atau di dalam satu folder teratas)"));
        return null;
    }

    /// <summary>The error with the temporary folder taken out of its path and message.</summary>
    private static FileError Relative(FileError error, string dir)
    {
        var prefix = dir + Path.DirectorySeparatorChar;
        var path = error.Path.StartsWith(prefix, StringComparison.Ordinal) ? error.Path[prefix.Length..] : Path.GetFileName(error.Path);
        return new FileError(path.Replace('\\', '/'), error.Line, error.Message.Replace(prefix, "", StringComparison.Ordinal));
    }

    private static string ArchiveName(string? fileName, SourceFormat? format) =>
        Path.GetFileName(fileName ?? "") is { Length: > 0 } n && !n.Any(char.IsControl) && n is not ("." or "..") ? n : format switch
        {
            SourceFormat.Moodle => "soal.xml",
            SourceFormat.Xlsx => "soal.xlsx",
            _ => DefaultName,
        };

    private AuditEntry Audit(string action, string actor, string? address, string? subject, object details) => new()
    {
        At = time.GetUtcNow(),
        Actor = actor,
        Address = address,
        Action = action,
        Subject = subject,
        Details = JsonSerializer.Serialize(details),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank upload {FileName} by {Actor}: bank {BankCode} sha256 {BankHash} is version {BankVersionId} (new: {Created})")]
    private static partial void LogImported(ILogger logger, string fileName, string bankCode, string bankHash, int? bankVersionId, bool created, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank upload {FileName} by {Actor} refused: {ErrorCount} problem(s)")]
    private static partial void LogRejected(ILogger logger, string fileName, int errorCount, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank check of {FileName}: sha256 {BankHash}, {ErrorCount} problem(s)")]
    private static partial void LogChecked(ILogger logger, string fileName, string? bankHash, int errorCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the temporary bank folder {Folder}")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string folder);
}
