using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Results;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// The real server on a loopback Kestrel port over the <see cref="ResultsFixture"/> database,
/// whose two sessions have ended with a ledger head each (as the ledger helper leaves them).
/// </summary>
internal sealed class PublishingHost : IAsyncDisposable
{
    public const string Password = "sandi-uji-yang-panjang";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly TempDir _dir;

    private PublishingHost(ResultsFixture fixture, TempDir dir, WebApplicationFactory<Program> factory, string url)
    {
        Fixture = fixture;
        _dir = dir;
        _factory = factory;
        Url = url;
    }

    public ResultsFixture Fixture { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public IServiceProvider Services => _factory.Services;

    public Publisher Publisher => Services.GetRequiredService<Publisher>();

    /// <summary>The ledger head the test wrote for a session: SHA-256 of its code.</summary>
    public static string HeadOf(string sessionCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ledger " + sessionCode)));

    /// <param name="endSessions">Which fixture sessions end (with a head, unless in <paramref name="withoutHead"/>); the rest keep running.</param>
    public static async Task<PublishingHost> StartAsync(string[]? endSessions = null, string[]? withoutHead = null)
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
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:AsnCat", fixture.Database.ConnectionString);
            b.UseSetting("Exam:PinKeyFile", Path.Combine(dir.Path, "pin.key"));
            b.UseSetting("Terminal:KeysDirectory", Path.Combine(dir.Path, "keys"));
            b.UseSetting("Results:ExportDirectory", Path.Combine(dir.Path, "exports"));
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Exam:DeadlineSweep", "false");
            // the PDF tests run PDFsharp under its AGPL license (the server itself needs the setting chosen)
            b.UseSetting("Publication:PdfSharpLicense", "agpl");
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PublishingHost(fixture, dir, factory, url);
    }

    /// <summary>A plain client of the real port: no cookies, no redirects followed.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(Url) };

    /// <summary>A signed-in staff client with the role (a new account with <see cref="Password"/>).</summary>
    public async Task<HttpClient> StaffAsync(string userName, string role)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = new StaffUser { UserName = userName, DisplayName = "Uji " + userName, Venues = ["Gedung Uji"] };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        var login = await client.PostAsJsonAsync("/api/account/login", new { userName, password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }

    public AsnCatDb Db() => Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Fixture.Dispose();
        _dir.Dispose();
    }
}
