using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <summary>A new bank version made from a stored one, or why not (<see cref="Errors"/>: nothing was stored).</summary>
/// <param name="BaseVersionId">The version the change was applied to: the newest of its bank code.</param>
public sealed record BankRevisionResult(int BaseVersionId, int? VersionId, string? Hash, IReadOnlyList<string> Errors)
{
    public bool Succeeded => VersionId is not null;
}

/// <summary>
/// Makes a new version of a stored bank with its items changed (an item retired or revised after an
/// item analysis). The change always starts from the newest version with the same bank code, so
/// successive changes add up; the versions before it, and above all those a session used (locked by
/// the database's triggers), are never touched. The changed bank is written as a bank folder
/// (<see cref="BankWriter"/>, as bank import writes one) and goes through the same loader, blueprint check and importer as
/// an upload, against the blueprint snapshot the base version was validated with.
/// </summary>
public sealed class BankRevisions(IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time, BankSources? sources = null)
{
    /// <summary>Where the temporary bank folders are made (tests point it at their own folder).</summary>
    internal string TempRoot { get; init; } = Path.GetTempPath();

    /// <summary>The newest stored version of the bank <paramref name="versionId"/> is a version of (itself when it is the newest); null when unknown.</summary>
    public async Task<int?> NewestOfAsync(int versionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var code = await db.BankVersions.Where(v => v.Id == versionId).Select(v => v.Code).FirstOrDefaultAsync(ct);
        return code is null ? null : await db.BankVersions.Where(v => v.Code == code).MaxAsync(v => (int?)v.Id, ct);
    }

    /// <param name="versionId">Any version of the bank; the change applies to the newest version of its code.</param>
    /// <param name="change">Changes the items in place; returns why it cannot (nothing is stored then) or null.</param>
    public async Task<BankRevisionResult> CreateAsync(int versionId, Func<List<Tool.Banks.BankItem>, string?> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var baseId = await NewestOfAsync(versionId, ct);
        if (baseId is not { } id)
        {
            return new BankRevisionResult(versionId, null, null, [$"versi bank {versionId} tidak ada."]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.BankVersions.AsNoTracking().Include(v => v.BlueprintSnapshot).SingleAsync(v => v.Id == id, ct);
        var items = (await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == id).OrderBy(i => i.Ordinal).ToListAsync(ct))
            .Select(ToTool).ToList();
        var images = await db.BankImages.AsNoTracking().Where(i => i.BankVersionId == id).ToDictionaryAsync(i => i.Path, i => i.Bytes, StringComparer.Ordinal, ct);
        if (change(items) is { } refused)
        {
            return new BankRevisionResult(id, null, null, [refused]);
        }

        var work = Path.Combine(TempRoot, "asncat-revision-" + Guid.NewGuid().ToString("N"));
        try
        {
            // only the images the items still show are written
            BankWriter.Write(work, new BankInfo(version.Code, version.Title, version.BlueprintCode), [.. items.Select(i => ReadyItem.From(i, images))]);
            var errors = new List<FileError>();
            var yaml = version.BlueprintSnapshot!.Yaml;
            var blueprint = RuleFiles.ParseBlueprint("kisi-kisi " + version.BlueprintCode, yaml, errors);
            var loaded = blueprint is null ? null : BankLoader.Load(work, code => code == blueprint.Code ? blueprint : null);
            errors.AddRange(loaded?.Errors ?? []);
            if (loaded?.Bank is not { } bank || errors.Count > 0)
            {
                return new BankRevisionResult(id, null, null, [.. errors.Select(e => Relative(e, work))]);
            }
            try
            {
                bank.ToPool(blueprint!);
            }
            catch (BankShortageException e)
            {
                return new BankRevisionResult(id, null, null, [.. e.Shortages.Select(s => $"kisi-kisi {blueprint!.Code} tidak lagi terpenuhi: {s}. Tambahkan soal pengganti di subtopik itu (unggah bank) sebelum memensiunkan soal ini.")]);
            }
            var stored = await new BankImporter(db, time).ImportAsync(bank, blueprint!, yaml, ct);
            if (sources is not null)
            {
                await sources.KeepAsync(bank.Hash, work, ct);
            }
            return stored.Created
                ? new BankRevisionResult(id, stored.BankVersionId, bank.Hash, [])
                : new BankRevisionResult(id, null, null, [$"bank dengan isi ini sudah tersimpan sebagai versi {stored.BankVersionId}; tidak ada versi baru."]);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static Tool.Banks.BankItem ToTool(Data.BankItem i) =>
        new(i.ItemId, i.Subtest, i.Subtopic, i.Difficulty, i.Content.Stem, i.Content.Table, i.Content.Image, i.Content.Options,
            i.Answer, i.Weights, i.Explanation, i.SourceFile, i.Line);

    private static string Relative(FileError e, string dir)
    {
        var prefix = dir + Path.DirectorySeparatorChar;
        var path = e.Path.StartsWith(prefix, StringComparison.Ordinal) ? e.Path[prefix.Length..] : e.Path;
        return new FileError(path, e.Line, e.Message.Replace(prefix, "", StringComparison.Ordinal)).ToString();
    }
}
