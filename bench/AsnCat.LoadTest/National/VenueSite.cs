using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Console;
using AsnCat.Server.National.Venue;
using AsnCat.Server.Seeding;
using AsnCat.Tool.Ledger;
namespace AsnCat.LoadTest.National;

/// <summary>
/// One venue of the national run: its own embedded server (SQLite), enrolled with the centre by
/// the <c>venue enrol</c> command as an operator would, its session pulled as a package, run by
/// its proctor through the venue's JSON API (PINs, open, start, end) and sat by simulated
/// terminals over the exam hub. Its line to the centre may be a <see cref="LinkProxy"/> the run cuts.
/// </summary>
public sealed class VenueSite(string code, string name, string zone, TimeSpan offset, string directory) : IAsyncDisposable
{
    private const string Proctor = "pengawas-uji";

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private LoadServer? _server;
    private StaffClient? _staff;

    public string Code { get; } = code;

    public string Name { get; } = name;

    public string Zone { get; } = zone;

    public TimeSpan Offset { get; } = offset;

    public string SessionCode => "NAS-" + Code + "-S1";

    /// <summary>The candidates planned for this venue's session, by participant number.</summary>
    public List<string> Candidates { get; } = [];

    public LinkProxy? Link { get; set; }

    public int SessionId { get; private set; }

    public List<Terminal> Terminals { get; } = [];

    public string IdentityDirectory => Path.Combine(directory, "venue");

    public string BundlePath => Path.Combine(directory, "bundles", ResultBundle.FileName(SessionCode, false));

    public LoadServer Server => _server ?? throw new InvalidOperationException("not started");

    private StaffClient Staff => _staff ?? throw new InvalidOperationException("not started");

    /// <summary>The venue's credential and key as its enrolment stored them (for the forged-bundle checks).</summary>
    public string Credential => JsonDocument.Parse(File.ReadAllText(Path.Combine(IdentityDirectory, VenueIdentity.CredentialFile))).RootElement.GetProperty("credential").GetString()!;

    public ECDsa Key()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(IdentityDirectory, VenueIdentity.KeyFile)));
        return key;
    }

    private Dictionary<string, string> Settings(Uri centre, string certificate) => new()
    {
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__AsnCat"] = $"Data Source={Path.Combine(directory, "asncat.db")}",
        ["National__CentreUrl"] = centre.ToString(),
        ["National__VenueCode"] = Code,
        ["National__IdentityDirectory"] = IdentityDirectory,
        ["National__PullEvery"] = "00:00:02",
        ["National__ProgressEvery"] = "00:00:01",
        ["Results__BundleDirectory"] = Path.Combine(directory, "bundles"),
        ["Banks__SourceDirectory"] = Path.Combine(directory, "banks"),
        // the centre's proxy has a self-signed certificate on loopback: the venue trusts that one only
        ["SSL_CERT_FILE"] = certificate,
        ["SSL_CERT_DIR"] = Path.Combine(directory, "no-other-roots"),
    };

    /// <summary>The operator's step: <c>venue enrol</c> with the one-time code the centre issued.</summary>
    public async Task EnrolAsync(string serverDll, Uri centre, string certificate, string enrolmentCode, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, "no-other-roots"));
        var (code, output, errors) = await Command.RunAsync("dotnet", [serverDll, "venue", "enrol", "--centre", centre.ToString(), "--venue", Code, "--code", enrolmentCode],
            Settings(centre, certificate), Path.GetDirectoryName(serverDll), ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"venue enrol {Code}: exit {code}: {output} {errors}");
        }
    }

    public async Task StartAsync(string serverDll, Uri centre, string certificate, CancellationToken ct)
    {
        _server = new LoadServer(serverDll, directory, directory, Code, Settings(centre, certificate));
        await _server.StartAsync(ct);
        await Seeder.SeedAdminAsync(_server.ConnectionString, Proctor, _password, ct);
        _staff = await StaffClient.LoginAsync(_server.Url, null, Proctor, _password, ct);
    }

    /// <summary>Waits until the session's package is applied: the session and all its candidates are at the venue.</summary>
    public async Task WaitForPackageAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var row = (await Staff.GetAsync<List<SessionRow>>("/api/sessions", ct)).SingleOrDefault(s => s.Code == SessionCode);
            if (row is not null && row.Candidates == Candidates.Count)
            {
                SessionId = row.Id;
                return;
            }
            if (Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException($"{Code}: paket sesi {SessionCode} belum diterapkan setelah {timeout.TotalSeconds:0} s ({row?.Candidates ?? 0} dari {Candidates.Count} peserta).{Environment.NewLine}{Server.LogTail(20)}");
            }
            await Task.Delay(500, ct);
        }
    }

    /// <summary>The proctor's morning: PINs for every seat, open, start; one terminal per candidate except the <paramref name="absent"/> ones.</summary>
    public async Task OpenAsync(Func<string, bool> absent, AsnCat.ExamClient.Terminal.IExamContent? content, int firstIndex, CancellationToken ct)
    {
        var pins = (await Staff.PostAsync<IssuedPins>($"/api/sessions/{SessionId}/pins", null, ct)).Pins.ToDictionary(p => p.ParticipantNumber, p => p.Pin, StringComparer.Ordinal);
        var seats = (await Staff.GetAsync<SessionDetail>($"/api/sessions/{SessionId}", ct)).Seats;
        await Staff.PostAsync($"/api/sessions/{SessionId}/open", null, ct);
        await Staff.PostAsync($"/api/sessions/{SessionId}/start", null, ct);
        var hub = new Uri(Server.Url, ExamHub.Path);
        content ??= new AsnCat.ExamClient.Terminal.HttpExamContent(new HttpClient(), Server.Url);
        foreach (var seat in seats.Where(s => !absent(s.ParticipantNumber)).OrderBy(s => s.ParticipantNumber, StringComparer.Ordinal))
        {
            Terminals.Add(new Terminal(firstIndex + Terminals.Count, new SeededPerson(seat.ParticipantNumber, pins[seat.ParticipantNumber], seat.AttemptId, seat.Name), hub, content));
        }
    }

    public async Task EndAsync(CancellationToken ct) =>
        await Staff.PostAsync($"/api/sessions/{SessionId}/end", new ReasonRequest("sesi uji nasional selesai"), ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var t in Terminals)
        {
            await t.DisposeAsync();
        }
        _staff?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
        }
        Link?.Dispose();
    }
}
