using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AsnCat.Server.Tests.Exam;

/// <summary>The server as its own process (so it can be killed with SIGKILL), on a loopback port.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
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

    public static async Task<ServerProcess> StartAsync(string dataDir, int port, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AsnCat.Server.dll"), "--urls", url])
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
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {process.ExitCode}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(url + "/health"), ct)).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100, ct);
        }
        process.Kill();
        throw new TimeoutException("server did not answer /health within 30 s");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or power loss of the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
