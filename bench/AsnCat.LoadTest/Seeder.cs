using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest;

/// <summary>
/// Seeds one exam session on the imported sample bank straight into the running server's SQLite
/// file through the server's own <see cref="SessionSeeder"/>: already Running, its attempts
/// Waiting, PINs stored the way the server stores them (HMAC under the key file this run wrote).
/// The server starts each attempt (draws its set, sets its deadline) at login, exactly as for a
/// terminal that logs in after the start.
/// </summary>
public static class Seeder
{
    public static async Task<SeededSession> SeedAsync(string connectionString, Secrets secrets, int count, TimeProvider time, CancellationToken ct, string tag = "LOAD")
    {
        ArgumentNullException.ThrowIfNull(time);
        await using var db = new AsnCatDb(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connectionString).Options);
        var now = time.GetUtcNow();
        var code = tag + "-" + now.ToString("HHmmss", CultureInfo.InvariantCulture);
        return await SessionSeeder.SeedRunningAsync(db, secrets, new SessionSpec
        {
            Code = code,
            Formation = SessionSpec.TestFormation(code, "Instansi Uji Beban"),
            Candidates = SessionSpec.Crowd(code, count, digits: 6),
            StartsAt = now,
            Venue = "Uji beban (loopback)",
        }, ct);
    }

    /// <summary>
    /// An admin account with a password already chosen (the soak run reads <c>/api/admin/runtime</c>
    /// with it), written as Identity writes one: the server created the roles at start.
    /// </summary>
    public static async Task SeedAdminAsync(string connectionString, string userName, string password, CancellationToken ct)
    {
        await using var db = new AsnCatDb(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connectionString).Options);
        await SeedAdminAsync(db, userName, password, ct);
    }

    /// <summary>The same admin in any of the server's databases (the centre's PostgreSQL too).</summary>
    public static async Task SeedAdminAsync(AsnCatDb db, string userName, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var user = new StaffUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = "Uji beban",
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        };
        user.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(user, password);
        db.Users.Add(user);
        var role = await db.Roles.SingleAsync(r => r.Name == StaffRoles.Admin, ct);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        await db.SaveChangesAsync(ct);
    }
}
