using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.National.Venue;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.National.Centre;
using CentreClient = AsnCat.Server.Tests.National.Centre.CentreClient;
using AsnCat.Tool.Banks;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.National;

/// <summary>
/// The two halves together, each a real server on loopback: the centre registers a venue, the
/// venue enrols with its own command, pulls its package, runs the session with the package's
/// seed, and its uplink carries the board and then the signed bundle to the centre's intake.
/// </summary>
public sealed class VenueToCentreTests
{
    private const string VenueCode = "LOK-E2E-01";

    [Fact]
    public async Task A_venue_enrols_pulls_runs_its_session_and_the_centre_accepts_every_acknowledged_answer_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var centreDir = new TempDir();
        using var venueDir = new TempDir();
        var time = new FakeTimeProvider(KestrelHost.T0);
        await using var centre = KestrelHost.Start(centreDir, time, deadlineSweep: false, recordHubFrames: false);
        using var admin = await CentreClient.AdminAsync(centre);
        var issued = await CentreClient.RegisterAsync(admin, VenueCode);

        // the venue's operator enrols with the command; nothing else carries a key or a credential
        var identityDir = Path.Combine(venueDir.Path, "venue");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var enrolled = await VenueCommand.RunAsync(["venue", "enrol", "--centre", centre.Url, "--venue", VenueCode, "--code", issued.EnrolmentCode], stdout, stderr,
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:AsnCat"] = $"Data Source={Path.Combine(venueDir.Path, "asncat.db")};Pooling=False",
                ["National:IdentityDirectory"] = identityDir,
            });
        Assert.True(enrolled == 0, stderr.ToString());

        // planned as the console plans a session: seats counted and numbered
        await centre.Services.GetRequiredService<AsnCat.Server.Exam.ExamWriter>().Ready;
        var planned = await AsnCat.Server.Seeding.SessionSeeder.SeedAsync(centre.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), centre.Control, new AsnCat.Server.Seeding.SessionSpec
        {
            Code = "S-E2E",
            Venue = VenueCode,
            Formation = AsnCat.Server.Seeding.SessionSpec.TestFormation("F-E2E"),
            Candidates = AsnCat.Server.Seeding.SessionSpec.Crowd("E2E", 3),
            StartsAt = KestrelHost.T0,
            Seats = 3,
            NumberSeats = true,
        }, "uji", false, ct);
        Assert.NotNull(planned);
        await using var venue = KestrelHost.Start(new ServerOptions
        {
            DataDir = venueDir.Path,
            Time = time,
            DeadlineSweep = false,
            Settings = new Dictionary<string, string>
            {
                ["National:CentreUrl"] = centre.Url,
                ["National:VenueCode"] = VenueCode,
                ["National:IdentityDirectory"] = identityDir,
                // the test drives the rounds itself
                ["National:PullEvery"] = "01:00:00",
                ["National:ProgressEvery"] = "01:00:00",
                ["Results:BundleDirectory"] = Path.Combine(venueDir.Path, "bundles"),
            },
        });
        await venue.Services.GetRequiredService<PackagePuller>().PullOnceAsync(ct);
        await using (var db = venue.Db())
        {
            var handled = await db.Set<SyncPackage>().AsNoTracking().ToListAsync(ct);
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("venuesync.")).Select(e => e.Action + " " + e.Details).ToListAsync(ct);
            Assert.True(handled.Count == 1 && handled[0].Status == SyncPackage.Applied && handled[0].AckedAt is not null,
                string.Join(" | ", handled.Select(h => $"{h.SessionCode} v{h.Version} {h.Status} {h.Refusals}")) + " || " + string.Join(" | ", audit));
        }

        // the package arrived whole: same session, same candidates, the seed the centre committed to
        int sessionId;
        List<Attempt> seats;
        await using (var db = venue.Db())
        {
            var session = await db.ExamSessions.AsNoTracking().Include(s => s.BankVersion).SingleAsync(s => s.Code == planned.Code, ct);
            sessionId = session.Id;
            await using var centreDb = centre.Db();
            var commitment = await centreDb.ExamSessions.AsNoTracking().Where(s => s.Code == planned.Code).Select(s => s.SeedCommitment).SingleAsync(ct);
            Assert.Equal(commitment, AsnCat.Server.National.VenueSignatures.Commitment(session.Seed));
            seats = await db.Attempts.AsNoTracking().Include(a => a.Candidate).Where(a => a.ExamSessionId == session.Id).OrderBy(a => a.Id).ToListAsync(ct);
            Assert.Equal(planned.People.Select(p => p.ParticipantNumber).Order(StringComparer.Ordinal), seats.Select(a => a.Candidate!.ParticipantNumber).Order(StringComparer.Ordinal));

            // the bank archive the centre serves imports to the very bank the package names
            await AssertBankArchiveAsync(centre, identityDir, session.BankVersion!.Hash);
        }

        // the proctor issues PINs and starts; two candidates answer, one finishes, one never comes
        var people = new List<(string Number, string Pin, int AttemptId)>();
        foreach (var seat in seats)
        {
            people.Add((seat.Candidate!.ParticipantNumber, (await venue.Control.IssuePinAsync(seat.Id, "uji"))!, seat.Id));
        }
        Assert.True(await venue.Control.StartSessionAsync(sessionId, "uji"));
        await using (var first = await venue.LoginAsync(people[0]))
        await using (var second = await venue.LoginAsync(people[1]))
        {
            long seq = 0;
            for (var p = 0; p < 8; p++)
            {
                Assert.True((await KestrelHost.SaveAsync(first, p, p % 5, ++seq)).Applied);
                Assert.True((await KestrelHost.SaveAsync(second, p, (p + 1) % 5, seq)).Applied);
                time.Advance(TimeSpan.FromSeconds(5));
            }

            // while the link is up the centre's public board for the session is the venue's
            await venue.Services.GetRequiredService<VenueUplink>().RoundAsync(ct);
            using var anonymous = centre.Anonymous();
            var board = await anonymous.GetFromJsonAsync<LiveBoard>($"/api/public/live/sessions/{Uri.EscapeDataString(planned.Code)}", ct);
            Assert.NotNull(board);
            Assert.Equal(3, board.Rows.Count);
            Assert.Equal([0, 8, 8], board.Rows.Select(r => r.Answered).Order());

            Assert.True((await KestrelHost.SaveAsync(first, 2, null, ++seq)).Applied);
            var finish = await first.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
            Assert.True(finish.Ok, finish.Message);
        }
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await venue.Control.EndSessionAsync(sessionId, "uji", "sesi selesai di lokasi"));

        // the bundle is written by its job; the next round queues it and sends it, signed
        await WaitAsync(async () =>
        {
            await using var db = venue.Db();
            return await db.ExamSessions.AnyAsync(s => s.Id == sessionId && s.BundleSha256 != null, ct);
        });
        await venue.Services.GetRequiredService<VenueUplink>().RoundAsync(ct);
        await using (var db = venue.Db())
        {
            var sent = await db.Set<SyncOutbox>().AsNoTracking().SingleAsync(o => o.Kind == SyncOutbox.BundleKind, ct);
            Assert.True(sent.ReceiptStatus == "diterima", sent.ReceiptReasons);
        }

        // every answer event the venue acknowledged is at the centre exactly once, and the results match
        List<long> venueEvents;
        Dictionary<string, int?> venueTotals;
        await using (var db = venue.Db())
        {
            venueEvents = await db.AnswerEvents.AsNoTracking().Where(e => e.ExamSessionId == sessionId).Select(e => e.Id).ToListAsync(ct);
            venueTotals = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId).Select(a => new { a.Candidate!.ParticipantNumber, a.Total })
                .ToDictionaryAsync(a => a.ParticipantNumber, a => a.Total, ct);
        }
        await using (var db = centre.Db())
        {
            var centreSession = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Code == planned.Code, ct);
            var centreEvents = await db.AnswerEvents.AsNoTracking().Where(e => e.ExamSessionId == centreSession.Id).Select(e => e.VenueEventId).ToListAsync(ct);
            Assert.Equal(17, venueEvents.Count);   // 8 + 8 answers and one clearing
            Assert.Equal(venueEvents.Order(), centreEvents.Select(e => e!.Value).Order());
            var centreTotals = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == centreSession.Id).Select(a => new { a.Candidate!.ParticipantNumber, a.Total })
                .ToDictionaryAsync(a => a.ParticipantNumber, a => a.Total, ct);
            Assert.Equal(venueTotals.OrderBy(p => p.Key), centreTotals.OrderBy(p => p.Key));
        }

        // a second round sends nothing again
        await venue.Services.GetRequiredService<VenueUplink>().RoundAsync(ct);
        await using (var db = centre.Db())
        {
            Assert.Equal(1, await db.VenueBundles.CountAsync(b => b.Status == "diterima", ct));
        }
    }

    private static async Task AssertBankArchiveAsync(KestrelHost centre, string identityDir, string hash)
    {
        var ct = TestContext.Current.CancellationToken;
        var credential = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(identityDir, "venue.credential.json"), ct)).RootElement.GetProperty("credential").GetString();
        using var client = centre.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, VenueCode + ":" + credential);
        var zip = await client.GetByteArrayAsync($"{SyncContract.BanksPath}/{hash}", ct);
        using var unpacked = new TempDir();
        await ZipFile.ExtractToDirectoryAsync(new MemoryStream(zip), unpacked.Path, ct);
        var loaded = BankLoader.Load(unpacked.Path, new AsnCat.Tool.Banks.RulesCatalog(TestPaths.QuestionBanks).Blueprint);
        Assert.Empty(loaded.Errors);
        Assert.Equal(hash, loaded.Bank!.Hash);

        // a bank no session of this venue uses is not served
        var other = await client.GetAsync($"{SyncContract.BanksPath}/{new string('a', 64)}", ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, "bundel sesi belum tertulis setelah 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
