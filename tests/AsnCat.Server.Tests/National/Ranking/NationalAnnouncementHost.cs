using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

/// <summary>
/// The <see cref="NationalFixture"/> centre served by the real server, with both sessions' bundles
/// accepted as intake leaves them: the exact bytes in a file under the test's folder, a
/// <see cref="VenueBundle"/> record pointing at it, the session's <c>BundleSha256</c> and ledger head.
/// </summary>
internal sealed class NationalAnnouncementHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TempDir _dir;

    private NationalAnnouncementHost(NationalFixture fixture, TempDir dir, KestrelHost host)
    {
        Fixture = fixture;
        _dir = dir;
        Host = host;
    }

    public NationalFixture Fixture { get; }

    public KestrelHost Host { get; }

    /// <summary>Each session's accepted bytes, by session code.</summary>
    public Dictionary<string, byte[]> Bundles { get; } = new(StringComparer.Ordinal);

    /// <summary>Each session's ledger head as intake wrote it, by session code.</summary>
    public static string HeadOf(string session) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kepala " + session)));

    public static async Task<NationalAnnouncementHost> StartAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await NationalFixture.CreateAsync();
        var dir = new TempDir();
        var host = new NationalAnnouncementHost(fixture, dir, KestrelHost.Start(new ServerOptions
        {
            DataDir = dir.Path,
            ConnectionString = fixture.Database.ConnectionString,
            DeadlineSweep = false,
        }));
        await using var db = fixture.Database.Open();
        foreach (var session in await db.ExamSessions.ToListAsync(ct))
        {
            var venue = new NationalVenue { Code = "LOK-" + session.Code, Name = session.Venue, TimeZone = session.TimeZone, CreatedAt = TestDatabase.Start };
            db.Add(venue);
            await db.SaveChangesAsync(ct);
            // any bytes do: the downloads must give back exactly what intake stored
            var bytes = Encoding.UTF8.GetBytes($"{{\"format\":\"asncat-bundle/1\",\"session\":\"{session.Code}\",\"uji\":\"ä\"}}\n");
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = Path.Combine(dir.Path, "national", venue.Code, $"{session.Code}.{sha[..16]}.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes, ct);
            host.Bundles[session.Code] = bytes;
            session.BundleSha256 = sha;
            session.LedgerHead = HeadOf(session.Code);
            db.Add(new VenueBundle
            {
                NationalVenueId = venue.Id, ExamSessionId = session.Id, SessionCode = session.Code, Sha256 = sha, LedgerHead = session.LedgerHead,
                Status = BundleStatus.Accepted, Path = path, ReceivedAt = TestDatabase.Start,
            });
        }
        await db.SaveChangesAsync(ct);
        return host;
    }

    public Task<HttpClient> PanitiaAsync() => Host.StaffAsync("panitia-nasional", StaffRoles.Panitia);

    /// <summary>A national run through the committee's API.</summary>
    public static async Task RunAsync(HttpClient panitia)
    {
        var response = await panitia.PostAsync("/api/national/ranking/runs", null, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static async Task CloseAsync(HttpClient panitia, string formation)
    {
        var response = await panitia.PostAsJsonAsync($"/api/national/formations/{formation}/close", new { force = false, reason = (string?)null }, Json, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static Task<HttpResponseMessage> PublishAsync(HttpClient panitia, string formation) =>
        panitia.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.National, formation), Json, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Fixture.Dispose();
        _dir.Dispose();
    }
}
