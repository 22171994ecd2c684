using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Seeding;

/// <summary>
/// Demo data so a newcomer can take an exam at once: on every start (when <c>Demo:Enabled</c>, by
/// default only in Development) a fresh running SKD demo session with five demo candidates on the
/// sample bank, and a PPPK demo session (pppk-2023, a Pranata Komputer formation) on the sample PPPK
/// bank, imported the first time; their participant numbers and freshly issued PINs printed to the
/// console. The demo sessions an earlier start left open are ended first, so however often the
/// server restarts, one demo session of each kind is running.
/// </summary>
public sealed partial class DemoSeeder(IDbContextFactory<AsnCatDb> dbFactory, ExamWriter writer, ExamControl control, TimeProvider time,
    IServiceScopeFactory scopes, IOptions<DemoOptions> options, ILogger<DemoSeeder> logger) : BackgroundService
{
    private static readonly (string Number, string Name, CandidateCategory Category, int ExtraMinutes)[] People =
    [
        ("DEMO-0001", "Siti Rahmawati", CandidateCategory.Umum, 0),
        ("DEMO-0002", "Budi Santoso", CandidateCategory.Umum, 0),
        ("DEMO-0003", "Maria Yohana Wenda", CandidateCategory.Papua, 0),
        ("DEMO-0004", "I Made Ardana", CandidateCategory.Cumlaude, 0),
        ("DEMO-0005", "Nurul Hidayah", CandidateCategory.Disabilitas, 0),
    ];

    // the blind candidate's accommodation, as in SKD: extra minutes (PPPK: 130 + 20 = 150)
    private static readonly (string Number, string Name, CandidateCategory Category, int ExtraMinutes)[] PppkPeople =
    [
        ("DEMO-PPPK-01", "Dewi Lestari", CandidateCategory.Umum, 0),
        ("DEMO-PPPK-02", "Yohanes Sitorus", CandidateCategory.Umum, 20),
        ("DEMO-PPPK-03", "Fatimah Azzahra", CandidateCategory.KebutuhanKhusus, 0),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await writer.Ready.WaitAsync(stoppingToken);
        await EndEarlierDemosAsync(stoppingToken);
        var now = time.GetUtcNow();
        var stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await SeedAsync(Spec("DEMO-" + stamp, now, "Ruang 1", 20, People, "31710100000000", SampleBank.Code, "skd-2024",
            new Formation { Code = "DEMO-001", Agency = Agency, Position = "Analis Kebijakan Ahli Pertama", Location = "Jakarta", Quota = 2, Education = "S-1 semua jurusan" }), stoppingToken);
        if (await ImportPppkBankAsync(stoppingToken))
        {
            await SeedAsync(Spec("DEMO-PPPK-" + stamp, now, "Ruang 2", 10, PppkPeople, "31710100000100", SampleBank.PppkCode, "pppk-2023",
                new Formation { Code = "DEMO-PPPK-001", Agency = Agency, Position = "Pranata Komputer Ahli Pertama", Location = "Jakarta", Quota = 1, Education = "S-1 Informatika" }), stoppingToken);
        }
    }

    private const string Agency = "Instansi Demo AsnCat";

    private const string DemoVenue = "Lokasi demo AsnCat";

    /// <summary>Ends, through the writer as any session end, every demo session not ended yet (an earlier start's).</summary>
    private async Task EndEarlierDemosAsync(CancellationToken ct)
    {
        List<int> earlier;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            earlier = await db.ExamSessions.AsNoTracking()
                .Where(s => s.Venue == DemoVenue && s.Code.StartsWith("DEMO-") && s.State != SessionState.Ended)
                .Select(s => s.Id).ToListAsync(ct);
        }
        foreach (var id in earlier)
        {
            await control.EndSessionAsync(id, "demo", "Sesi demo lama diakhiri: server dimulai ulang dan membuka sesi demo baru");
        }
    }

    private static SessionSpec Spec(string code, DateTimeOffset now, string room, int seats,
        (string Number, string Name, CandidateCategory Category, int ExtraMinutes)[] people, string nikPrefix, string bankCode, string thresholdSetCode, Formation formation) => new()
    {
        Code = code,
        Formation = formation,
        Candidates = [.. people.Select(p => new SeedCandidate(p.Number, p.Name, p.Category, nikPrefix + p.Number[^2..]) { BirthDate = new DateOnly(1998, 1, 1), ExtraMinutes = p.ExtraMinutes })],
        StartsAt = now,
        Venue = DemoVenue,
        Room = room,
        Seats = seats,
        NumberSeats = true,
        BankCode = bankCode,
        ThresholdSetCode = thresholdSetCode,
    };

    private async Task SeedAsync(SessionSpec spec, CancellationToken ct)
    {
        var session = await SessionSeeder.SeedAsync(dbFactory, control, spec, "demo", start: true, ct);
        if (session is null)
        {
            LogNoBank(logger, spec.BankCode ?? "");
            return;
        }
        LogDemo(logger, session.Code, string.Join(Environment.NewLine, session.People.Select(p => $"  {p.ParticipantNumber}   PIN {p.Pin}   {p.Name}")));
    }

    /// <summary>The sample PPPK bank, imported unless a version of it is already stored; false when it could not be.</summary>
    private async Task<bool> ImportPppkBankAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
        if (await db.BankVersions.AnyAsync(b => b.Code == SampleBank.PppkCode, ct))
        {
            return true;
        }
        var imported = await SampleBank.ImportAsync(scope.ServiceProvider.GetRequiredService<BankImporter>(), logger, SampleBank.PppkDir,
            scope.ServiceProvider.GetRequiredService<RulesCatalog>(), ct, scope.ServiceProvider.GetService<BankSources>());
        return imported is not null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: bank soal {BankCode} tidak ada; sesi demo tidak dibuat")]
    private static partial void LogNoBank(ILogger logger, string bankCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sesi ujian demo {Code} berjalan. Buka terminal di browser (/) dan masuk dengan:\n{Lines}\nPapan nilai langsung: /papan/sesi/{Code}   Konsol panitia dan pengawasan: /konsol (masuk sebagai admin)   Hasil: /hasil")]
    private static partial void LogDemo(ILogger logger, string code, string lines);
}
