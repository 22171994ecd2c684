using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <summary>Rules about stored bank versions that other areas apply.</summary>
public static class BankVersions
{
    /// <summary>
    /// Locks a bank version for good: from then on the database's triggers refuse any change to it,
    /// its items or its images. Call it when an exam session starts using the version, on the same
    /// context (and inside the same transaction) that stores the session. Locking an already locked
    /// version is a no-op (the lock triggers refuse even an update that changes nothing, so only an
    /// unlocked row is touched).
    /// </summary>
    /// <returns>False when no version has that id.</returns>
    public static async Task<bool> LockAsync(AsnCatDb db, int bankVersionId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var locked = await db.BankVersions
            .Where(v => v.Id == bankVersionId && !v.Locked)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Locked, true), ct);
        return locked > 0 || await db.BankVersions.AnyAsync(v => v.Id == bankVersionId, ct);
    }
}
