using AsnCat.Contracts.Live;
using System.Globalization;
using System.Security.Cryptography;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Exam;
using AsnCat.Server.Live;
using AsnCat.Server.Seeding;
namespace AsnCat.LoadTest;

/// <summary>
/// The server every load run drives, with the set-up and tear-down they share: the real server as
/// a child process on loopback, its database in <c>dataDir</c> and its PIN key and logs in
/// <c>runDir</c>; sessions seeded into its database (<see cref="Seeder"/>); an admin logged in.
/// It can be killed with SIGKILL and started again on the same files; each start gets a new
/// loopback port, and <see cref="HubUrl"/> always names the current one. One made by
/// <see cref="InTemp"/> owns a fresh temp folder and deletes it when disposed.
/// </summary>
public class LoadServer : IAsyncDisposable
{
    private readonly string _serverDll;
    private readonly string _runDir;
    private readonly string? _name;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private readonly DirectoryInfo? _ownedTemp;
    private readonly List<string> _logs = [];
    private ChildProcess? _process;

    /// <param name="name">Names the key and the logs (<c>{name}.key</c>, <c>{name}-server-1.log</c>...); null: <c>pin.key</c>, <c>server.log</c> (one start).</param>
    public LoadServer(string serverDll, string dataDir, string runDir, string? name, IReadOnlyDictionary<string, string>? environment = null)
        : this(serverDll, dataDir, runDir, name, environment, null)
    {
    }

    private LoadServer(string serverDll, string dataDir, string runDir, string? name, IReadOnlyDictionary<string, string>? environment, DirectoryInfo? ownedTemp)
    {
        _serverDll = serverDll;
        _runDir = runDir;
        _name = name;
        _environment = environment;
        _ownedTemp = ownedTemp;
        DbPath = Path.Combine(dataDir, "asncat.db");
        KeyFile = Path.Combine(runDir, (name ?? "pin") + ".key");
    }

    /// <summary>A server whose files all sit in a new temp folder <c>{prefix}...</c>, deleted on dispose; not started yet.</summary>
    public static LoadServer InTemp(string serverDll, string prefix, IReadOnlyDictionary<string, string>? environment = null)
    {
        var temp = Directory.CreateTempSubdirectory(prefix);
        return new LoadServer(serverDll, temp.FullName, temp.FullName, null, environment, temp);
    }

    /// <summary>False (and says why on stderr) when the server's dll is not there: the run cannot be set up.</summary>
    public static async Task<bool> FoundAsync(string serverDll)
    {
        if (File.Exists(serverDll))
        {
            return true;
        }
        await Console.Error.WriteLineAsync($"server not found: {serverDll} (build it, or pass --server)");
        return false;
    }

    public string RunDir => _runDir;

    public string DbPath { get; }

    public string KeyFile { get; }

    public string ConnectionString => $"Data Source={DbPath};Pooling=False";

    /// <summary>The log of the current (last) start.</summary>
    public string LogPath => _logs.Count > 0 ? _logs[^1] : throw new InvalidOperationException("not started");

    /// <summary>Every start's log.</summary>
    public IReadOnlyList<string> Logs => _logs;

    public ChildProcess Process => _process ?? throw new InvalidOperationException("not started");

    public Uri Url => Process.Url;

    public Uri HubUrl { get; private set; } = new("http://127.0.0.1:1/");

    public Uri LiveUrl => new(Url, LiveHubContract.Path);

    /// <summary>The last lines of the running server's log; empty when none runs.</summary>
    public string LogTail(int lines) => _process?.LogTail(lines) ?? "";

    /// <summary>Starts the server (again, on the same files after a kill or stop) and waits until it is healthy.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (!File.Exists(KeyFile))
        {
            await File.WriteAllBytesAsync(KeyFile, RandomNumberGenerator.GetBytes(32), ct);
        }
        var log = Path.Combine(_runDir, _name is null ? "server.log" : $"{_name}-server-{_logs.Count + 1}.log");
        _logs.Add(log);
        _process = await ChildProcess.StartServerAsync(_name is null ? "AsnCat server" : $"AsnCat server ({_name})", _serverDll, DbPath, KeyFile, log, ct, _environment);
        HubUrl = new Uri(_process.Url, ExamHub.Path);
    }

    /// <summary>
    /// A running session with <paramref name="count"/> candidates written into the database beside
    /// the running server; started <paramref name="startedAgo"/> ago (each candidate then has the
    /// exam's duration minus that left).
    /// </summary>
    public async Task<SeededSession> SeedAsync(int count, CancellationToken ct, string tag = "LOAD", TimeSpan startedAgo = default) =>
        await Seeder.SeedAsync(ConnectionString, new Secrets(await File.ReadAllBytesAsync(KeyFile, ct)), count, startedAgo == TimeSpan.Zero ? TimeProvider.System : new Earlier(startedAgo), ct, tag);

    /// <summary>An admin seeded into the database and logged in (the runtime view).</summary>
    public Task<AdminClient> AdminAsync(CancellationToken ct) => AdminClient.LoginAsync(Url, ConnectionString, ct);

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

    /// <summary>A clean stop (SIGTERM, at most 20 s), so the database holds everything acknowledged.</summary>
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

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
        if (_ownedTemp is not null)
        {
            try
            {
                _ownedTemp.Delete(recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"temp folder {_ownedTemp.FullName} not deleted: {e.Message}");
            }
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The system clock, <paramref name="by"/> behind.</summary>
    private sealed class Earlier(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - by;
    }
}
