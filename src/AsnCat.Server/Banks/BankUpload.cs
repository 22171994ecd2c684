using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <summary>A bank that passed every check: what it holds and, once stored, which version it is.</summary>
/// <param name="Id">The stored version; for a check alone, the version already holding this exact bank (or null).</param>
/// <param name="Created">True only when this upload stored a new version.</param>
/// <param name="ItemsPerSubtest">Item count per subtest, in the blueprint's order.</param>
public sealed record BankSummary(
    int? Id,
    bool Created,
    string Code,
    string Title,
    string Blueprint,
    string Hash,
    int ItemCount,
    IReadOnlyDictionary<string, int> ItemsPerSubtest,
    int ImageCount);

/// <summary>Either a bank (<see cref="Bank"/>) or why not (<see cref="Errors"/>, paths relative to the bank folder).</summary>
public sealed record BankUploadResult(BankSummary? Bank, IReadOnlyList<FileError> Errors)
{
    public bool Succeeded => Bank is not null;
}

/// <summary>
/// Takes a bank folder uploaded as a .zip (the folder at the archive's root or inside one top-level
/// folder), unpacks it safely (<see cref="BankArchive"/>) into a fresh temporary folder, validates it
/// with the same loader and blueprints as <c>asncat bank validate</c>, and imports it with
/// <see cref="BankImporter"/>. Errors read <c>path:line: message</c> with paths relative to the bank
/// folder, never the temporary one, which is always deleted.
/// </summary>
public sealed partial class BankUpload(IDbContextFactory<AsnCatDb> dbFactory, RulesCatalog rules, TimeProvider time, ILogger<BankUpload> logger)
{
    /// <summary>The largest archive accepted (compressed).</summary>
    public const long MaxArchiveBytes = 100L * 1024 * 1024;

    private const string DefaultName = "arsip.zip";

    /// <summary>Where the temporary folders are made (tests point it at their own folder).</summary>
    internal string TempRoot { get; init; } = Path.GetTempPath();

    /// <summary>Checks the archive; stores nothing.</summary>
    public async Task<BankUploadResult> ValidateAsync(Stream archive, string? fileName, CancellationToken ct = default)
    {
        var name = ArchiveName(fileName);
        var result = await RunAsync(archive, name, async (db, bank, _, _) =>
        {
            var existing = await db.BankVersions.AsNoTracking().Where(v => v.Hash == bank.Hash).Select(v => (int?)v.Id).FirstOrDefaultAsync(ct);
            return (existing, false);
        }, ct);
        LogChecked(logger, name, result.Bank?.Hash, result.Errors.Count);
        return result;
    }

    /// <summary>Checks and stores the archive as a bank version (or finds the identical one stored before); audits either way.</summary>
    public async Task<BankUploadResult> ImportAsync(Stream archive, string? fileName, string actor, string? address, CancellationToken ct = default)
    {
        var name = ArchiveName(fileName);
        var result = await RunAsync(archive, name, async (db, bank, blueprint, yaml) =>
        {
            var stored = await new BankImporter(db, time).ImportAsync(bank, blueprint, yaml, ct);
            return ((int?)stored.BankVersionId, stored.Created);
        }, ct);
        await using var auditDb = await dbFactory.CreateDbContextAsync(ct);
        auditDb.AuditEntries.Add(result.Bank is { } b
            ? Audit(AuditActions.Bank.Imported, actor, address, $"bank:{b.Code}", new { file = name, version = b.Id, b.Hash, items = b.ItemCount, images = b.ImageCount, result = b.Created ? "stored" : "already-stored" })
            : Audit(AuditActions.Bank.Rejected, actor, address, null, new { file = name, problems = result.Errors.Count, first = result.Errors.Take(20).Select(e => e.ToString()) }));
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

    private async Task<BankUploadResult> RunAsync(Stream archive, string name, Func<AsnCatDb, QuestionBank, Blueprint, string, Task<(int? Id, bool Created)>> store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var work = Path.Combine(TempRoot, "asncat-bank-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var errors = new List<FileError>();
            var zipPath = Path.Combine(work, "upload.zip");
            if (!await CopyAsync(archive, zipPath, ct))
            {
                errors.Add(new FileError(name, 1, $"arsip lebih dari {MaxArchiveBytes / (1024 * 1024)} MB"));
                return new BankUploadResult(null, errors);
            }
            var unpacked = Path.Combine(work, "bank");
            Directory.CreateDirectory(unpacked);
            BankArchive.Extract(zipPath, unpacked, name, errors);
            var dir = errors.Count == 0 ? FindBankFolder(unpacked, name, errors) : null;
            if (dir is null)
            {
                return new BankUploadResult(null, errors);
            }
            var loaded = BankLoader.Load(dir, rules.Blueprint);
            errors.AddRange(loaded.Errors.Select(e => Relative(e, dir)));
            if (loaded.Bank is not { } bank || errors.Count > 0)
            {
                return new BankUploadResult(null, errors);
            }
            var blueprint = rules.Blueprint(bank.BlueprintCode)!;
            try
            {
                bank.ToPool(blueprint);
            }
            catch (BankShortageException e)
            {
                errors.AddRange(e.Shortages.Select(s => new FileError(BankLoader.Manifest, 1, $"kisi-kisi {blueprint.Code} tidak terpenuhi: {s}")));
                return new BankUploadResult(null, errors);
            }
            var yaml = await File.ReadAllTextAsync(Path.Combine(rules.Root, "blueprints", blueprint.Code + ".yaml"), ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var (id, created) = await store(db, bank, blueprint, yaml);
            var perSubtest = blueprint.Subtests.ToDictionary(s => s.Code, s => bank.Items.Count(i => i.Subtest == s.Code), StringComparer.Ordinal);
            return new BankUploadResult(new BankSummary(id, created, bank.Code, bank.Title, bank.BlueprintCode, bank.Hash, bank.Items.Count, perSubtest, bank.Images.Count), []);
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

    private static string ArchiveName(string? fileName) =>
        Path.GetFileName(fileName ?? "") is { Length: > 0 } n && !n.Any(char.IsControl) ? n : DefaultName;

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
