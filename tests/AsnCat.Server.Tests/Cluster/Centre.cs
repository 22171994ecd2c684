using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Results;
using AsnCat.Server.Tests.ScaleOut;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// The centre as it is deployed: two nodes (role pusat, separate processes) on one PostgreSQL
/// (Database:Provider and Jobs:Storage Postgres) with the Redis backplane, behind nginx with HTTPS
/// (scripts/centre-proxy.sh: self-signed certificate, sticky route cookie). PostgreSQL and Redis are
/// private instances the tests may stop. Seeded with ended sessions to publish and a committee
/// member. A missing engine fails every test with what to install.
/// </summary>
public sealed class Centre : IAsyncLifetime
{
    public const string Staff = "ketua-pusat";
    public const string Password = TestStaff.Password;
    public const string Formation = "F-PUSAT";

    /// <summary>Ended sessions with a ledger head, each publishable once (S-PUSAT-01 ...).</summary>
    public const int Sessions = 40;

    private readonly TempDir _dir = new();
    private X509Certificate2? _certificate;

    internal PrivatePostgres Postgres { get; private set; } = null!;

    internal PrivateRedis Redis { get; private set; } = null!;

    internal CentreNode A { get; private set; } = null!;

    internal CentreNode B { get; private set; } = null!;

    public int ProxyPort { get; } = ChildProcessHost.FreePort();

    public string Url => $"https://127.0.0.1:{ProxyPort}";

    public string Database => Postgres.ConnectionString("asncat");

    private string ProxyDir => Path.Combine(_dir.Path, "proxy");

    public static string SessionCode(int i) => $"S-PUSAT-{i:D2}";

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists("/usr/sbin/nginx") || File.Exists("/usr/bin/nginx"), "nginx belum terpasang: jalankan scripts/services.sh install.");
        Postgres = await PrivatePostgres.StartAsync();
        await using (var server = new NpgsqlConnection(Postgres.ConnectionString("postgres")))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE asncat", server);
            await create.ExecuteNonQueryAsync();
        }
        Redis = await PrivateRedis.StartAsync();
        var settings = new Dictionary<string, string>(Engines.JobSettings(Database))
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:AsnCat"] = Database,
            ["SignalR:Redis"] = Redis.Configuration,
            ["SignalR:ChannelPrefix"] = Engines.Prefix(),
        };
        A = new CentreNode("A", Path.Combine(_dir.Path, "a"), settings);
        B = new CentreNode("B", Path.Combine(_dir.Path, "b"), settings);
        var ct = TestContext.Current.CancellationToken;
        await A.StartAsync(ct);   // migrates the database first; B then finds it migrated
        await B.StartAsync(ct);
        await RunProxyAsync("start", ProxyDir, ProxyPort.ToString(CultureInfo.InvariantCulture), A.Address, B.Address);
        _certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(ProxyDir, "tls", "centre.crt"));
        await SeedAsync();
    }

    /// <summary>
    /// Starts whichever node a test killed, and waits until nginx routes to it again (it keeps a
    /// failed node out for its fail_timeout), so the next test's clients land where they ask.
    /// </summary>
    public async Task BothUpAsync()
    {
        foreach (var (node, route) in new[] { (A, "n1"), (B, "n2") })
        {
            if (!node.Running)
            {
                await node.StartAsync(TestContext.Current.CancellationToken);
            }
            var (client, cookies) = Client(route);
            using var _ = client;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                await client.GetAsync("/health", TestContext.Current.CancellationToken);
                if (Route(cookies) == route)
                {
                    break;
                }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"nginx did not route to node {node.Name} again within 20 s");
                cookies.Add(new Uri(Url), new Cookie("asncat_node", route));
                await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>
    /// A client of the proxy that trusts only the proxy's own certificate (pinned, not "any
    /// certificate"), keeps cookies, and starts on <paramref name="node"/> (n1 = A, n2 = B) by the route cookie.
    /// </summary>
    public (HttpClient Client, CookieContainer Cookies) Client(string? node = null)
    {
        var cookies = new CookieContainer();
        if (node is not null)
        {
            cookies.Add(new Uri(Url), new Cookie("asncat_node", node));
        }
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, cert, _, _) => Pinned(cert) };
        return (new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) }, cookies);
    }

    public async Task<(HttpClient Client, CookieContainer Cookies)> StaffAsync(string node)
    {
        var (client, cookies) = Client(node);
        var response = await client.PostAsJsonAsync("/api/account/login", new { userName = Staff, password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, cookies);
    }

    /// <summary>A watcher of publications on <c>/hubs/live</c> through the proxy, on <paramref name="node"/>, reconnecting by itself.</summary>
    public async Task<HubConnection> WatcherAsync(string node, Action<PublicationNotice> onNotice)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(Url + LiveHubContract.Path, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.Cookies.Add(new Uri(Url), new Cookie("asncat_node", node));
                o.HttpMessageHandlerFactory = h =>
                {
                    if (h is HttpClientHandler http)
                    {
                        http.ServerCertificateCustomValidationCallback = (_, cert, _, _) => Pinned(cert);
                    }
                    return h;
                };
                o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && Pinned(c);
            })
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)])
            .Build();
        connection.On<PublicationNotice>(nameof(ILiveClient.Published), onNotice);
        // a reconnected connection is a new one on the server: it asks for the announcements again
        connection.Reconnected += _ => connection.InvokeAsync(nameof(ILiveHub.WatchPublications));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await connection.InvokeAsync(nameof(ILiveHub.WatchPublications), TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>The route cookie the proxy last set: which node answered (n1 = A, n2 = B).</summary>
    public string? Route(CookieContainer cookies) => cookies.GetCookies(new Uri(Url))["asncat_node"]?.Value;

    /// <summary>The test's own look at the database, unpooled: a pooled connection would not survive the restart the tests make.</summary>
    public AsnCatDb Db() => PostgresTestDatabase.Open(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString);

    private bool Pinned(X509Certificate2? certificate) => certificate is not null && _certificate is not null && certificate.Thumbprint == _certificate.Thumbprint;

    private async Task SeedAsync()
    {
        await using (var db = Db())
        {
            var snapshot = new BlueprintSnapshot { Code = "skd", Hash = new string('0', 64), Yaml = "code: skd" };
            var bank = new BankVersion { Code = "pusat", Title = "Bank pusat", BlueprintCode = "skd", BlueprintSnapshot = snapshot, Hash = new string('2', 64), ImportedAt = TestDatabase.Start };
            var formation = new Formation { Code = Formation, Agency = "Instansi Pusat", Position = "Analis", Location = "Kota Makassar", Quota = 3, Education = "S-1" };
            var n = 0;
            for (var s = 1; s <= Sessions; s++)
            {
                var session = new ExamSession
                {
                    Code = SessionCode(s), Venue = "Gedung Pusat", Room = "Ruang " + s, Seats = 200, TimeZone = "WITA", StartsAt = TestDatabase.Start, BlueprintCode = "skd",
                    BlueprintSnapshot = snapshot, BankVersion = bank, ThresholdSetCode = "skd-2024", Seed = new string('b', 32),
                    State = SessionState.Ended, EndedAt = TestDatabase.Start + TimeSpan.FromMinutes(110), LedgerHead = new string((char)('a' + s % 6), 64),
                };
                // session 1 is large (a publication that takes a moment); the others small
                for (var i = 0; i < (s == 1 ? 400 : 20); i++)
                {
                    n++;
                    var candidate = new Candidate
                    {
                        ParticipantNumber = $"PST-{n:D5}", Name = "Peserta " + n.ToString(CultureInfo.InvariantCulture), Nik = "7371" + n.ToString("D12", CultureInfo.InvariantCulture),
                        BirthDate = new DateOnly(1998, 7, 15), Formation = formation, Category = CandidateCategory.Umum,
                    };
                    db.Attempts.Add(ResultsFixture.Attempt(session, candidate, [60 + n % 40, 70 + n % 50, 150 + n % 60], "candidate"));
                }
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var services = new ServiceCollection().AddLogging();
        services.AddScoped<AsnCatDb>(_ => PostgresTestDatabase.Open(Database));
        // the server's rules (IdentityExtensions): length, not composition
        services.AddIdentityCore<StaffUser>(o =>
        {
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
        }).AddRoles<IdentityRole>().AddEntityFrameworkStores<AsnCatDb>();
        await using var provider = services.BuildServiceProvider();
        await TestStaff.CreateAsync(provider, Staff, StaffRoles.Admin, Password);
    }

    private static async Task RunProxyAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(TestPaths.RepoRoot, "scripts", "centre-proxy.sh"), args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"scripts/centre-proxy.sh {string.Join(' ', args)} gagal: {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunProxyAsync("stop", ProxyDir);
        }
        finally
        {
            A?.Dispose();
            B?.Dispose();
            if (Redis is not null)
            {
                await Redis.DisposeAsync();
            }
            if (Postgres is not null)
            {
                await Postgres.DisposeAsync();
            }
            _certificate?.Dispose();
            _dir.Dispose();
        }
    }
}
