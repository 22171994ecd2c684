using System.Net.Http.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Ledger;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>
/// A centre and a venue, each a real server: the centre schedules a session of three candidates at
/// the venue, the venue pulls its package and runs the same session with the package's seed (two
/// candidates answer through the exam hub, one finishes, one never comes), ends it, and its bundle
/// (the exact bytes) is what the intake tests post.
/// </summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public const string VenueCode = "LOK-INT-01";

    private readonly TempDir _centreDir = new();
    private readonly TempDir _venueDir = new();
    private readonly FakeTimeProvider _time = new(KestrelHost.T0);
    private KestrelHost _venueHost = null!;

    internal KestrelHost Centre { get; private set; } = null!;

    internal TestVenue Venue { get; private set; } = null!;

    public string SessionCode { get; private set; } = "";

    public byte[] Bundle { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Centre = KestrelHost.Start(_centreDir, _time, deadlineSweep: false, recordHubFrames: false);
        _venueHost = KestrelHost.Start(_venueDir, _time, deadlineSweep: false, recordHubFrames: false);
        using var admin = await CentreClient.AdminAsync(Centre);
        Venue = await CentreClient.EnrolledAsync(Centre, admin, VenueCode);
        var planned = await SeedAsync(Centre, "INT", VenueCode, seed: null, start: false, count: 3);
        SessionCode = planned.Code;
        var list = (await Venue.Client.GetFromJsonAsync<PackageList>(SyncContract.PackagesPath, ct))!;
        var package = (await Venue.Client.GetFromJsonAsync<SessionPackage>(SyncContract.PackagePath(SessionCode, list.Packages.Single().Version), ct))!;

        var run = await SeedAsync(_venueHost, "INT", VenueCode, package.Seed, start: true, count: 3);
        await using (var first = await _venueHost.LoginAsync((run.People[0].ParticipantNumber, run.People[0].Pin, run.People[0].AttemptId)))
        await using (var second = await _venueHost.LoginAsync((run.People[1].ParticipantNumber, run.People[1].Pin, run.People[1].AttemptId)))
        {
            long seq = 0;
            for (var p = 0; p < 12; p++)
            {
                Assert.True((await KestrelHost.SaveAsync(first, p, p % 5, ++seq)).Applied);
                Assert.True((await KestrelHost.SaveAsync(second, p, (p + 2) % 5, seq)).Applied);
                _time.Advance(TimeSpan.FromSeconds(5));
            }
            Assert.True((await KestrelHost.SaveAsync(first, 3, null, ++seq)).Applied);
            var finish = await first.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
            Assert.True(finish.Ok, finish.Message);
        }
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await _venueHost.Control.EndSessionAsync(run.Id, "uji", "sesi selesai di lokasi"));
        var bundle = await _venueHost.Services.GetRequiredService<ResultBundles>().BuildAsync(run.Id, includeKeys: false, ct);
        Bundle = bundle!.ToBytes();
    }

    /// <summary>The same session (code, candidates, venue) on any host: the centre plans it, the venue runs it with the package's seed.</summary>
    internal static async Task<SeededSession> SeedAsync(KestrelHost host, string tag, string venue, string? seed, bool start, int count)
    {
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        var session = await SessionSeeder.SeedAsync(host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), host.Control, new SessionSpec
        {
            Code = "S-" + tag,
            Venue = venue,
            Formation = SessionSpec.TestFormation("F-" + tag),
            Candidates = SessionSpec.Crowd(tag, count),
            StartsAt = KestrelHost.T0,
            Seed = seed,
        }, "uji", start, TestContext.Current.CancellationToken);
        Assert.NotNull(session);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        Venue.Dispose();
        await Centre.DisposeAsync();
        await _venueHost.DisposeAsync();
        _centreDir.Dispose();
        _venueDir.Dispose();
    }
}
