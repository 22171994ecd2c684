using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest;

/// <summary>A seeded candidate: what a terminal types at login, and the attempt it lands on.</summary>
public sealed record Person(string ParticipantNumber, string Pin, int AttemptId);

/// <summary>
/// Seeds one exam session on the imported sample bank straight into the running server's SQLite
/// file (WAL lets a second connection write while the server is idle). PINs are stored the way
/// the server stores them (HMAC under the server's key file, which this run wrote). The session
/// is inserted already Running, its attempts Waiting: the server starts each attempt (draws its
/// set, sets its deadline) at login, exactly as for a terminal that logs in after the start.
/// </summary>
public static class Seeder
{
    public static async Task<(int SessionId, IReadOnlyList<Person> People)> SeedAsync(string connectionString, Secrets secrets, int count, TimeProvider time, CancellationToken ct, string tag = "LOAD")
    {
        var options = new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connectionString).Options;
        await using var db = new AsnCatDb(options);
        var bank = await db.BankVersions.AsNoTracking().OrderByDescending(b => b.Id).FirstAsync(ct);
        var now = time.GetUtcNow();
        var code = tag + "-" + now.ToString("HHmmss", CultureInfo.InvariantCulture);
        var formation = new Formation { Code = code, Agency = "Instansi Uji Beban", Position = "Analis", Location = "Jakarta", Quota = 1, Education = "S-1" };
        var session = new ExamSession
        {
            Code = code,
            Venue = "Uji beban (loopback)",
            TimeZone = "WIB",
            StartsAt = now,
            StartedAt = now,
            BlueprintCode = bank.BlueprintCode,
            BlueprintSnapshotId = bank.BlueprintSnapshotId,
            BankVersionId = bank.Id,
            ThresholdSetCode = "skd-2024",
            Seed = ExamSession.NewSeed(),
            State = SessionState.Running,
        };
        var pins = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 1; i <= count; i++)
        {
            var number = $"{code}-{i:D6}";
            var pin = Secrets.NewPin();
            pins[number] = pin;
            var candidate = new Candidate
            {
                ParticipantNumber = number,
                Name = $"Peserta Uji {i}",
                Nik = "3171" + i.ToString("D12", CultureInfo.InvariantCulture),
                BirthDate = new DateOnly(1999, 1, 1),
                Formation = formation,
                Category = CandidateCategory.Umum,
            };
            db.Attempts.Add(new Attempt { ExamSession = session, Candidate = candidate, State = AttemptState.Waiting, PinHash = secrets.HashPin(pin) });
        }
        await db.SaveChangesAsync(ct);
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == session.Id).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Candidate!.ParticipantNumber }).ToListAsync(ct);
        return (session.Id, attempts.Select(a => new Person(a.ParticipantNumber, pins[a.ParticipantNumber], a.Id)).ToList());
    }

    /// <summary>The session's code (what an observer watches).</summary>
    public static async Task<string> CodeAsync(string connectionString, int sessionId, CancellationToken ct)
    {
        await using var db = new AsnCatDb(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connectionString).Options);
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(ct);
    }

    /// <summary>
    /// An admin account with a password already chosen (the soak run reads <c>/api/admin/runtime</c>
    /// with it), written as Identity writes one: the server created the roles at start.
    /// </summary>
    public static async Task SeedAdminAsync(string connectionString, string userName, string password, CancellationToken ct)
    {
        await using var db = new AsnCatDb(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connectionString).Options);
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
