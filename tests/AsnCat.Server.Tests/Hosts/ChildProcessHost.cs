using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Seeding;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Hosts;

/// <summary>The server as its own process (so it can be killed with SIGKILL), on a loopback port.</summary>
internal sealed class ChildProcessHost : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ChildProcessHost(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => _process.Id;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="everyInterface">Listen on every interface (0.0.0.0), not only loopback; <see cref="Url"/> stays the loopback one.</param>
    public static async Task<ChildProcessHost> StartAsync(string dataDir, int port, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null, bool everyInterface = false)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AsnCat.Server.dll"), "--urls", everyInterface ? $"http://0.0.0.0:{port}" : url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        info.Environment["ConnectionStrings__AsnCat"] = $"Data Source={Path.Combine(dataDir, "asncat.db")}";
        info.Environment["Exam__PinKeyFile"] = Path.Combine(dataDir, "pin.key");
        info.Environment["Demo__Enabled"] = "false";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        info.Environment["Terminal__KeysDirectory"] = Path.Combine(dataDir, "keys-" + port);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        // the last lines the server wrote, for the message when it does not come up
        var tail = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            tail.Enqueue(line);
            while (tail.Count > 30 && tail.TryDequeue(out _))
            {
            }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(url + "/health"), ct)).IsSuccessStatusCode)
                {
                    return new ChildProcessHost(process, url);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // listening but not answering within 2 s yet (a busy machine): ask again
            }
            await Task.Delay(100, ct);
        }
        process.Kill();
        throw new TimeoutException($"server did not answer /health within 30 s:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or power loss of the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Kills the server if it still runs; a second call does nothing (a test's finally may follow its own dispose).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    public static AsnCatDb Open(string dir) =>
        new(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite($"Data Source={Path.Combine(dir, "asncat.db")};Pooling=False").Options);

    /// <summary>
    /// A running session with <paramref name="count"/> candidates written straight into the
    /// server's database by the server's <see cref="SessionSeeder"/> (WAL lets it run beside the
    /// server); PINs hashed with the server's key file.
    /// </summary>
    public static async Task<List<(string Number, string Pin)>> SeedRunningSessionAsync(string dir, int count, string prefix, CancellationToken ct)
    {
        var secrets = new Secrets(await File.ReadAllBytesAsync(Path.Combine(dir, "pin.key"), ct));
        await using var db = Open(dir);
        var session = await SessionSeeder.SeedRunningAsync(db, secrets, new SessionSpec
        {
            Code = "S-" + prefix,
            Formation = SessionSpec.TestFormation("F-" + prefix, "Uji"),
            Candidates = SessionSpec.Crowd(prefix, count),
            StartsAt = TimeProvider.System.GetUtcNow(),
            Seed = "seed-" + prefix,
        }, ct);
        return [.. session.People.Select(p => (p.ParticipantNumber, p.Pin))];
    }
}
