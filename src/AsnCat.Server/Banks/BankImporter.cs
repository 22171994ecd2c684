using System.Security.Cryptography;
using System.Text;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <param name="BankVersionId">The stored version.</param>
/// <param name="Created">False when a version with the same hash was already there.</param>
public sealed record BankImportResult(int BankVersionId, bool Created);

/// <summary>
/// Stores a validated bank as a new bank version: items with their keys, images and the
/// blueprint it was validated against, all or nothing. A bank is named by its content hash,
/// so importing the same bank again returns the version already stored. On failure the
/// context's change tracker is cleared, so the context can be used again.
/// </summary>
public sealed class BankImporter(AsnCatDb db, TimeProvider time)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<BankImportResult> ImportAsync(QuestionBank bank, Blueprint blueprint, string blueprintYaml, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(blueprintYaml);
        if (bank.BlueprintCode != blueprint.Code)
        {
            throw new ArgumentException($"bank {bank.Code} memakai kisi-kisi {bank.BlueprintCode}, bukan {blueprint.Code}", nameof(blueprint));
        }
        CheckImages(bank);
        if (await FindAsync(bank.Hash, ct) is { } existing)
        {
            return new BankImportResult(existing, false);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var version = new BankVersion
            {
                Code = bank.Code,
                Title = bank.Title,
                BlueprintCode = blueprint.Code,
                BlueprintSnapshot = await SnapshotAsync(blueprint.Code, blueprintYaml, ct),
                Hash = bank.Hash,
                ImportedAt = time.GetUtcNow(),
                ItemCount = bank.Items.Count,
            };
            version.Items.AddRange(bank.Items.Select((item, ordinal) => ToEntity(item, ordinal)));
            version.Images.AddRange(bank.Images.Select(image => new BankImage
            {
                Path = image.Key,
                ContentType = ContentTypes.TryGetContentType(image.Key, out var type) ? type : "application/octet-stream",
                Bytes = image.Value,
            }));
            db.BankVersions.Add(version);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new BankImportResult(version.Id, true);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // Another import of the same bank may have won the race on the unique hash.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await FindAsync(bank.Hash, ct) is { } raced)
            {
                return new BankImportResult(raced, false);
            }
            throw;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task<int?> FindAsync(string hash, CancellationToken ct) =>
        await db.BankVersions.Where(v => v.Hash == hash).Select(v => (int?)v.Id).FirstOrDefaultAsync(ct);

    private async Task<BlueprintSnapshot> SnapshotAsync(string code, string yaml, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        return await db.BlueprintSnapshots.FirstOrDefaultAsync(b => b.Hash == hash, ct)
            ?? new BlueprintSnapshot { Code = code, Hash = hash, Yaml = yaml };
    }

    private static Data.BankItem ToEntity(Tool.Banks.BankItem item, int ordinal) => new()
    {
        Ordinal = ordinal,
        ItemId = item.Id,
        Subtest = item.Subtest,
        Subtopic = item.Subtopic,
        Difficulty = item.Difficulty,
        Content = new ItemContent(item.Stem, item.Table, item.Image, item.Options),
        Answer = item.Answer,
        Weights = item.Weights?.ToArray(),
        Explanation = item.Explanation,
        SourceFile = item.SourceFile,
        Line = item.Line,
    };

    // BankLoader guarantees this; a bank built another way must not store a dangling image reference.
    private static void CheckImages(QuestionBank bank)
    {
        var missing = bank.Items
            .SelectMany(i => i.Options.Select(o => o.Image).Prepend(i.Image).OfType<ImageRef>().Select(r => (i.Id, r.File)))
            .Where(r => !bank.Images.ContainsKey(r.File))
            .Select(r => $"{r.Id}: {r.File}")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"bank {bank.Code}: gambar tidak ada di bank: {string.Join(", ", missing)}");
        }
    }
}
