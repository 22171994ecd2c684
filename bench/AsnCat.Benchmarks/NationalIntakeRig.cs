using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.National;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Hosting;
using AsnCat.Server.Ledger;
using AsnCat.Server.National;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Seeding;
using AsnCat.Tool.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Benchmarks;

/// <summary>Where the centre's database lives and how a run gets a fresh copy of it (PostgreSQL: a database from a template; SQLite: a copy of the file).</summary>
public interface ICentreStore
{
    /// <summary>The settings that put a server on the database named <paramref name="copy"/> (null: the prepared one).</summary>
    IReadOnlyDictionary<string, string?> Settings(string? copy);

    /// <summary>A fresh copy of the prepared database (the prepared one is not in use then); its name.</summary>
    Task<string> CopyAsync(int run);

    Task DropAsync(string copy);
}

/// <summary>One intake, timed: the receipt, the rows it wrote, and the parts measured on the same bytes beside it.</summary>
/// <param name="Cpu">The CPU time this process spent during the intake (all its threads; PostgreSQL's own is not in it): on a busy machine, how much of the total was the intake's own work.</param>
public sealed record IntakeRun(int Run, BundleReceipt Receipt, TimeSpan Total, TimeSpan Cpu, int AnswersWritten, int EventsWritten, TimeSpan Signature, TimeSpan Parse, TimeSpan Verify);

/// <summary>
/// The centre's intake of one real session's bundle (bench/national-intake.sh and its small test).
/// Prepared outside the timing, as the national design runs it: the centre (the real server,
/// role <c>pusat</c>, on <see cref="ICentreStore"/>) registers a venue, the venue enrols with a
/// fresh P-256 key, the centre plans a session of N candidates at it (<see cref="SessionSeeder"/>)
/// and builds its package (<see cref="Packages"/>: the seed and its commitment), the venue
/// acknowledges it. The venue (the real server on its own SQLite) runs the same session with the
/// package's seed: every candidate logs in through <see cref="ExamService"/> (the exam hub's own
/// service), answers every position (some changed, some marked doubtful) and nine in ten finish
/// themselves; the session is ended, and the ledger's <see cref="WriteBundleJob"/> writes the
/// bundle whose exact bytes the venue signs. Each run then takes a fresh copy of the centre's
/// database, starts the centre on it and times <see cref="BundleIntake.IntakeAsync"/> there.
/// </summary>
public sealed class NationalIntakeRig
{
    public const string VenueCode = "LOK-BENCH-01";

    public const string SessionCode = "S-INTAKE";

    private NationalIntakeRig(ICentreStore centre, string work, int venueId, byte[] bundle, string signature, string publicKey)
    {
        Centre = centre;
        Work = work;
        VenueId = venueId;
        Bundle = bundle;
        Signature = signature;
        PublicKey = publicKey;
        var parsed = ResultBundle.Parse(bundle);
        Candidates = parsed.Candidates.Count;
        Answers = parsed.Candidates.Sum(c => c.Answers.Count(a => a is not null));
        Events = parsed.Candidates.Sum(c => c.Events.Count);
    }

    public ICentreStore Centre { get; }

    public string Work { get; }

    public int VenueId { get; }

    public byte[] Bundle { get; }

    public string Signature { get; }

    public string PublicKey { get; }

    public int Candidates { get; }

    /// <summary>Answered positions in the bundle (every position of every candidate).</summary>
    public int Answers { get; }

    public int Events { get; }

    /// <summary>Prepares everything the runs need in <paramref name="work"/> (a folder of the caller's) and the centre's store.</summary>
    public static async Task<NationalIntakeRig> PrepareAsync(int candidates, ICentreStore centre, string work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(centre);
        var startsAt = new DateTimeOffset(TimeProvider.System.GetUtcNow().Date, TimeSpan.Zero);
        // the same session on both sides: the centre plans it, the venue runs it with the package's seed
        SessionSpec Spec(string? seed) => new()
        {
            Code = SessionCode,
            Venue = VenueCode,
            Formation = SessionSpec.TestFormation("F-INTAKE"),
            Candidates = SessionSpec.Crowd("INT", candidates, digits: 5),
            StartsAt = startsAt,
            Seed = seed,
        };
        using var key = VenueSignatures.NewKey();
        int venueId;
        string seed;
        await using (var host = await StartAsync(Path.Combine(work, "pusat"), centre.Settings(null), pusat: true, ct))
        {
            var registry = host.App.Services.GetRequiredService<VenueRegistry>();
            var issued = await registry.RegisterAsync(VenueCode, "Lokasi uji kinerja", "WIB", ct)
                ?? throw new InvalidOperationException($"lokasi {VenueCode} tidak dapat didaftarkan");
            var (_, refusal) = await registry.EnrolAsync(new EnrolRequest(VenueCode, issued.EnrolmentCode, VenueSignatures.PublicKey(key),
                VenueSignatures.Sign(key, VenueSignatures.EnrolStatement(VenueCode, issued.EnrolmentCode))), ct);
            if (refusal is not null)
            {
                throw new InvalidOperationException(refusal);
            }
            var dbs = host.App.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>();
            _ = await SessionSeeder.SeedAsync(dbs, host.App.Services.GetRequiredService<ExamControl>(), Spec(null), "bench", start: false, ct)
                ?? throw new InvalidOperationException("pusat: tidak ada bank soal");
            await using (var db = await dbs.CreateDbContextAsync(ct))
            {
                venueId = await db.NationalVenues.Where(v => v.Code == VenueCode).Select(v => v.Id).SingleAsync(ct);
            }
            var packages = host.App.Services.GetRequiredService<Packages>();
            var (list, _) = await packages.ListAsync(venueId, ct);
            var version = list.Packages.Single(p => p.Session == SessionCode).Version;
            var stored = await packages.FindAsync(venueId, SessionCode, version, ct);
            seed = JsonSerializer.Deserialize<SessionPackage>(stored!.Json, Packages.Json)!.Seed;
            await packages.AckAsync(venueId, SessionCode, version, ct);
        }

        byte[] bundle;
        await using (var host = await StartAsync(Path.Combine(work, "lokasi"), new Dictionary<string, string?>
        {
            ["ConnectionStrings:AsnCat"] = $"Data Source={Path.Combine(work, "lokasi", "asncat.db")};Pooling=False",
        }, pusat: false, ct))
        {
            bundle = await RunSessionAsync(host.App, Spec(seed), ct);
        }
        return new NationalIntakeRig(centre, work, venueId, bundle, VenueSignatures.Sign(key, bundle), VenueSignatures.PublicKey(key));
    }

    /// <summary>
    /// One intake on a fresh copy of the prepared centre: the centre started on the copy (and given
    /// 3 s to settle), the intake timed end to end, its rows counted; then the parts on the same
    /// bytes, for the record.
    /// </summary>
    public async Task<IntakeRun> RunAsync(int run, CancellationToken ct)
    {
        var copy = await Centre.CopyAsync(run);
        try
        {
            BundleReceipt receipt;
            TimeSpan total, cpu;
            int answers, events;
            await using (var host = await StartAsync(Path.Combine(Work, "pusat-" + run.ToString(CultureInfo.InvariantCulture)), Centre.Settings(copy), pusat: true, ct))
            {
                var intake = host.App.Services.GetRequiredService<BundleIntake>();
                // a bundle reaches a node that is up: its start (jobs, loops, first queries) settles before the clock runs
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                using var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                receipt = await intake.IntakeAsync(VenueId, SessionCode, Bundle, Signature, "127.0.0.1", ct);
                total = clock.Elapsed;
                process.Refresh();
                cpu = process.TotalProcessorTime - cpuBefore;
                await using var db = await host.App.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContextAsync(ct);
                var session = await db.ExamSessions.Where(s => s.Code == SessionCode).Select(s => s.Id).SingleAsync(ct);
                answers = await db.Answers.CountAsync(a => a.Attempt!.ExamSessionId == session, ct);
                events = await db.AnswerEvents.CountAsync(e => e.ExamSessionId == session, ct);
            }
            var part = Stopwatch.StartNew();
            var signed = VenueSignatures.Verify(PublicKey, Bundle, Signature);
            var signature = part.Elapsed;
            part.Restart();
            var bundle = ResultBundle.Parse(Bundle);
            var parse = part.Elapsed;
            part.Restart();
            var report = AsnCat.Tool.Verification.BundleVerifier.Verify(bundle);
            var verify = part.Elapsed;
            if (!signed || report.Checks.Any(c => c.Failed))
            {
                throw new InvalidOperationException("tanda tangan atau pemeriksaan verify gagal di luar intake");
            }
            return new IntakeRun(run, receipt, total, cpu, answers, events, signature, parse, verify);
        }
        finally
        {
            await Centre.DropAsync(copy);
        }
    }

    /// <summary>The venue's session: logins, every position answered, finishes, the end, the ledger's bundle file.</summary>
    private static async Task<byte[]> RunSessionAsync(WebApplication host, SessionSpec spec, CancellationToken ct)
    {
        var services = host.Services;
        await services.GetRequiredService<ExamWriter>().Ready;
        var control = services.GetRequiredService<ExamControl>();
        var exam = services.GetRequiredService<ExamService>();
        var run = await SessionSeeder.SeedAsync(services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), control, spec, "bench", start: true, ct);
        if (run is not { Running: true })
        {
            throw new InvalidOperationException("lokasi: sesi tidak dapat dimulai");
        }
        await Parallel.ForEachAsync(run.People.Select((p, k) => (p, k)), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (item, _) =>
        {
            var (person, k) = item;
            var caller = new Caller("bench-" + person.AttemptId.ToString(CultureInfo.InvariantCulture), "127.0.0.1");
            var (login, binding) = await exam.LoginAsync(new LoginRequest(person.ParticipantNumber, person.Pin, "T-" + person.AttemptId.ToString(CultureInfo.InvariantCulture)), caller);
            var positions = login.Exam?.Set?.Questions.Count ?? throw new InvalidOperationException($"lokasi: {person.ParticipantNumber} tidak dapat masuk: {login.Message}");
            long seq = 0;
            for (var p = 0; p < positions; p++)
            {
                var slot = (k * 31 + p * 7) % Options.Count;
                if (p % 9 == 4)
                {
                    // a first choice changed later, and a doubt marked and kept
                    Applied(await exam.SaveAnswerAsync(binding, new SaveAnswerRequest(p, (slot + 1) % Options.Count, ++seq), caller));
                    Applied(await exam.MarkDoubtfulAsync(binding, new MarkDoubtfulRequest(p, true, ++seq), caller));
                }
                Applied(await exam.SaveAnswerAsync(binding, new SaveAnswerRequest(p, slot, ++seq), caller));
            }
            if (k % 10 != 9)
            {
                var finish = await exam.FinishAsync(binding, new FinishRequest(true), caller);
                if (!finish.Ok)
                {
                    throw new InvalidOperationException($"lokasi: {person.ParticipantNumber} tidak dapat selesai: {finish.Message}");
                }
            }
        });
        if (!await control.EndSessionAsync(run.Id, "bench", "sesi selesai"))
        {
            throw new InvalidOperationException("lokasi: sesi tidak dapat diakhiri");
        }
        var job = services.GetRequiredService<WriteBundleJob>();
        await job.RunAsync(run.Id, includeKeys: false);
        return await File.ReadAllBytesAsync(Path.Combine(job.BundleDirectory, ResultBundle.FileName(spec.Code, false)), ct);
    }

    private static void Applied(SaveReply reply)
    {
        if (!reply.Ok || !reply.Applied)
        {
            throw new InvalidOperationException($"lokasi: jawaban tidak tersimpan: {reply.Message}");
        }
    }

    /// <summary>
    /// The real server's services and hosted services, built and initialized as Program does, with
    /// its files in <paramref name="dir"/>, quiet but for warnings. No endpoints are mapped: nothing
    /// here goes over HTTP (the venue's calls are the exam hub's service, the centre's the intake's).
    /// </summary>
    private static async Task<Server> StartAsync(string dir, IReadOnlyDictionary<string, string?> settings, bool pusat, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = dir, EnvironmentName = "Production" });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsnCat:Role"] = pusat ? nameof(ProcessRole.Pusat) : nameof(ProcessRole.All),
            ["Urls"] = "http://127.0.0.1:0",
            ["Demo:Enabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // the first migration's probe of a missing history table is logged as an error; a real failure still throws
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Fatal",
            ["Logging:File"] = Path.Combine(dir, "logs", "asncat-.json"),
            ["Exam:PinKeyFile"] = Path.Combine(dir, "pin.key"),
            ["Terminal:KeysDirectory"] = Path.Combine(dir, "keys"),
            ["Banks:SourceDirectory"] = Path.Combine(dir, "banks"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAsnCatServices();
        var app = builder.Build();
        await app.InitializeAsync();
        await app.StartAsync(ct);
        return new Server(app);
    }

    /// <summary>A started server, stopped (its hosted services too) and disposed at the end of its <c>await using</c>.</summary>
    private sealed class Server(WebApplication app) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
