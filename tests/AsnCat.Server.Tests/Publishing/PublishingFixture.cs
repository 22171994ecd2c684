using System.Security.Cryptography;
using System.Text;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// The <see cref="ResultsFixture"/> database, whose two sessions have ended with a ledger head
/// each (as the ledger helper leaves them), served by the shared <see cref="KestrelHost"/>.
/// </summary>
internal sealed class PublishingFixture : IAsyncDisposable
{
    public const string Password = KestrelHost.Password;

    private readonly KestrelHost _host;
    private readonly TempDir _dir;

    private PublishingFixture(ResultsFixture fixture, TempDir dir, KestrelHost host)
    {
        Fixture = fixture;
        _dir = dir;
        _host = host;
    }

    public ResultsFixture Fixture { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => _host.Url;

    public IServiceProvider Services => _host.Services;

    public Publisher Publisher => Services.GetRequiredService<Publisher>();

    /// <summary>The ledger head the test wrote for a session: SHA-256 of its code.</summary>
    public static string HeadOf(string sessionCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ledger " + sessionCode)));

    /// <param name="endSessions">Which fixture sessions end (with a head, unless in <paramref name="withoutHead"/>); the rest keep running.</param>
    public static async Task<PublishingFixture> StartAsync(string[]? endSessions = null, string[]? withoutHead = null)
    {
        var fixture = await ResultsFixture.CreateAsync();
        endSessions ??= [ResultsFixture.SessionOne, ResultsFixture.SessionTwo];
        await using (var db = fixture.Database.Open())
        {
            foreach (var session in await db.ExamSessions.ToListAsync(TestContext.Current.CancellationToken))
            {
                if (endSessions.Contains(session.Code))
                {
                    session.State = SessionState.Ended;
                    session.EndedAt = TestDatabase.Start + TimeSpan.FromMinutes(110);
                    session.LedgerHead = withoutHead?.Contains(session.Code) == true ? null : HeadOf(session.Code);
                }
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var dir = new TempDir();
        var host = KestrelHost.Start(new ServerOptions
        {
            DataDir = dir.Path,
            ConnectionString = fixture.Database.ConnectionString,
            DeadlineSweep = false,
            Settings = new Dictionary<string, string>
            {
                ["Results:ExportDirectory"] = Path.Combine(dir.Path, "exports"),
            },
        });
        return new PublishingFixture(fixture, dir, host);
    }

    /// <summary>A plain client of the real port: no cookies, no redirects followed.</summary>
    public HttpClient Anonymous() => _host.Anonymous();

    /// <summary>A signed-in staff client with the role (a new account with <see cref="Password"/>).</summary>
    public Task<HttpClient> StaffAsync(string userName, string role) => _host.StaffAsync(userName, role, "Gedung Uji");

    public AsnCatDb Db() => _host.Db();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Fixture.Dispose();
        _dir.Dispose();
    }
}
