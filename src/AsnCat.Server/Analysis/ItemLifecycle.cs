using AsnCat.Scoring;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Analysis;

/// <summary>
/// An item as the revision form edits it, from the newest version of its bank: the stem, the option
/// texts (an option shown as an image keeps its image), and the key or the weights.
/// </summary>
public sealed record ItemDraft(int BaseVersionId, string ItemId, string Stem, IReadOnlyList<string?> Options, IReadOnlyList<bool> OptionImages, int? Key, IReadOnlyList<int>? Weights)
{
    public bool Weighted => Weights is not null;
}

/// <summary>The new bank version an action made, or why none was made (nothing stored then).</summary>
public sealed record LifecycleResult(int BaseVersionId, int? NewVersionId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => NewVersionId is not null;
}

/// <summary>
/// The committee's item life cycle after an analysis: retire an item, or revise its stem, options and
/// key or weights. Each action makes a NEW bank version from the newest version of the bank
/// (<see cref="BankRevisions"/>); the version a session used stays as it was, locked. Audited
/// (<see cref="AuditActions.Bank.ItemRetired"/>, <see cref="AuditActions.Bank.ItemRevised"/>) with
/// the reason, the versions and what changed. A refused action stores nothing.
/// </summary>
public sealed class ItemLifecycle(BankRevisions revisions, IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time)
{
    /// <summary>The item as it stands in the newest version of the bank of <paramref name="versionId"/>; null when it is not there (retired).</summary>
    public async Task<ItemDraft?> DraftAsync(int versionId, string itemId, CancellationToken ct = default)
    {
        if (await revisions.NewestOfAsync(versionId, ct) is not { } newest)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.BankItems.AsNoTracking().FirstOrDefaultAsync(i => i.BankVersionId == newest && i.ItemId == itemId, ct);
        return item is null ? null : new ItemDraft(newest, item.ItemId, item.Content.Stem, [.. item.Content.Options.Select(o => o.Text)],
            [.. item.Content.Options.Select(o => o.Image is not null)], item.Answer, item.Weights);
    }

    public async Task<LifecycleResult> RetireAsync(int versionId, string itemId, string reason, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (!SessionAdmin.ValidReason(reason))
        {
            return new LifecycleResult(versionId, null, [SessionAdmin.ReasonRequired]);
        }
        var result = await revisions.CreateAsync(versionId, items =>
        {
            var removed = items.RemoveAll(i => i.Id == itemId);
            return removed == 0 ? Gone(itemId) : null;
        }, ct);
        return await AuditAsync(result, AuditActions.Bank.ItemRetired, itemId, reason, actor, address, versionId, null, ct);
    }

    public async Task<LifecycleResult> ReviseAsync(int versionId, ItemDraft revision, string reason, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (!SessionAdmin.ValidReason(reason))
        {
            return new LifecycleResult(versionId, null, [SessionAdmin.ReasonRequired]);
        }
        var changed = new List<string>();
        var result = await revisions.CreateAsync(versionId, items =>
        {
            var at = items.FindIndex(i => i.Id == revision.ItemId);
            if (at < 0)
            {
                return Gone(revision.ItemId);
            }
            var item = items[at];
            if (Problem(item, revision) is { } problem)
            {
                return problem;
            }
            var options = item.Options.Select((o, k) => o with { Text = string.IsNullOrWhiteSpace(revision.Options[k]) ? null : revision.Options[k]!.Trim() }).ToList();
            var revised = item with { Stem = revision.Stem.Trim(), Options = options, Answer = revision.Key, Weights = revision.Weights };
            changed.AddRange(Changes(item, revised));
            if (changed.Count == 0)
            {
                return "Tidak ada yang berubah: ubah teks soal, opsi, kunci atau bobot, atau batalkan.";
            }
            items[at] = revised;
            return null;
        }, ct);
        return await AuditAsync(result, AuditActions.Bank.ItemRevised, revision.ItemId, reason, actor, address, versionId, changed, ct);
    }

    private static string Gone(string itemId) => $"Soal {itemId} tidak ada di versi terbaru bank ini (sudah dipensiunkan?). Muat ulang halaman.";

    /// <summary>What the form may not leave so: an empty stem, an empty text-only option, a key or weights of the wrong kind.</summary>
    private static string? Problem(Tool.Banks.BankItem item, ItemDraft revision)
    {
        if (string.IsNullOrWhiteSpace(revision.Stem))
        {
            return "Teks soal tidak boleh kosong.";
        }
        if (revision.Options.Count != Options.Count)
        {
            return "Opsi harus tepat A sampai E.";
        }
        for (var k = 0; k < Options.Count; k++)
        {
            if (string.IsNullOrWhiteSpace(revision.Options[k]) && item.Options[k].Image is null)
            {
                return $"Opsi {Options.Letter(k)} tidak boleh kosong.";
            }
        }
        if (item.Answer is not null && revision.Key is not (>= 0 and < Options.Count))
        {
            return "Pilih kunci jawaban A sampai E.";
        }
        if (item.Weights is not null && revision.Weights is not { Count: Options.Count })
        {
            return "Isi bobot untuk setiap opsi A sampai E.";
        }
        return (item.Answer is null) == (revision.Key is null) ? null : "Soal berbobot tidak memakai kunci, soal berkunci tidak memakai bobot.";
    }

    private static IEnumerable<string> Changes(Tool.Banks.BankItem before, Tool.Banks.BankItem after)
    {
        if (before.Stem != after.Stem)
        {
            yield return "teks soal";
        }
        for (var k = 0; k < Options.Count; k++)
        {
            if (before.Options[k].Text != after.Options[k].Text)
            {
                yield return $"opsi {Options.Letter(k)}";
            }
        }
        if (before.Answer != after.Answer)
        {
            yield return $"kunci {Letter(before.Answer)} menjadi {Letter(after.Answer)}";
        }
        if (before.Weights is { } bw && after.Weights is { } aw && !bw.SequenceEqual(aw))
        {
            yield return $"bobot {string.Join(",", bw)} menjadi {string.Join(",", aw)}";
        }
    }

    private static string Letter(int? option) => option is { } o ? Options.Letter(o).ToString() : "-";

    private async Task<LifecycleResult> AuditAsync(BankRevisionResult result, string action, string itemId, string reason, string actor, string? address,
        int analysedVersion, List<string>? changed, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            await AuditLog.WriteAsync(dbFactory, time, actor, address, action, $"bank_version:{result.VersionId}", new
            {
                item = itemId,
                reason = reason.Trim(),
                analysedVersion,
                baseVersion = result.BaseVersionId,
                newVersion = result.VersionId,
                hash = result.Hash,
                changed,
            }, ct);
        }
        return new LifecycleResult(result.BaseVersionId, result.VersionId, result.Errors);
    }
}
