using System.Security.Cryptography;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest.National;

/// <summary>
/// The centre as the national run starts it: two nodes (role <c>pusat</c>) on one PostgreSQL
/// database with Hangfire's storage there too, SignalR over Redis, behind nginx with HTTPS and
/// sticky sessions (<c>scripts/centre-proxy.sh</c>). The nodes share the bank archives and the
/// accepted bundles through one folder, as several real nodes would share a volume.
/// </summary>
public sealed class CentreCluster : IAsyncDisposable
{
    private const string Admin = "ketua-nasional";

    private readonly string _directory;
    private readonly string _database;
    private readonly List<ChildProcess> _nodes = [];
    private string? _proxyDirectory;

    private CentreCluster(string directory, string database)
    {
        _directory = directory;
        _database = database;
    }

    public Uri Url { get; private set; } = new("https://127.0.0.1:1/");

    public int ProxyPort { get; private set; }

    /// <summary>The proxy's certificate (PEM): what the venues and the run's clients trust.</summary>
    public string Certificate => Path.Combine(_proxyDirectory!, "tls", "centre.crt");

    public IReadOnlyList<ChildProcess> Nodes => _nodes;

    public static async Task<CentreCluster> StartAsync(string serverDll, string directory, string database, string redis, int nodes, CancellationToken ct)
    {
        var cluster = new CentreCluster(directory, database);
        try
        {
            var shared = Path.Combine(directory, "shared");
            for (var i = 0; i < nodes; i++)
            {
                var name = "pusat-" + (char)('a' + i);
                var dir = Path.Combine(directory, name);
                Directory.CreateDirectory(dir);
                var key = Path.Combine(dir, "pin.key");
                await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32), ct);
                // the first node migrates the database; the others start on it
                cluster._nodes.Add(await ChildProcess.StartServerAsync(name, serverDll, Path.Combine(dir, "unused.db"), key, Path.Combine(dir, "server.log"), ct, new Dictionary<string, string>
                {
                    ["AsnCat__Role"] = "pusat",
                    ["Database__Provider"] = "Postgres",
                    ["ConnectionStrings__AsnCat"] = database,
                    ["Jobs__Storage"] = "Postgres",
                    ["ConnectionStrings__Jobs"] = database,
                    ["SignalR__Redis"] = redis,
                    ["SignalR__ChannelPrefix"] = "asncat-national-" + Environment.ProcessId,
                    ["Banks__SourceDirectory"] = Path.Combine(shared, "banks"),
                    ["Results__BundleDirectory"] = Path.Combine(shared, "bundles"),
                    ["Logging__File"] = Path.Combine(dir, "logs", "asncat-.json"),
                }));
            }
            cluster._proxyDirectory = Path.Combine(directory, "proxy");
            cluster.ProxyPort = ChildProcess.FreePort();
            await ScriptAsync(["scripts/centre-proxy.sh", "start", cluster._proxyDirectory, cluster.ProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. cluster._nodes.Select(n => $"{n.Url.Host}:{n.Url.Port}")], ct);
            cluster.Url = new Uri($"https://127.0.0.1:{cluster.ProxyPort}/");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public PostgresAsnCatDb Db() => new(new DbContextOptionsBuilder<PostgresAsnCatDb>().UseNpgsql(_database).Options);

    /// <summary>The committee's chair: an admin written into the database, signed in through nginx.</summary>
    public async Task<StaffClient> CommitteeAsync(CancellationToken ct)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await using (var db = Db())
        {
            await Seeder.SeedAdminAsync(db, Admin, password, ct);
        }
        return await StaffClient.LoginAsync(Url, Certificate, Admin, password, ct);
    }

    /// <summary>An anonymous client through nginx (the public).</summary>
    public HttpClient Public() => StaffClient.Http(Url, Certificate, cookies: false);

    public async ValueTask DisposeAsync()
    {
        if (_proxyDirectory is not null)
        {
            try
            {
                await ScriptAsync(["scripts/centre-proxy.sh", "stop", _proxyDirectory], CancellationToken.None);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
            }
        }
        foreach (var node in _nodes)
        {
            await node.StopAsync(TimeSpan.FromSeconds(20));
            await node.DisposeAsync();
        }
    }

    /// <summary>Runs one of the repository's scripts (the run starts in the repository's root).</summary>
    private static async Task ScriptAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        var (code, output, errors) = await Command.RunAsync(command[0], command.Skip(1), ct: ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)}: exit {code}: {output} {errors}");
        }
    }
}
