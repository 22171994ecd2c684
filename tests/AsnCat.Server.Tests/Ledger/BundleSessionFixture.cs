using System.Security.Cryptography;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Exam;
using AsnCat.Tool.Banks;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Ledger;

/// <summary>
/// One real session on <see cref="KestrelHost"/>: three candidates; the first answers every item
/// correctly through the hub (changing some answers, marking and clearing doubts) and finishes;
/// the second answers three of four correctly and is still running when the committee ends the
/// session; the third never answers and is disqualified. Then <see cref="WriteBundleJob"/> writes the
/// bundle with keys into a temporary content root.
/// </summary>
public sealed class BundleSessionFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly TempDir _content = new();
    private readonly FakeTimeProvider _time = new(KestrelHost.T0);
    private KestrelHost _host = null!;

    public int SessionId { get; private set; }

    public string SessionCode { get; private set; } = "";

    public string BundleDirectory => Path.Combine(_content.Path, "data", "bundles");

    public string PlainPath => Path.Combine(BundleDirectory, SessionCode + ".json");

    public string KeyedPath => Path.Combine(BundleDirectory, SessionCode + ".kunci.json");

    /// <summary>LedgerHead and BundleSha256 as stored on the session after the job ran.</summary>
    public (string? LedgerHead, string? BundleSha256) Stored { get; private set; }

    public string KeyedSha256AfterSecondRun { get; private set; } = "";

    public string KeyedSha256 { get; private set; } = "";

    internal KestrelHost Host => _host;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _host = KestrelHost.Start(_dir, _time, deadlineSweep: false, recordHubFrames: false);
        var (sessionId, people) = await _host.SeedSessionAsync(3);
        SessionId = sessionId;
        Dictionary<string, (int? Answer, int[]? Weights)> keys;
        await using (var db = _host.Db())
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Id == sessionId, ct);
            SessionCode = session.Code;
            keys = await db.BankItems.Where(i => i.BankVersionId == session.BankVersionId)
                .ToDictionaryAsync(i => i.ItemId, i => (i.Answer, i.Weights), ct);
        }

        await using (var first = await _host.ConnectAsync())
        await using (var second = await _host.ConnectAsync())
        {
            var setA = await LoginAsync(first, people[0].Number, people[0].Pin, people[0].AttemptId, ct);
            var setB = await LoginAsync(second, people[1].Number, people[1].Pin, people[1].AttemptId, ct);
            long seqA = 0, seqB = 0;
            for (var p = 0; p < setA.Length; p++)
            {
                var best = BestSlot(setA[p], keys);
                if (p % 10 == 3)
                {
                    // a first choice changed later, and a doubt marked then cleared
                    await SaveAsync(first, p, (best + 1) % 5, ++seqA, ct);
                    await DoubtAsync(first, p, true, ++seqA, ct);
                }
                if (p % 17 == 5)
                {
                    await SaveAsync(first, p, null, ++seqA, ct);
                }
                await SaveAsync(first, p, best, ++seqA, ct);
                if (p % 10 == 3)
                {
                    await DoubtAsync(first, p, false, ++seqA, ct);
                }
                var bestB = BestSlot(setB[p], keys);
                await SaveAsync(second, p, p % 4 == 0 ? (bestB + 2) % 5 : bestB, ++seqB, ct);
                if (p % 9 == 0)
                {
                    await DoubtAsync(second, p, true, ++seqB, ct);
                }
                _time.Advance(TimeSpan.FromSeconds(7));
            }
            var finish = await first.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
            Assert.True(finish.Ok, finish.Message);
            Assert.True(finish.Result!.Passed);
        }
        // the third never answered (the session starts every attempt at once); a proctor disqualifies them
        Assert.True(await _host.Control.DisqualifyAsync(people[2].AttemptId, "uji", "bukan peserta yang terdaftar"));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await _host.Control.EndSessionAsync(sessionId, "uji", "sesi selesai"));

        var job = Job();
        await job.RunAsync(sessionId, includeKeys: true);
        KeyedSha256 = Sha(KeyedPath);
        await using (var db = _host.Db())
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Id == sessionId, ct);
            Stored = (session.LedgerHead, session.BundleSha256);
        }
        await job.RunAsync(sessionId, includeKeys: true);   // reentrant: the same bytes again
        KeyedSha256AfterSecondRun = Sha(KeyedPath);
    }

    internal WriteBundleJob Job()
    {
        var services = _host.Services;
        var dbs = services.GetRequiredService<IDbContextFactory<AsnCatDb>>();
        var rules = services.GetRequiredService<RulesCatalog>();
        var bundles = new ResultBundles(dbs, new Standings(dbs, rules), rules);
        return new WriteBundleJob(bundles, dbs, Options.Create(new ResultsOptions()), new HostingEnvironment { ContentRootPath = _content.Path },
            _time, NullLogger<WriteBundleJob>.Instance);
    }

    public static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<string[]> LoginAsync(HubConnection c, string number, string pin, int attemptId, CancellationToken ct)
    {
        var reply = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, "T-" + number), ct);
        Assert.True(reply.Ok, reply.Message);
        await using var db = _host.Db();
        var set = await db.Attempts.Where(a => a.Id == attemptId).Select(a => a.SetText).SingleAsync(ct);
        return set!.Split(' ');
    }

    /// <summary>The slot showing the key (key subtests) or the heaviest option (weighted).</summary>
    internal static int BestSlot(string entry, Dictionary<string, (int? Answer, int[]? Weights)> keys)
    {
        var colon = entry.LastIndexOf(':');
        var (answer, weights) = keys[entry[..colon]];
        var order = entry[(colon + 1)..];
        var best = answer ?? Array.IndexOf(weights!, weights!.Max());
        return order.IndexOf((char)('A' + best), StringComparison.Ordinal);
    }

    private static async Task SaveAsync(HubConnection c, int position, int? slot, long seq, CancellationToken ct)
    {
        var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(position, slot, seq), ct);
        Assert.True(reply.Ok && reply.Applied, reply.Message);
    }

    private static async Task DoubtAsync(HubConnection c, int position, bool doubtful, long seq, CancellationToken ct)
    {
        var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), new MarkDoubtfulRequest(position, doubtful, seq), ct);
        Assert.True(reply.Ok && reply.Applied, reply.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
        _content.Dispose();
    }
}
