using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Ledger;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Ledger;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Analysis;

/// <summary>
/// One real session on <see cref="KestrelHost"/> for the item analysis: 60 candidates log in at
/// terminals and answer all 110 questions through the exam hub, each by an ability of their own
/// (abler candidates pick the key, or the heaviest TKP option, more often). On the TWK item most of
/// them saw, the abler half pick one distractor instead of the key, as if the key were wrong. Two
/// finish themselves, one is disqualified, the committee ends the session; then the session's
/// bundle with keys is written as the ledger writes it.
/// </summary>
public sealed class AnalysisSessionFixture : IAsyncLifetime
{
    public const int Candidates = 60;

    private readonly TempDir _dir = new();
    private readonly TempDir _bundles = new();
    private KestrelHost _host = null!;

    public int SessionId { get; private set; }

    public int BankVersionId { get; private set; }

    /// <summary>The TWK item whose distractor the abler candidates chose, and that distractor.</summary>
    public (string Item, char Distractor, char Key) Planted { get; private set; }

    public string KeyedBundle { get; private set; } = "";

    internal KestrelHost Host => _host;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _host = KestrelHost.Start(_dir, new FakeTimeProvider(KestrelHost.T0), deadlineSweep: false, recordHubFrames: false);
        var (sessionId, people) = await _host.SeedSessionAsync(Candidates);
        SessionId = sessionId;
        Dictionary<string, (int? Answer, int[]? Weights)> keys;
        await using (var db = _host.Db())
        {
            BankVersionId = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.BankVersionId).SingleAsync(ct);
            keys = await db.BankItems.Where(i => i.BankVersionId == BankVersionId).ToDictionaryAsync(i => i.ItemId, i => (i.Answer, i.Weights), ct);
        }
        var terminals = new List<HubConnection>();
        foreach (var p in people)
        {
            terminals.Add(await _host.LoginAsync(p));
        }
        Dictionary<int, string[]> sets;
        await using (var db = _host.Db())
        {
            sets = await db.Attempts.Where(a => a.ExamSessionId == sessionId).ToDictionaryAsync(a => a.Id, a => a.SetText!.Split(' '), ct);
        }
        var planted = sets.Values.SelectMany(s => s.Take(30)).Select(Id).GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var key = keys[planted].Answer!.Value;
        Planted = (planted, Options.Letter((key + 3) % Options.Count), Options.Letter(key));

        await Task.WhenAll(people.Select((p, k) => AnswerAllAsync(terminals[k], sets[p.AttemptId], k, keys, ct)));
        for (var k = 0; k < 2; k++)
        {
            var finish = await terminals[k].InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
            Assert.True(finish.Ok, finish.Message);
        }
        foreach (var t in terminals)
        {
            await t.DisposeAsync();
        }
        Assert.True(await _host.Control.DisqualifyAsync(people[^1].AttemptId, "uji", "joki terbukti"));
        Assert.True(await _host.Control.EndSessionAsync(sessionId, "uji", "sesi selesai"));

        var bundle = (await _host.Services.GetRequiredService<ResultBundles>().BuildAsync(sessionId, includeKeys: true, ct))!;
        (KeyedBundle, _) = await ResultBundles.WriteAsync(_bundles.Path, bundle, ct);
    }

    private static string Id(string entry) => entry[..entry.LastIndexOf(':')];

    /// <summary>Candidate k's answers: ability from k; the screen slot that shows the chosen original option.</summary>
    private async Task AnswerAllAsync(HubConnection terminal, string[] set, int k, Dictionary<string, (int? Answer, int[]? Weights)> keys, CancellationToken ct)
    {
        var ability = ((k * 37 % Candidates) / (double)Candidates * 4) - 2;   // -2 .. 2, spread over the candidates
        long seq = 0;
        for (var p = 0; p < set.Length; p++)
        {
            var id = Id(set[p]);
            var order = set[p][(set[p].LastIndexOf(':') + 1)..];
            var (answer, weights) = keys[id];
            var best = answer ?? Array.IndexOf(weights!, weights!.Max());
            var roll = ((k * 7919) + (p * 104729)) % 1000 / 1000.0;
            var chance = 1 / (1 + Math.Exp(-1.7 * (ability - ((p * 13 % 7) - 3) / 3.0)));
            int? option = roll < 0.03 ? null
                : id == Planted.Item ? (ability > 0 ? Planted.Distractor - 'A' : (best + 1 + (k % 4)) % Options.Count)
                : roll < 0.03 + (0.97 * chance) ? best
                : (best + 1 + (k + p) % 4) % Options.Count;
            int? slot = option is { } o ? order.IndexOf(Options.Letter(o), StringComparison.Ordinal) : null;
            if (slot is null)
            {
                continue;
            }
            var reply = await KestrelHost.SaveAsync(terminal, p, slot, ++seq);
            Assert.True(reply.Ok && reply.Applied, reply.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
        _bundles.Dispose();
    }
}
