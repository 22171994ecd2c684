using System.Diagnostics;
using System.Net.Sockets;
using AsnCat.Server.Tests.Hosts;
using Npgsql;
using StackExchange.Redis;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// The real PostgreSQL and Redis the centre's tests run on: the private instances of
/// <c>scripts/services.sh</c> (test.sh starts them and exports <c>ASNCAT_TEST_POSTGRES</c> and
/// <c>ASNCAT_TEST_REDIS</c>; these defaults are its ports). Unreachable, a test fails and says
/// how to start them; it never skips.
/// </summary>
internal static class Engines
{
    public static string Postgres => Environment.GetEnvironmentVariable("ASNCAT_TEST_POSTGRES") is { Length: > 0 } configured
        ? configured : "Host=127.0.0.1;Port=55432;Username=asncat";

    public static string Redis => Environment.GetEnvironmentVariable("ASNCAT_TEST_REDIS") is { Length: > 0 } configured
        ? configured : "127.0.0.1:56379";

    /// <summary>A channel prefix no other test uses (each test's hosts see only each other on a shared Redis).</summary>
    public static string Prefix() => "asncat-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The settings that put a host on <paramref name="redis"/> with <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string> RedisSettings(string redis, string prefix) => new()
    {
        ["SignalR:Redis"] = redis,
        ["SignalR:ChannelPrefix"] = prefix,
    };

    /// <summary>The settings that put a host's Hangfire on <paramref name="database"/> (fast polling, so a test waits seconds, not minutes).</summary>
    public static Dictionary<string, string> JobSettings(string database) => new()
    {
        ["Jobs:Storage"] = "Postgres",
        ["ConnectionStrings:Jobs"] = database,
        ["Jobs:SchedulePollingInterval"] = "00:00:01",
        ["Jobs:QueuePollInterval"] = "00:00:01",
        ["Jobs:InvisibilityTimeout"] = "00:00:05",
    };

    /// <summary>Fails the test with what to run when the shared Redis does not answer.</summary>
    public static async Task RequireRedisAsync()
    {
        var options = ConfigurationOptions.Parse(Redis);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3000;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(redis.IsConnected, $"Redis di {Redis} tidak menjawab: jalankan scripts/services.sh start redis (lalu eval \"$(scripts/services.sh env)\").");
    }
}

/// <summary>A PostgreSQL database of this test's own on <see cref="Engines.Postgres"/>, dropped when disposed.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _name;

    private PostgresDatabase(string name)
    {
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(Engines.Postgres) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase("asncat_t_" + Guid.NewGuid().ToString("N")[..16]);
        try
        {
            await RunOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            Assert.Fail($"PostgreSQL di '{Engines.Postgres}' tidak menjawab ({e.Message}): jalankan scripts/services.sh start postgres (lalu eval \"$(scripts/services.sh env)\").");
        }
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task RunOnServerAsync(string sql)
    {
        var server = new NpgsqlConnectionStringBuilder(Engines.Postgres) { Database = "postgres", Timeout = 5, Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A redis-server of this test's own on a free loopback port, so the test may stop and start it
/// (the shared one is used by other tests at the same time).
/// </summary>
internal sealed class PrivateRedis : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private Process? _process;

    public int Port { get; } = ChildProcessHost.FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<PrivateRedis> StartAsync()
    {
        var redis = new PrivateRedis();
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts the server (again, on the same port) and returns once it answers.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--dir", _dir.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"redis-server tidak dapat dijalankan ({e.Message}): jalankan scripts/services.sh install.");
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, TestContext.Current.CancellationToken);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"redis-server di port {Port} tidak menjawab dalam 10 detik.");
    }

    /// <summary>Kills the server at once (as a crash or a pulled cable would), and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Dispose();
    }
}
