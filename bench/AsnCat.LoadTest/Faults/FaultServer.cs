using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Exam;
using Microsoft.Data.Sqlite;
namespace AsnCat.LoadTest.Faults;

/// <summary>
/// The real server as a child process with its database in <c>dataDir</c> (where a fault can
/// reach it) and its key and logs in <c>runDir</c> (where none does). It can be killed with
/// SIGKILL and started again on the same files; each start gets a new loopback port, and
/// <see cref="HubUrl"/> always names the current one (a terminal reconnects to it).
/// </summary>
public sealed class FaultServer(string serverDll, string dataDir, string runDir, string name) : IAsyncDisposable
{
    private readonly List<string> _logs = [];
    private ChildProcess? _process;
    private int _starts;

    public string DbPath { get; } = Path.Combine(dataDir, "asncat.db");

    public string KeyFile { get; } = Path.Combine(runDir, name + ".key");

    public Uri HubUrl { get; private set; } = new("http://127.0.0.1:1/");

    public ChildProcess Process => _process ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(CancellationToken ct)
    {
        if (!File.Exists(KeyFile))
        {
            await File.WriteAllBytesAsync(KeyFile, RandomNumberGenerator.GetBytes(32), ct);
        }
        var log = Path.Combine(runDir, $"{name}-server-{++_starts}.log");
        _logs.Add(log);
        _process = await ChildProcess.StartServerAsync($"AsnCat server ({name})", serverDll, DbPath, KeyFile, log, ct, new Dictionary<string, string>
        {
            ["Logging__File"] = Path.Combine(runDir, $"{name}-server-.json"),
        });
        HubUrl = new Uri(_process.Url, ExamHub.Path);
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.DisposeAsync();
        _process = null;
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>A running session with <paramref name="count"/> candidates, started <paramref name="startedAgo"/> ago.</summary>
    public async Task<(int SessionId, IReadOnlyList<Person> People)> SeedAsync(int count, TimeSpan startedAgo, CancellationToken ct) =>
        await Seeder.SeedAsync($"Data Source={DbPath};Pooling=False", new Secrets(await File.ReadAllBytesAsync(KeyFile, ct)), count, new Earlier(startedAgo), ct);

    /// <summary>
    /// Critical lines (Serilog's console shows them as FTL) of every server log of this run that
    /// say nothing was acknowledged, and the first of them.
    /// </summary>
    public (int Count, string? First) CriticalLines()
    {
        var lines = _logs.Where(File.Exists).SelectMany(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n').Where(l => l.Contains(" FTL]", StringComparison.Ordinal) && l.Contains("nothing acknowledged", StringComparison.Ordinal)).ToList();
        }).ToList();
        return (lines.Count, lines.FirstOrDefault());
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 10 }.ToString());
        connection.Open();
        return connection;
    }

    public T Scalar<T>(string sql, params (string Name, object Value)[] args)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in args)
        {
            command.Parameters.AddWithValue(n, v);
        }
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Deadline (UTC ticks) of every attempt of the session that has one.</summary>
    public Dictionary<int, long> Deadlines(int sessionId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Deadline FROM Attempts WHERE ExamSessionId = $s AND Deadline IS NOT NULL";
        command.Parameters.AddWithValue("$s", sessionId);
        using var reader = command.ExecuteReader();
        var map = new Dictionary<int, long>();
        while (reader.Read())
        {
            map[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        return map;
    }

    /// <summary>Details (JSON) of the audit entries with this action.</summary>
    public List<string> Audits(string action)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(Details, '') FROM AuditEntries WHERE Action = $a ORDER BY Id";
        command.Parameters.AddWithValue("$a", action);
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    public string IntegrityCheck() => Scalar<string>("PRAGMA integrity_check");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Seconds since <paramref name="from"/> (a Stopwatch timestamp).</summary>
    public static double Since(long from) => Stopwatch.GetElapsedTime(from).TotalSeconds;

    /// <summary>The system clock, <paramref name="by"/> behind.</summary>
    private sealed class Earlier(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - by;
    }
}
