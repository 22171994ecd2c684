using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Protocol;

/// <summary>
/// The second-language conformance client (<c>tests/protocol-js</c>, Node.js with
/// <c>@microsoft/signalr</c>, written from <c>docs/protocol.md</c> alone) against the real server on
/// a Kestrel port: this class seeds the sessions its scenarios need, writes the fixture and runs
/// <c>node run.mjs</c>. Node and the npm packages are installed by <c>scripts/install-test-deps.sh</c>;
/// without them the test fails, it does not skip.
/// </summary>
public sealed class ProtocolJsTests : IAsyncLifetime
{
    /// <summary>The exam hub's rate for this server: small, so the RateLimited scenario needs few calls.</summary>
    private const int Burst = 60;

    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    private readonly TempDir _dir = new();

    private readonly FakeTimeProvider _time = new(KestrelHost.T0);

    private KestrelHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ClientDir => Path.Combine(TestPaths.RepoRoot, "tests", "protocol-js");

    public ValueTask InitializeAsync()
    {
        // the deadline sweep off: an attempt past its deadline stays open, so the TimeUp scenario
        // meets the deadline check itself
        _host = KestrelHost.Start(new ServerOptions
        {
            DataDir = _dir.Path,
            Time = _time,
            DeadlineSweep = false,
            Settings = new Dictionary<string, string>
            {
                ["HubGuard:Exam:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HubGuard:Exam:PerSecond"] = "1",
            },
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_javascript_terminal_written_from_the_protocol_document_passes_every_scenario_against_the_real_server()
    {
        var node = NodeOrFail();
        var candidates = new List<object>();
        var seats = new Dictionary<string, Seat>();
        async Task<(int SessionId, List<(string Number, string Pin, int AttemptId)> People)> Seed(string state, int count, bool start = true)
        {
            var (sessionId, people) = await _host.SeedSessionAsync(count, start);
            foreach (var p in people)
            {
                candidates.Add(new { participantNumber = p.Number, pin = p.Pin, state });
                seats[p.Number] = new Seat(sessionId, p.AttemptId);
            }
            return (sessionId, people);
        }

        // past its deadline: started first, then the clock moves beyond its duration
        var (timeUpSession, timeUp) = await Seed("timeUp", 2);
        _time.Advance(TimeSpan.FromHours(4));
        var (_, running) = await Seed("running", 60);
        var (pausedSession, _) = await Seed("paused", 1);
        Assert.True(await _host.Control.PauseSessionAsync(pausedSession, "pengawas-uji", "listrik ruang ujian padam"));
        await Seed("waiting", 1, start: false);
        var (endedSession, _) = await Seed("ended", 1);
        Assert.True(await _host.Control.EndSessionAsync(endedSession, "panitia-uji", "sesi selesai sesuai jadwal"));
        await Seed("startLater", 1, start: false);
        await Seed("endLater", 1);
        await AssertArrangedAsync(timeUpSession, timeUp[0].AttemptId, running[0].AttemptId);

        var fixture = _dir.Write("fixture.json", JsonSerializer.Serialize(new
        {
            baseUrl = _host.Url,
            limits = new { burst = Burst, perSecond = 1 },
            proctor = "stdio",
            candidates,
        }));
        var (exitCode, output) = await RunAsync(node, [Path.Combine(ClientDir, "run.mjs"), fixture], request => ProctorAsync(seats, request));
        TestContext.Current.SendDiagnosticMessage(output);
        Assert.True(exitCode == 0, $"node run.mjs exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains(" 0 failed", output, StringComparison.Ordinal);

        // section 4.4: "the takeover is written to the audit log" (the client cannot see that itself)
        await using var db = _host.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Attempt.TakenOver, Ct), "the takeover scenario's takeover is in the audit log");
    }

    private sealed record Seat(int SessionId, int AttemptId);

    /// <summary>A proctor's action the client asks for (<c>tests/protocol-js/lib/proctor.mjs</c>), done through <see cref="Exam.ExamControl"/>.</summary>
    private async Task<bool> ProctorAsync(Dictionary<string, Seat> seats, JsonElement request)
    {
        var seat = seats[request.GetProperty("participantNumber").GetString()!];
        var control = _host.Control;
        const string Proctor = "pengawas-uji";
        return request.GetProperty("action").GetString() switch
        {
            "startSession" => await control.StartSessionAsync(seat.SessionId, Proctor),
            "endSession" => await control.EndSessionAsync(seat.SessionId, Proctor, "sesi selesai sesuai jadwal"),
            "pauseAttempt" => await control.PauseAttemptAsync(seat.AttemptId, Proctor, "terminal peserta bermasalah"),
            "resumeAttempt" => await control.ResumeAttemptAsync(seat.AttemptId, Proctor, "terminal sudah normal"),
            "grantTime" => await control.GrantTimeAsync(seat.AttemptId, request.GetProperty("minutes").GetInt32(), Proctor, "listrik padam di kursi peserta"),
            "releaseTerminal" => await control.ReleaseTerminalAsync(seat.AttemptId, Proctor, "terminal peserta rusak, pindah kursi"),
            "letTimePass" => LetTimePass(TimeSpan.FromSeconds(request.GetProperty("seconds").GetInt32())),
            var other => throw new InvalidOperationException("unknown proctor action " + other),
        };
    }

    /// <summary>The server's clock is held (a <see cref="FakeTimeProvider"/>): time passes when a scenario asks.</summary>
    private bool LetTimePass(TimeSpan span)
    {
        _time.Advance(span);
        return true;
    }

    /// <summary>The arrangement the fixture claims: the time-up attempt past its deadline, the running ones not.</summary>
    private async Task AssertArrangedAsync(int timeUpSession, int timeUpAttempt, int runningAttempt)
    {
        await using var db = _host.Db();
        var now = _time.GetUtcNow();
        var late = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == timeUpAttempt, Ct);
        var current = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == runningAttempt, Ct);
        Assert.True(late.Deadline < now, $"session {timeUpSession}'s attempt is past its deadline ({late.Deadline} < {now})");
        Assert.True(current.Deadline > now, $"a running attempt's deadline is ahead ({current.Deadline} > {now})");
    }

    /// <summary>Debian's node (scripts/install-test-deps.sh), and the client's npm packages (npm ci there).</summary>
    private static string NodeOrFail()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        Assert.True(node is not null, "node is not installed: run scripts/install-test-deps.sh (Debian's nodejs and npm, then npm ci in tests/protocol-js)");
        Assert.True(File.Exists(Path.Combine(ClientDir, "node_modules", "@microsoft", "signalr", "package.json")),
            $"the JavaScript client's packages are missing: run scripts/install-test-deps.sh (npm ci in {ClientDir})");
        return node;
    }

    /// <summary>
    /// Runs node to its end, collecting what it prints; each <c>@proctor {json}</c> line it prints is
    /// done by <paramref name="proctor"/> and answered on its stdin (<c>{"id":..,"ok":..}</c>).
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string node, IEnumerable<string> args, Func<JsonElement, Task<bool>> proctor)
    {
        var info = new ProcessStartInfo(node, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ClientDir,
        };
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var gate = new Lock();
        void Keep(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }
        async Task AnswerAsync(string line)
        {
            using var request = JsonDocument.Parse(line["@proctor ".Length..]);
            var id = request.RootElement.GetProperty("id").GetInt32();
            string answer;
            try
            {
                var done = await proctor(request.RootElement);
                answer = JsonSerializer.Serialize(new { id, ok = done, error = done ? null : "ExamControl answered false" });
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or DbUpdateException)
            {
                answer = JsonSerializer.Serialize(new { id, ok = false, error = e.Message });
            }
            Keep("  proctor: " + answer);
            lock (gate)
            {
                process.StandardInput.WriteLine(answer);
                process.StandardInput.Flush();
            }
        }
        var answering = new List<Task>();
        process.OutputDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is { } line && line.StartsWith("@proctor ", StringComparison.Ordinal))
            {
                lock (answering)
                {
                    answering.Add(AnswerAsync(line));
                }
            }
        };
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(NodeTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node run.mjs did not finish within {NodeTimeout}:{Environment.NewLine}{output}");
        }
        // the asynchronous readers finish after the process exits
        process.WaitForExit();
        Task[] pending;
        lock (answering)
        {
            pending = [.. answering];
        }
        await Task.WhenAll(pending);
        lock (gate)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
