using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AsnCat.LoadTest;

/// <summary>
/// A server this run started (the AsnCat server or the echo hub): its output goes to a log file,
/// its CPU time and memory are read from /proc, and it never outlives the run (killed on dispose,
/// on Ctrl+C and on process exit).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _logPath;

    private ChildProcess(string name, Process process, StreamWriter log, string logPath, Uri url)
    {
        Name = name;
        _process = process;
        _log = log;
        _logPath = logPath;
        Url = url;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public string Name { get; }

    public Uri Url { get; }

    public int Id => _process.Id;

    public static ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(name, process, log, logPath, url);
    }

    /// <summary>
    /// The AsnCat server as every run starts it: its own SQLite file and PIN key file, no demo
    /// data, the server role (no terminal pages), warnings only, Production; <paramref name="extra"/>
    /// adds or replaces settings. Returns once <c>GET /health</c> answers.
    /// </summary>
    public static async Task<ChildProcess> StartServerAsync(
        string name, string dll, string dbPath, string keyFile, string logPath, CancellationToken ct, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__AsnCat"] = $"Data Source={dbPath}",
            ["Exam__PinKeyFile"] = keyFile,
            ["Demo__Enabled"] = "false",
            ["AsnCat__Role"] = "server",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var server = Start(name, dll, [], environment, logPath);
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90), ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls GET /health until it answers 200; throws with the log's tail if the child died or took too long.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{Environment.NewLine}{LogTail(30)}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/health"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
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
                // a slow start
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} did not answer /health within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LogTail(30)}");
    }

    /// <summary>User plus system CPU time so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident set (VmHWM), bytes.</summary>
    public long PeakWorkingSet => Status("VmHWM:");

    /// <summary>Resident set now (VmRSS), bytes.</summary>
    public long WorkingSet => Status("VmRSS:");

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM (graceful shutdown), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public string LogTail(int lines)
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log {_logPath} unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the child's last words after the run ended
            }
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private long Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // exited
        }
        return 0;
    }
}
