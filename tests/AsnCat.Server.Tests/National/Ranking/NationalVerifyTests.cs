using System.Text.Json;
using System.Text.Json.Nodes;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Ledger;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Commands;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.National.Ranking;

/// <summary>
/// The national publication as the centre serves it, with the real result bundles of two sessions
/// at two venues whose formation spans both, passes <c>verify --national</c>; a changed rank, a
/// bundle whose bytes changed, a missing bundle, and a publication that counted a candidate's
/// second attempt each fail with the line naming what.
/// </summary>
public sealed class NationalVerifyTests(NationalVerifyFixture f) : IClassFixture<NationalVerifyFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Verify(string publication, params string[] bundles)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CommandLine.Run(["verify", "--national", publication, .. bundles], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, JsonNode publication) => _dir.Write(name, publication.ToJsonString(JsonSerializerOptions.Web));

    private JsonNode Publication() => JsonNode.Parse(f.Publication)!;

    private static JsonObject Row(JsonNode publication, string number) =>
        publication["formations"]!.AsArray().SelectMany(x => x!["rows"]!.AsArray()).Single(r => r!["participantNumber"]!.GetValue<string>() == number)!.AsObject();

    [Fact]
    public void The_centres_publication_with_both_venues_bundles_passes()
    {
        var path = _dir.Write("publikasi.json", System.Text.Encoding.UTF8.GetString(f.Publication));
        var (exit, output, error) = Verify(path, f.BundleA, f.BundleB);
        Assert.True(exit == 0, output + error);
        Assert.Equal("", error);
        Assert.Contains($"[OK] bundel sesi {NationalVerifyFixture.SessionA} (lokasi {NationalVerifyFixture.VenueA}): ", output, StringComparison.Ordinal);
        Assert.Contains($"[OK] bundel sesi {NationalVerifyFixture.SessionB} (lokasi {NationalVerifyFixture.VenueB}): ", output, StringComparison.Ordinal);
        Assert.Contains($"[OK] formasi {NationalVerifyFixture.Formation}: 9 baris diturunkan ulang dari bundel sesi {NationalVerifyFixture.SessionA}, {NationalVerifyFixture.SessionB}", output, StringComparison.Ordinal);
        Assert.Contains("[OK] seleksi: 9 peserta (masing-masing sekali), 1 ujian lebih dari sekali", output, StringComparison.Ordinal);
        Assert.Contains("Hasil nasional: LULUS PEMERIKSAAN", output, StringComparison.Ordinal);
        // the ranking is not trivial: passers who advance, a passer who does not, a failure, the absent and the disqualified
        var rows = Publication()["formations"]![0]!["rows"]!.AsArray();
        Assert.Contains(rows, r => r!["advances"]!.GetValue<bool>());
        Assert.Contains(rows, r => r!["passed"]!.GetValue<bool>() && !r["advances"]!.GetValue<bool>());
        Assert.Equal(["diskualifikasi", "lulus", "tidak_hadir", "tidak_lulus"], rows.Select(r => r!["outcome"]!.GetValue<string>()).Distinct().Order());
    }

    [Fact]
    public void A_changed_rank_fails_naming_the_row()
    {
        var p = Publication();
        var second = Row(p, f.People[1]);
        var rank = second["rank"]!.GetValue<int>();
        second["rank"] = rank + 1;
        var (exit, output, _) = Verify(Write("publikasi.json", p), f.BundleA, f.BundleB);
        Assert.Equal(1, exit);
        Assert.Contains($"[GAGAL] formasi {NationalVerifyFixture.Formation}: 1 selisih", output, StringComparison.Ordinal);
        Assert.Contains($"({f.People[1]}).rank: dari bundel {rank}, publikasi {rank + 1}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_whose_bytes_changed_fails_naming_its_session_and_venue()
    {
        var changed = _dir.Write("S-NVB.json", File.ReadAllText(f.BundleB).Replace("\"Ruang 1\"", "\"Ruang 2\"", StringComparison.Ordinal));
        var path = _dir.Write("publikasi.json", System.Text.Encoding.UTF8.GetString(f.Publication));
        var (exit, output, _) = Verify(path, f.BundleA, changed);
        Assert.Equal(1, exit);
        Assert.Contains($"[GAGAL] bundel sesi {NationalVerifyFixture.SessionB} (lokasi {NationalVerifyFixture.VenueB}): {changed} (sha256 ", output, StringComparison.Ordinal);
        Assert.Contains("bukan bundel yang diterima pusat", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bundle_fails_naming_its_session_and_venue()
    {
        var path = _dir.Write("publikasi.json", System.Text.Encoding.UTF8.GetString(f.Publication));
        var (exit, output, _) = Verify(path, f.BundleA);
        Assert.Equal(1, exit);
        Assert.Contains($"[GAGAL] bundel sesi {NationalVerifyFixture.SessionB} (lokasi {NationalVerifyFixture.VenueB}): tidak diberikan. Unduh bundel yang disebut publikasi", output, StringComparison.Ordinal);
        Assert.Contains($"[GAGAL] formasi {NationalVerifyFixture.Formation}: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_second_attempt_in_another_session_is_flagged_and_a_publication_that_counted_it_fails()
    {
        var p = Publication();
        var twice = Row(p, NationalVerifyFixture.SatTwice);
        Assert.Equal(2, twice["finishedAttempts"]!.GetValue<int>());
        // the first attempt (at venue A, weaker) counts; a centre that took the later, better one would publish these
        Assert.True(f.SecondAttemptTotal > twice["total"]!.GetValue<int>());
        twice["total"] = f.SecondAttemptTotal;
        twice["finishedAttempts"] = 1;
        var (exit, output, _) = Verify(Write("publikasi.json", p), f.BundleA, f.BundleB);
        Assert.Equal(1, exit);
        Assert.Contains($"({NationalVerifyFixture.SatTwice}).total: dari bundel ", output, StringComparison.Ordinal);
        Assert.Contains($"({NationalVerifyFixture.SatTwice}).finishedAttempts: dari bundel 2 (ujian lebih dari sekali; yang pertama dihitung), publikasi 1", output, StringComparison.Ordinal);
    }
}

/// <summary>
/// One server as two venues and the centre: session S-NVA at Lokasi A and, a day later, S-NVB at
/// Lokasi B, both of formation F-NV (quota 1). Candidates answer through the exam hub (the keyed
/// answer, or blank on some positions, so totals differ); at A two never come (absent), one of whom sits
/// at B instead, one sits at A and again at B (better; flagged, the first counts); at B one is
/// disqualified and one is still answering when the session ends. Each session's bundle is written
/// when it ends (the writer the server uses), then the committee runs the national ranking and
/// fetches the publication through the API.
/// </summary>
public sealed class NationalVerifyFixture : IAsyncLifetime
{
    public const string SessionA = "S-NVA";
    public const string SessionB = "S-NVB";
    public const string VenueA = "Lokasi A";
    public const string VenueB = "Lokasi B";
    public const string Formation = "F-NV";
    public const string SatTwice = "NVA-0005";

    private readonly TempDir _data = new();
    private readonly TempDir _content = new();
    private readonly FakeTimeProvider _time = new(KestrelHost.T0);
    private KestrelHost _host = null!;

    public string BundleA { get; private set; } = "";

    public string BundleB { get; private set; } = "";

    /// <summary>The publication's exact bytes as <c>GET /api/national/publication</c> served them.</summary>
    public byte[] Publication { get; private set; } = [];

    /// <summary>Participant numbers of the candidates who sat at A, in order.</summary>
    public List<string> People { get; } = [];

    public int SecondAttemptTotal { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // the test writes each bundle when its session ends, as the server's follow-up would, so none is rewritten later
        _host = KestrelHost.Start(new ServerOptions
        {
            DataDir = _data.Path, Time = _time, DeadlineSweep = false,
            Services = s => s.Remove(s.Single(d => d.ServiceType == typeof(ISessionEndFollowUp) && d.ImplementationType == typeof(BundleOnSessionEnd))),
        });
        await _host.Services.GetRequiredService<ExamWriter>().Ready;
        var dbs = _host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>();

        var crowdA = SessionSpec.Crowd("NVA", 6);
        var a = await SeedAsync(dbs, SessionA, VenueA, crowdA);
        People.AddRange(a.People.Select(p => p.ParticipantNumber));
        // NVA-0001 all keyed, NVA-0002 blank every 9th, NVA-0003 every 2nd (fails), NVA-0004 and NVA-0006 never come, NVA-0005 blank every 5th
        await SitAsync(a.People[0], blankEvery: 0, finish: true);
        await SitAsync(a.People[1], blankEvery: 9, finish: true);
        await SitAsync(a.People[2], blankEvery: 2, finish: true);
        var first = await SitAsync(a.People[4], blankEvery: 5, finish: true);
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await _host.Control.EndSessionAsync(a.Id, "uji", "sesi selesai di lokasi A"));
        BundleA = await WriteBundleAsync(a.Id);

        _time.Advance(TimeSpan.FromDays(1));
        var b = await SeedAsync(dbs, SessionB, VenueB, [.. SessionSpec.Crowd("NVB", 3), crowdA[3], crowdA[4]]);
        var byNumber = b.People.ToDictionary(p => p.ParticipantNumber, StringComparer.Ordinal);
        await SitAsync(byNumber["NVB-0001"], blankEvery: 7, finish: true);
        await SitAsync(byNumber["NVB-0002"], blankEvery: 4, finish: false);     // still answering when the session ends
        await SitAsync(byNumber["NVB-0003"], blankEvery: 0, finish: false);
        Assert.True(await _host.Control.DisqualifyAsync(byNumber["NVB-0003"].AttemptId, "uji", "membawa catatan"));
        await SitAsync(byNumber["NVA-0004"], blankEvery: 6, finish: true);     // absent at A, sits here: not flagged
        // the second sitting: in reality at another venue's server, which cannot know of the first and so
        // lets the candidate in (a server that knows refuses: Exam.SecondSittingTests). On this one server
        // the first sitting is hidden from B's login check while the candidate sits, then put back as it was.
        var firstSitting = a.People[4].AttemptId;
        string? endedBy;
        await using (var db = _host.Db())
        {
            endedBy = await db.Attempts.Where(x => x.Id == firstSitting).Select(x => x.EndedBy).SingleAsync(ct);
            await db.Attempts.Where(x => x.Id == firstSitting).ExecuteUpdateAsync(u => u.SetProperty(x => x.EndedBy, EndReasons.Absent), ct);
        }
        var second = await SitAsync(byNumber[SatTwice], blankEvery: 0, finish: true);
        await using (var db = _host.Db())
        {
            await db.Attempts.Where(x => x.Id == firstSitting).ExecuteUpdateAsync(u => u.SetProperty(x => x.EndedBy, endedBy), ct);
        }
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await _host.Control.EndSessionAsync(b.Id, "uji", "sesi selesai di lokasi B"));
        BundleB = await WriteBundleAsync(b.Id);
        Assert.True(first < second, $"{first} < {second}");
        SecondAttemptTotal = second;

        using var panitia = await _host.StaffAsync("panitia-nv", StaffRoles.Panitia);
        using (var token = JsonDocument.Parse(await panitia.GetStringAsync(new Uri("/api/antiforgery", UriKind.Relative), ct)))
        {
            panitia.DefaultRequestHeaders.Add(token.RootElement.GetProperty("headerName").GetString()!, token.RootElement.GetProperty("token").GetString()!);
        }
        using (var run = await panitia.PostAsync(new Uri("/api/national/ranking/runs", UriKind.Relative), null, ct))
        {
            Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync(ct));
        }
        Publication = await panitia.GetByteArrayAsync(new Uri("/api/national/publication", UriKind.Relative), ct);
    }

    private async Task<SeededSession> SeedAsync(IDbContextFactory<AsnCatDb> dbs, string code, string venue, IReadOnlyList<SeedCandidate> candidates)
    {
        var session = await SessionSeeder.SeedAsync(dbs, _host.Control, new SessionSpec
        {
            Code = code, Venue = venue, Room = "Ruang 1", Formation = SessionSpec.TestFormation(Formation), Candidates = candidates,
            StartsAt = _time.GetUtcNow(), Seed = "seed-" + code,
        }, "uji", start: true, TestContext.Current.CancellationToken);
        Assert.NotNull(session);
        Assert.True(session.Running);
        return session;
    }

    /// <summary>The candidate logs in and answers every position with the keyed (or heaviest) option, leaving every <paramref name="blankEvery"/>-th blank; the total when finished.</summary>
    private async Task<int> SitAsync(SeededPerson person, int blankEvery, bool finish)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var c = await _host.LoginAsync((person.ParticipantNumber, person.Pin, person.AttemptId));
        string[] set;
        Dictionary<string, (int? Answer, int[]? Weights)> keys;
        await using (var db = _host.Db())
        {
            var attempt = await db.Attempts.Include(x => x.ExamSession).SingleAsync(x => x.Id == person.AttemptId, ct);
            set = attempt.SetText!.Split(' ');
            keys = await db.BankItems.Where(i => i.BankVersionId == attempt.ExamSession!.BankVersionId).ToDictionaryAsync(i => i.ItemId, i => (i.Answer, i.Weights), ct);
        }
        long seq = 0;
        for (var p = 0; p < set.Length; p++)
        {
            if (blankEvery > 0 && p % blankEvery == 0)
            {
                continue;
            }
            Assert.True((await KestrelHost.SaveAsync(c, p, BundleSessionFixture.BestSlot(set[p], keys), ++seq)).Applied);
        }
        _time.Advance(TimeSpan.FromMinutes(1));
        if (!finish)
        {
            return 0;
        }
        var reply = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
        Assert.True(reply.Ok, reply.Message);
        return reply.Result!.Total;
    }

    /// <summary>The session's keyless bundle as the server writes it when a session ends (its SHA-256 and head stored on the session).</summary>
    private async Task<string> WriteBundleAsync(int sessionId)
    {
        var services = _host.Services;
        var dbs = services.GetRequiredService<IDbContextFactory<AsnCatDb>>();
        var rules = services.GetRequiredService<RulesCatalog>();
        var job = new WriteBundleJob(new ResultBundles(dbs, new Standings(dbs, rules), rules), dbs, Options.Create(new ResultsOptions()),
            new HostingEnvironment { ContentRootPath = _content.Path }, _time, NullLogger<WriteBundleJob>.Instance);
        await job.RunAsync(sessionId, includeKeys: false);
        await using var db = _host.Db();
        var code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(TestContext.Current.CancellationToken);
        return Path.Combine(job.BundleDirectory, code + ".json");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
        _content.Dispose();
    }
}
