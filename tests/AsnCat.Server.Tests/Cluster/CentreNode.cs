using System.Collections.Concurrent;
using System.Diagnostics;
using AsnCat.Server.Tests.Hosts;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// One node of the centre as its own process (the built AsnCat.Server.dll, role pusat), on a fixed
/// loopback port so it can be killed with SIGKILL and started again at the same address behind nginx.
/// </summary>
internal sealed class CentreNode : IDisposable
{
    private readonly string _dataDir;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _tail = new();
    private Process? _process;

    public CentreNode(string name, string dataDir, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        _dataDir = dataDir;
        _settings = settings;
        Directory.CreateDirectory(dataDir);
    }

    public string Name { get; }

    public int Port { get; } = ChildProcessHost.FreePort();

    public string Address => $"127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the node and returns once <c>/health</c> answers (at most 60 s).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var url = "http://" + Address;
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AsnCat.Server.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dataDir,
        };
        info.Environment["AsnCat__Role"] = "pusat";
        info.Environment["Exam__PinKeyFile"] = Path.Combine(_dataDir, "pin.key");
        info.Environment["Demo__Enabled"] = "false";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        info.Environment["Logging__File"] = Path.Combine(_dataDir, "logs", "asncat-.json");
        foreach (var (key, value) in _settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                Assert.Fail($"node {Name} exited with {process.ExitCode}:{Environment.NewLine}{Tail}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(url + "/health"), ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // listening but slow on a busy machine
            }
            await Task.Delay(100, ct);
        }
        process.Kill();
        Assert.Fail($"node {Name} did not answer /health within 60 s:{Environment.NewLine}{Tail}");
    }

    /// <summary>The last lines the node wrote (for a failure's message).</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or a power cut of the machine.</summary>
    public void KillHard()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        KillHard();
        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > 40 && _tail.TryDequeue(out _))
        {
        }
    }
}
