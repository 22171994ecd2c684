using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Seeding;

/// <summary>
/// Demo data so a newcomer can take an exam at once: on every start (when <c>Demo:Enabled</c>,
/// the default) a fresh running demo session with five demo candidates on the sample bank, and
/// their participant numbers and freshly issued PINs printed to the console.
/// </summary>
public sealed partial class DemoSeeder(IDbContextFactory<AsnCatDb> dbFactory, ExamWriter writer, ExamControl control, TimeProvider time,
    IOptions<DemoOptions> options, ILogger<DemoSeeder> logger) : BackgroundService
{
    private static readonly (string Number, string Name, CandidateCategory Category)[] People =
    [
        ("DEMO-0001", "Siti Rahmawati", CandidateCategory.Umum),
        ("DEMO-0002", "Budi Santoso", CandidateCategory.Umum),
        ("DEMO-0003", "Maria Yohana Wenda", CandidateCategory.Papua),
        ("DEMO-0004", "I Made Ardana", CandidateCategory.Cumlaude),
        ("DEMO-0005", "Nurul Hidayah", CandidateCategory.Disabilitas),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await writer.Ready.WaitAsync(stoppingToken);
        var now = time.GetUtcNow();
        var spec = new SessionSpec
        {
            Code = "DEMO-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture),
            Formation = new Formation { Code = "DEMO-001", Agency = "Instansi Demo AsnCat", Position = "Analis Kebijakan Ahli Pertama", Location = "Jakarta", Quota = 2, Education = "S-1 semua jurusan" },
            Candidates = [.. People.Select(p => new SeedCandidate(p.Number, p.Name, p.Category, "31710100000000" + p.Number[^2..]) { BirthDate = new DateOnly(1998, 1, 1) })],
            StartsAt = now,
            Venue = "Lokasi demo AsnCat",
            Room = "Ruang 1",
            Seats = 20,
            NumberSeats = true,
        };
        var session = await SessionSeeder.SeedAsync(dbFactory, control, spec, "demo", start: true, stoppingToken);
        if (session is null)
        {
            LogNoBank(logger);
            return;
        }
        LogDemo(logger, session.Code, string.Join(Environment.NewLine, session.People.Select(p => $"  {p.ParticipantNumber}   PIN {p.Pin}   {p.Name}")));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: tidak ada bank soal; sesi demo tidak dibuat")]
    private static partial void LogNoBank(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sesi ujian demo {Code} berjalan. Buka terminal di browser (/) dan masuk dengan:\n{Lines}\nPapan nilai langsung: /papan/sesi/{Code}   Konsol panitia dan pengawasan: /konsol (masuk sebagai admin)   Hasil: /hasil")]
    private static partial void LogDemo(ILogger logger, string code, string lines);
}
