using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.National;
using AsnCat.Server.National.Venue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Venue;

/// <summary>
/// Up: the venue's boards and bundles go through a durable outbox, in order and once. A cut link
/// (the centre answering 503) does not stop a session; the queue keeps the newest board per
/// session and the bundle, and delivers them when the link returns, also after the venue restarts;
/// a refused bundle is kept with its reasons and not sent again.
/// </summary>
public sealed class OutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_post_is_signed_over_the_exact_bytes_sent_and_carries_the_venue_credential()
    {
        using var dir = new TempDir();
        var identity = VenueRig.Identity(dir);
        identity.Store(new VenueCredential("LOK-X", new Uri("http://pusat.test/"), "rahasia", "Lokasi X", "WIT", DateTimeOffset.UtcNow));
        var handler = new CapturingHandler();
        var client = new CentreClient(new HttpClient(handler) { BaseAddress = new Uri("http://pusat.test/") }, identity);
        var body = "{\"seq\":7,\"boards\":[]}"u8.ToArray();

        await client.ProgressAsync(body, Ct);
        await client.BundleAsync("SKD 01", [1, 2, 3], Ct);

        var publicKey = VenueSignatures.PublicKey(identity.Key());
        Assert.Equal(2, handler.Seen.Count);
        Assert.All(handler.Seen, r => Assert.Equal("AsnCat-Venue LOK-X:rahasia", r.Authorization));
        Assert.Equal(SyncContract.ProgressPath, handler.Seen[0].Path);
        Assert.Equal(body, handler.Seen[0].Body);
        Assert.True(VenueSignatures.Verify(publicKey, handler.Seen[0].Body, handler.Seen[0].Signature));
        Assert.True(VenueSignatures.Verify(publicKey, handler.Seen[1].Body, handler.Seen[1].Signature));
        Assert.False(VenueSignatures.Verify(publicKey, [1, 2, 4], handler.Seen[1].Signature));
        Assert.Equal("/api/sync/v1/bundles/SKD%2001", handler.Seen[1].Path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(identity.KeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(identity.CredentialPath));
        }
    }

    [Fact]
    public async Task A_cut_link_queues_the_newest_board_per_session_and_the_bundle_and_delivers_them_in_order_once()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-UP-001", 1, hash, [("U-001", 1), ("U-002", 2)]));
        centre.Offer(VenueRig.Package("SKD-UP-002", 1, hash, [("U-003", 1)]));
        await using var venue = VenueRig.Start(dir, centre);
        await venue.PullAsync();
        var (first, second) = await SessionIdsAsync(venue, "SKD-UP-001", "SKD-UP-002");

        centre.Down = true;
        var control = venue.Services.GetRequiredService<ExamControl>();
        Assert.True(await control.OpenSessionAsync(first, "panitia"));
        Assert.True(await control.StartSessionAsync(first, "panitia"));
        Assert.True(await control.OpenSessionAsync(second, "panitia"));
        // the exam goes on without the centre: the session ends and its bundle is written and queued
        Assert.True(await control.EndSessionAsync(first, "panitia", "waktu ujian habis"));
        await VenueRig.WaitUntilAsync(async () => (await venue.OutboxAsync()).Any(o => o.Kind == SyncOutbox.BundleKind), "the bundle queued");
        await VenueRig.WaitUntilAsync(async () => (await venue.OutboxAsync()).Any(o => o.Kind == SyncOutbox.BundleKind && o.Tries >= 1), "the bundle tried and failed");
        var queued = (await venue.OutboxAsync()).Where(o => o.Pending).ToList();
        Assert.Empty(centre.BundlePosts);
        // coalesced: at most one waiting board per session, whatever the number of rounds
        Assert.All(queued.Where(o => o.Kind == SyncOutbox.ProgressKind).GroupBy(o => o.SessionCode), g => Assert.Single(g));
        Assert.Contains(queued, o => o.LastError is not null);

        centre.Down = false;
        await VenueRig.WaitUntilAsync(async () => centre.BundlePosts.Count == 1 && !(await venue.OutboxAsync()).Any(o => o.Pending && o.Kind == SyncOutbox.BundleKind), "the bundle delivered");
        await VenueRig.WaitUntilAsync(() => Task.FromResult(centre.Progress.Any(b => b.Boards.Any(x => x.Subject == "SKD-UP-002"))), "the boards delivered");
        // the ended session's final board, taken after the end, follows within a few rounds
        await VenueRig.WaitUntilAsync(() => Task.FromResult(centre.Progress.SelectMany(b => b.Boards).Any(x => x.Subject == "SKD-UP-001" && x.Sessions.Single().State == SessionState.Ended.Label())), "the final board delivered");

        await using var db = venue.Db();
        var session = await db.ExamSessions.SingleAsync(s => s.Id == first, Ct);
        var (code, bytes) = Assert.Single(centre.BundlePosts);
        Assert.Equal("SKD-UP-001", code);
        Assert.Equal(session.BundleSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir.Path, "bundles", "SKD-UP-001.json"), Ct), bytes);
        // in order: each arrival's outbox row comes after the previous one's
        var rows = await venue.OutboxAsync();
        var order = centre.Arrivals.Select(a => a.StartsWith("progress:", StringComparison.Ordinal)
            ? long.Parse(a["progress:".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : rows.Single(r => r.Kind == SyncOutbox.BundleKind && "bundle:" + r.Sha256 == a).Id).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal(order.Count, order.Distinct().Count());
        // the first batch after the outage held one board per session, the newest: the ended session's final board
        var resumed = centre.Progress.First(b => b.Boards.Any(x => x.Subject == "SKD-UP-002"));
        Assert.Equal(resumed.Boards.Count, resumed.Boards.Select(x => x.Subject).Distinct().Count());
        Assert.Empty(centre.Refusals);
        Assert.True(centre.VerifiedSignatures > 0);
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.VenueSync.BundleAccepted).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_queue_survives_a_restart_of_the_venue_and_is_delivered_once_afterwards()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-UP-003", 1, hash, [("V-001", 1)]));
        string sha;
        await using (var venue = VenueRig.Start(dir, centre))
        {
            await venue.PullAsync();
            var (id, _) = await SessionIdsAsync(venue, "SKD-UP-003", "SKD-UP-003");
            centre.Down = true;
            var control = venue.Services.GetRequiredService<ExamControl>();
            Assert.True(await control.OpenSessionAsync(id, "panitia"));
            Assert.True(await control.StartSessionAsync(id, "panitia"));
            Assert.True(await control.EndSessionAsync(id, "panitia", "waktu ujian habis"));
            await VenueRig.WaitUntilAsync(async () => (await venue.OutboxAsync()).Any(o => o.Kind == SyncOutbox.BundleKind), "the bundle queued");
            sha = (await venue.OutboxAsync()).Single(o => o.Kind == SyncOutbox.BundleKind).Sha256;
        }
        Assert.Empty(centre.BundlePosts);

        centre.Down = false;
        await using (var venue = VenueRig.Start(dir, centre, enrolled: false))   // the same folder: its key, credential and database
        {
            await VenueRig.WaitUntilAsync(() => Task.FromResult(centre.BundlePosts.Count == 1), "the bundle delivered after the restart");
            for (var i = 0; i < 3; i++)
            {
                await venue.Services.GetRequiredService<VenueUplink>().RoundAsync(Ct);
            }
            var rows = await venue.OutboxAsync();
            Assert.Single(rows, o => o.Kind == SyncOutbox.BundleKind);
            Assert.DoesNotContain(rows, o => o.Pending && o.Kind == SyncOutbox.BundleKind);
        }
        var (_, bytes) = Assert.Single(centre.BundlePosts);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Empty(centre.Refusals);
    }

    [Fact]
    public async Task A_refused_bundle_is_kept_with_its_reasons_audited_and_not_sent_again()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        centre.BundleStatus = "ditolak";
        centre.RefusalReasons = ["Seed bundel tidak cocok dengan komitmen sesi SKD-UP-004 (lokasi LOK-UJI-01)."];
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-UP-004", 1, hash, [("W-001", 1)]));
        await using var venue = VenueRig.Start(dir, centre);
        await venue.PullAsync();
        var (id, _) = await SessionIdsAsync(venue, "SKD-UP-004", "SKD-UP-004");
        var control = venue.Services.GetRequiredService<ExamControl>();
        Assert.True(await control.OpenSessionAsync(id, "panitia"));
        Assert.True(await control.StartSessionAsync(id, "panitia"));
        Assert.True(await control.EndSessionAsync(id, "panitia", "waktu ujian habis"));

        await VenueRig.WaitUntilAsync(() => Task.FromResult(centre.BundlePosts.Count == 1), "the bundle sent");
        await VenueRig.WaitUntilAsync(async () => (await venue.OutboxAsync()).Any(o => o.ReceiptStatus == OutboxSender.Refused), "the receipt stored");
        for (var i = 0; i < 3; i++)
        {
            await venue.Services.GetRequiredService<VenueUplink>().RoundAsync(Ct);
        }

        Assert.Single(centre.BundlePosts);
        var row = Assert.Single(await venue.OutboxAsync(), o => o.Kind == SyncOutbox.BundleKind);
        Assert.Equal(OutboxSender.Refused, row.ReceiptStatus);
        Assert.Equal(centre.RefusalReasons[0], row.ReceiptReasons);
        await using var db = venue.Db();
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.VenueSync.BundleRefused, Ct);
        Assert.Equal("session:SKD-UP-004", audit.Subject);
        Assert.Contains("komitmen", JsonDocument.Parse(audit.Details!).RootElement.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<(int, int)> SessionIdsAsync(VenueRig venue, string a, string b)
    {
        await using var db = venue.Db();
        var ids = await db.ExamSessions.Where(s => s.Code == a || s.Code == b).ToDictionaryAsync(s => s.Code, s => s.Id, Ct);
        return (ids[a], ids[b]);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<(string Path, string Authorization, string Signature, byte[] Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Seen.Add((request.RequestUri!.AbsolutePath, request.Headers.Authorization!.ToString(), request.Headers.GetValues(SyncContract.SignatureHeader).Single(), body));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        }
    }
}
