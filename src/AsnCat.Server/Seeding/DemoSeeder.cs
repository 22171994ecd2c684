using Microsoft.Extensions.Options;
using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Seeding;

/// <summary>
/// Demo data so a newcomer can take an exam at once: on every start (when <c>Demo:Enabled</c>,
/// the default) a fresh running demo session with five demo candidates on the sample bank, and
/// their participant numbers and freshly issued PINs printed to the console.
/// </summary>
public sealed partial class DemoSeeder(IDbContextFactory<AsnCatDb> dbFactory, ExamWriter writer, ExamControl control, TimeProvider time,
    IOptions<DemoOptions> options, ILogger<DemoSeeder> logger) : BackgroundService
{
    private static readonly (string Number, string Name, string Category)[] People =
    [
        ("DEMO-0001", "Siti Rahmawati", "umum"),
        ("DEMO-0002", "Budi Santoso", "umum"),
        ("DEMO-0003", "Maria Yohana Wenda", "papua"),
        ("DEMO-0004", "I Made Ardana", "cumlaude"),
        ("DEMO-0005", "Nurul Hidayah", "disabilitas"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await writer.Ready.WaitAsync(stoppingToken);
        var sessionId = await CreateSessionAsync(stoppingToken);
        if (sessionId is null)
        {
            LogNoBank(logger);
            return;
        }
        var lines = new List<string>();
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
                .Select(a => new { a.Id, a.Candidate!.ParticipantNumber, a.Candidate.Name }).OrderBy(a => a.ParticipantNumber).ToListAsync(stoppingToken);
            foreach (var a in attempts)
            {
                var pin = await control.IssuePinAsync(a.Id, "demo");
                lines.Add($"  {a.ParticipantNumber}   PIN {pin}   {a.Name}");
            }
        }
        await control.StartSessionAsync(sessionId.Value, "demo");
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            var code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(stoppingToken);
            LogDemo(logger, code, string.Join(Environment.NewLine, lines));
        }
    }

    private async Task<int?> CreateSessionAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bank = await db.BankVersions.AsNoTracking().OrderByDescending(b => b.Id).FirstOrDefaultAsync(ct);
        if (bank is null)
        {
            return null;
        }
        var formation = await db.Formations.SingleOrDefaultAsync(f => f.Code == "DEMO-001", ct);
        if (formation is null)
        {
            formation = new Formation { Code = "DEMO-001", Agency = "Instansi Demo AsnCat", Position = "Analis Kebijakan Ahli Pertama", Location = "Jakarta", Quota = 2, Education = "S-1 semua jurusan" };
            db.Formations.Add(formation);
        }
        var candidates = new List<Candidate>();
        foreach (var (number, name, category) in People)
        {
            var c = await db.Candidates.SingleOrDefaultAsync(x => x.ParticipantNumber == number, ct);
            if (c is null)
            {
                c = new Candidate
                {
                    ParticipantNumber = number,
                    Name = name,
                    Nik = "31710100000000" + number[^2..],
                    BirthDate = new DateOnly(1998, 1, 1),
                    Formation = formation,
                    Category = CandidateCategories.Parse(category),
                };
                db.Candidates.Add(c);
            }
            candidates.Add(c);
        }
        var now = time.GetUtcNow();
        var session = new ExamSession
        {
            Code = "DEMO-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture),
            Venue = "Lokasi demo AsnCat",
            Room = "Ruang 1",
            Seats = 20,
            TimeZone = "WIB",
            StartsAt = now,
            BlueprintCode = "skd",
            BlueprintSnapshotId = bank.BlueprintSnapshotId,
            BankVersionId = bank.Id,
            ThresholdSetCode = "skd-2024",
            Seed = ExamSession.NewSeed(),
            State = SessionState.Open,
        };
        db.ExamSessions.Add(session);
        foreach (var (c, seat) in candidates.Select((c, i) => (c, i + 1)))
        {
            db.Attempts.Add(new Attempt { ExamSession = session, Candidate = c, Seat = seat, State = AttemptState.Waiting });
        }
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: tidak ada bank soal; sesi demo tidak dibuat")]
    private static partial void LogNoBank(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sesi ujian demo {Code} berjalan. Buka terminal di browser (/) dan masuk dengan:\n{Lines}\nPapan nilai langsung: /papan/sesi/{Code}   Konsol panitia dan pengawasan: /konsol (masuk sebagai admin)   Hasil: /hasil")]
    private static partial void LogDemo(ILogger logger, string code, string lines);
}
