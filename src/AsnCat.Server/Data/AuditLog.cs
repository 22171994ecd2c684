using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Data;

/// <summary>
/// Writes one audit entry (an action of <see cref="AuditActions"/>) on its own context (outside the exam writer, which has
/// <c>Exam.WriterBatch.Audit</c>). The entry is unsealed until <c>Audit.AuditChain</c> chains it.
/// </summary>
public static class AuditLog
{
    /// <summary>The longest actor stored: a failed login records whatever was typed as the user name.</summary>
    public const int MaxActor = 200;

    public static async Task WriteAsync(
        IDbContextFactory<AsnCatDb> dbs, TimeProvider time, string actor, string? address, string action,
        string? subject = null, object? details = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(actor);
        AuditActions.Require(action);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor.Length > MaxActor ? actor[..MaxActor] : actor,
            Address = address,
            Action = action,
            Subject = subject,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A staff login by form or API: <c>staff.login</c>, or <c>staff.login_failed</c> with
    /// <c>{"reason":"wrong"|"locked"}</c>; the actor is the user name as typed. Not cancelled with
    /// the request: the sign-in has happened, so its record must be written.
    /// </summary>
    public static Task StaffLoginAsync(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, string userName, SignInResult result)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(result);
        var address = http.ClientAddress();
        return result.Succeeded
            ? WriteAsync(dbs, time, userName ?? "", address, AuditActions.Staff.Login)
            : WriteAsync(dbs, time, userName ?? "", address, AuditActions.Staff.LoginFailed, details: new { reason = result.IsLockedOut ? "locked" : "wrong" });
    }

    /// <summary>A staff logout (<c>staff.logout</c>), written before the cookie is dropped.</summary>
    public static Task StaffLogoutAsync(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return WriteAsync(dbs, time, http.User.Identity?.Name ?? "", http.ClientAddress(), AuditActions.Staff.Logout);
    }
}
