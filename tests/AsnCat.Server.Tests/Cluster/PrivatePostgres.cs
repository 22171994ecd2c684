using System.Diagnostics;
using AsnCat.Server.Tests.Hosts;
using Npgsql;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// A PostgreSQL cluster of the cluster tests' own (initdb in a temporary folder, its own loopback
/// port), so a test may stop and restart it under load without disturbing the shared instance other
/// tests use. As root, PostgreSQL's programs run as the <c>postgres</c> user (PostgreSQL refuses
/// root), as scripts/services.sh does. Missing binaries fail the test with what to install.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _bin;

    private PrivatePostgres(string bin) => _bin = bin;

    public int Port { get; } = ChildProcessHost.FreePort();

    private string Data => Path.Combine(_dir.Path, "pg");

    /// <summary>The connection string of database <paramref name="database"/> (superuser asncat, trust on loopback).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "asncat", Database = database }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        Assert.True(bin is not null, "PostgreSQL belum terpasang (/usr/lib/postgresql/*/bin/pg_ctl tidak ada): jalankan scripts/services.sh install.");
        var pg = new PrivatePostgres(bin);
        Directory.CreateDirectory(pg.Data);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", pg._dir.Path]);
        }
        await pg.AsPostgresAsync("initdb", ["-D", pg.Data, "-U", "asncat", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await pg.StartAgainAsync();
        return pg;
    }

    /// <summary>Starts the server (again, same port and files) and returns once it accepts connections.</summary>
    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(Data, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {Data} -c max_connections=300 -c fsync=on"]);

    /// <summary>Stops the server at once (immediate: connections are cut, as in a crash), and returns once it is down.</summary>
    public Task StopAsync() => AsPostgresAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    private Task AsPostgresAsync(string program, IReadOnlyList<string> args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args])
        : RunAsync(Path.Combine(_bin, program), args);

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} gagal ({process.ExitCode}): {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        catch (Xunit.Sdk.XunitException)
        {
            // already stopped
        }
        _dir.Dispose();
    }
}
