using System.Text.Json.Nodes;
using AsnCat.Server.Ledger;
using AsnCat.Tool.Commands;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Ledger;

/// <summary>
/// A real session's bundle passes the verifier; a copy changed in any one place fails with a
/// finding of the kind and at the place of the change.
/// </summary>
public sealed class BundleVerifyTests(BundleSessionFixture session) : IClassFixture<BundleSessionFixture>, IDisposable
{
    private readonly TempDir _tampered = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _tampered.Dispose();

    private JsonNode Keyed() => JsonNode.Parse(File.ReadAllText(session.KeyedPath))!;

    private static string Number(JsonNode bundle, int candidate) => bundle["candidates"]![candidate]!["participantNumber"]!.GetValue<string>();

    /// <summary>A candidate's place in the bundle, with a field and a position.</summary>
    private static Place At(JsonNode bundle, int candidate, string? field = null, int? position = null) =>
        new() { Candidate = candidate, ParticipantNumber = Number(bundle, candidate), Field = field, Position = position };

    /// <summary>Writes the changed copy and verifies it; it must fail.</summary>
    private BundleReport VerifyTampered(JsonNode bundle, string name)
    {
        var path = Path.Combine(_tampered.Path, name + ".json");
        File.WriteAllText(path, bundle.ToJsonString());
        var report = BundleVerifier.Verify(path);
        Assert.False(report.Passed);
        return report;
    }

    /// <summary>The kinds of the checks that found something.</summary>
    private static CheckKind[] Failed(BundleReport report) => [.. report.Checks.Where(c => c.Failed).Select(c => c.Kind)];

    /// <summary>The verify command as the auditor runs it.</summary>
    private static (int Exit, string Out, string Err) Command(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static int CandidateWithEvents(JsonNode bundle)
    {
        var candidates = bundle["candidates"]!.AsArray();
        return candidates.Select((c, i) => (c, i)).First(x => x.c!["endedBy"]!.GetValue<string>() == "candidate").i;
    }

    [Fact]
    public async Task The_ended_sessions_bundle_with_keys_verifies_and_the_session_stores_its_head_and_hash()
    {
        var report = BundleVerifier.Verify(session.KeyedPath);
        Assert.Empty(report.Findings);
        Assert.DoesNotContain(report.Checks, c => c.Skipped);
        Assert.Equal(3, report[CheckKind.Rescore].Covered);
        Assert.Equal(3, report[CheckKind.Sets].Covered);
        var (exit, output, error) = Command("verify", session.KeyedPath);
        Assert.True(exit == 0, output + error);
        Assert.Equal("", error);

        var bundle = ResultBundle.Parse(File.ReadAllBytes(session.KeyedPath));
        var plain = ResultBundle.Parse(File.ReadAllBytes(session.PlainPath));
        Assert.Equal(session.Stored.LedgerHead, bundle.Ledger.Head);
        Assert.Equal(session.Stored.LedgerHead, plain.Ledger.Head);
        Assert.Equal(session.Stored.BundleSha256, BundleSessionFixture.Sha(session.PlainPath));
        Assert.Equal(session.KeyedSha256, session.KeyedSha256AfterSecondRun);

        // the server resolves the job as Hangfire will (AddAsnCatLedger), writing under data/bundles by default
        var wired = session.Host.Services.GetRequiredService<WriteBundleJob>();
        Assert.EndsWith(Path.Combine("data", "bundles"), wired.BundleDirectory, StringComparison.Ordinal);

        // what the bundle holds is what the database holds
        await using var db = session.Host.Db();
        var attempts = await db.Attempts.Where(a => a.ExamSessionId == session.SessionId).Include(a => a.Candidate).ToListAsync(Ct);
        var events = await db.AnswerEvents.Where(e => attempts.Select(a => a.Id).Contains(e.AttemptId)).CountAsync(Ct);
        Assert.Equal(events + attempts.Count, bundle.Ledger.Records);
        Assert.Equal(events, bundle.Candidates.Sum(c => c.Events.Count));
        Assert.Equal(["candidate", "disqualified", "session_ended"], bundle.Candidates.Select(c => c.EndedBy!).Order(StringComparer.Ordinal));
        foreach (var a in attempts)
        {
            var c = bundle.Candidates.Single(c => c.ParticipantNumber == a.Candidate!.ParticipantNumber);
            Assert.Equal(a.SetText, c.Set);
            Assert.Equal(a.Total, c.Total);
            Assert.Equal(a.Passed, c.Passed);
        }
        Assert.All(bundle.Bank.Items, i => Assert.True(i.Answer is not null || i.Weights is not null));
        Assert.All(plain.Bank.Items, i => Assert.True(i.Answer is null && i.Weights is null));
        var text = File.ReadAllText(session.KeyedPath);
        Assert.All(attempts, a => Assert.DoesNotContain(a.Candidate!.Nik, text, StringComparison.Ordinal));
        Assert.DoesNotContain("1999-01-01", text, StringComparison.Ordinal);
        var ranking = Assert.Single(bundle.Rankings);
        Assert.Equal([1, 2], ranking.Rows.Where(r => r.Rank is not null).Select(r => r.Rank!.Value));
        Assert.Equal(["lulus", "lulus", "diskualifikasi"], ranking.Rows.Select(r => r.Outcome));
    }

    [Fact]
    public void Without_keys_verify_still_checks_sets_replay_ranks_and_ledger_and_says_scores_were_not_rederived()
    {
        var report = BundleVerifier.Verify(session.PlainPath);
        Assert.True(report.Passed);
        Assert.True(report[CheckKind.Rescore].Skipped);
        Assert.Equal([CheckKind.Sets, CheckKind.Replay, CheckKind.Totals, CheckKind.Rankings, CheckKind.RankingRows, CheckKind.Ledger],
            report.Checks.Where(c => !c.Skipped).Select(c => c.Kind));
        Assert.True(Command("verify", session.PlainPath).Exit == 0);

        // and a changed score in the keyless bundle is still caught by the ledger and the ranking rows
        var bundle = JsonNode.Parse(File.ReadAllText(session.PlainPath))!;
        var i = CandidateWithEvents(bundle);
        bundle["candidates"]![i]!["scores"]!["TKP"] = bundle["candidates"]![i]!["scores"]!["TKP"]!.GetValue<int>() - 5;
        var tampered = VerifyTampered(bundle, "plain-score");
        Assert.Contains(tampered.Findings, f => f.Kind == FindingKind.LedgerHeadDiffers);
        Assert.Contains(tampered[CheckKind.Totals].Findings, f => f.Kind == FindingKind.TotalDiffers && f.Place == At(bundle, i, "total"));
    }

    [Fact]
    public void A_changed_final_answer_fails_the_replay_at_that_position()
    {
        var bundle = Keyed();
        var i = CandidateWithEvents(bundle);
        var answers = bundle["candidates"]![i]!["answers"]!.AsArray();
        var was = answers[41]!.GetValue<string>();
        var now = was == "D" ? "C" : "D";
        answers[41] = now;
        var report = VerifyTampered(bundle, "answer");
        Assert.Equal(new Finding(FindingKind.AnswerDiffers, At(bundle, i, "answers", 41), was, now), Assert.Single(report[CheckKind.Replay].Findings));
        Assert.True(report[CheckKind.Rescore].Failed);
    }

    [Fact]
    public void A_changed_answer_event_fails_the_replay_and_the_ledger()
    {
        var bundle = Keyed();
        var i = CandidateWithEvents(bundle);
        var events = bundle["candidates"]![i]!["events"]!.AsArray();
        var last = events.Last(e => e!["kind"]!.GetValue<string>() == "answer" && e["position"]!.GetValue<int>() == 12)!;
        var was = last["option"]!.GetValue<string>();
        var now = was == "A" ? "B" : "A";
        last["option"] = now;
        var report = VerifyTampered(bundle, "event");
        Assert.Equal(new Finding(FindingKind.AnswerDiffers, At(bundle, i, "answers", 12), now, was), Assert.Single(report[CheckKind.Replay].Findings));
        Assert.Equal(FindingKind.LedgerHeadDiffers, Assert.Single(report[CheckKind.Ledger].Findings).Kind);

        // a change the replay cannot see (the time of an earlier event) is still caught by the ledger
        var other = Keyed();
        other["candidates"]![i]!["events"]![0]!["at"] = "2026-11-23T01:00:00.0000001Z";
        var timeOnly = VerifyTampered(other, "event-time");
        Assert.Equal([CheckKind.Ledger], Failed(timeOnly));
        Assert.Equal(FindingKind.LedgerHeadDiffers, Assert.Single(timeOnly.Findings).Kind);
    }

    [Fact]
    public void A_changed_score_fails_the_rescore_and_names_the_subtest()
    {
        var bundle = Keyed();
        var i = CandidateWithEvents(bundle);
        var scores = bundle["candidates"]![i]!["scores"]!;
        var twk = scores["TWK"]!.GetValue<int>();
        scores["TWK"] = twk - 5;
        var report = VerifyTampered(bundle, "score");
        Assert.Contains(new Finding(FindingKind.RescoredScoreDiffers, At(bundle, i, "scores.TWK"), $"{twk}", $"{twk - 5}"), report[CheckKind.Rescore].Findings);
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.LedgerHeadDiffers);
    }

    [Fact]
    public void A_changed_rank_fails_the_reranking_at_that_row()
    {
        var bundle = Keyed();
        var rows = bundle["rankings"]![0]!["rows"]!.AsArray();
        var k = rows.Select((r, k) => (r, k)).First(x => x.r!["rank"]?.GetValue<int>() == 1).k;
        rows[k]!["rank"] = 2;
        var formation = bundle["rankings"]![0]!["formation"]!.GetValue<string>();
        var number = rows[k]!["participantNumber"]!.GetValue<string>();
        var report = VerifyTampered(bundle, "rank");
        var rank = new Place { Ranking = 0, Formation = formation, Row = k, ParticipantNumber = number, Field = "rank" };
        Assert.Equal(new Finding(FindingKind.RankDiffers, rank, "1", "2"), Assert.Single(report[CheckKind.Rankings].Findings));
        Assert.False(report[CheckKind.Ledger].Failed);
    }

    [Fact]
    public void A_changed_seed_fails_every_set()
    {
        var bundle = Keyed();
        bundle["session"]!["seed"] = bundle["session"]!["seed"]!.GetValue<string>() + "x";
        var report = VerifyTampered(bundle, "seed");
        var sets = report[CheckKind.Sets].Findings;
        Assert.Equal(3, sets.Count);
        Assert.All(sets, f => Assert.Equal(FindingKind.SetDiffers, f.Kind));
        Assert.Contains(sets, f => f.Place.Candidate == CandidateWithEvents(bundle) && f.Place.Field == "set");
    }

    [Fact]
    public void A_changed_option_order_fails_the_set_at_that_position()
    {
        var bundle = Keyed();
        var i = CandidateWithEvents(bundle);
        var set = bundle["candidates"]![i]!["set"]!.GetValue<string>().Split(' ');
        var entry = set[7];
        var colon = entry.LastIndexOf(':');
        var order = entry[(colon + 1)..];
        var swapped = entry[..(colon + 1)] + order[1] + order[0] + order[2..];
        set[7] = swapped;
        bundle["candidates"]![i]!["set"] = string.Join(' ', set);
        var report = VerifyTampered(bundle, "options");
        Assert.Equal(new Finding(FindingKind.SetDiffers, At(bundle, i, "set", 7), entry, swapped), Assert.Single(report[CheckKind.Sets].Findings));
    }

    [Fact]
    public void A_changed_ledger_head_fails_the_ledger()
    {
        var bundle = Keyed();
        var head = bundle["ledger"]!["head"]!.GetValue<string>();
        bundle["ledger"]!["head"] = new string('0', 64);
        var report = VerifyTampered(bundle, "head");
        Assert.Equal(new Finding(FindingKind.LedgerHeadDiffers, new Place { Field = "ledger.head" }, head, new string('0', 64)), Assert.Single(report.Findings));
        var (exit, _, _) = Command("verify", Path.Combine(_tampered.Path, "head.json"));
        Assert.Equal(1, exit);
    }

    [Fact]
    public void An_unreadable_bundle_exits_2_and_says_what_and_where()
    {
        var garbage = Path.Combine(_tampered.Path, "garbage.json");
        File.WriteAllText(garbage, "{ \"format\": \"asncat-bundle/1\", ");
        Assert.Equal(UnreadableKind.NotABundle, Assert.Throws<BundleUnreadableException>(() => BundleVerifier.Verify(garbage)).Kind);
        var (exit, _, error) = Command("verify", garbage);
        Assert.Equal(2, exit);
        Assert.StartsWith(garbage, error, StringComparison.Ordinal);

        var bundle = Keyed();
        bundle["session"]!.AsObject().Remove("seed");
        var missing = Path.Combine(_tampered.Path, "missing.json");
        File.WriteAllText(missing, bundle.ToJsonString());
        var unreadable = Assert.Throws<BundleUnreadableException>(() => BundleVerifier.Verify(missing));
        Assert.Equal(UnreadableKind.NotABundle, unreadable.Kind);
        Assert.Contains("seed", unreadable.Message, StringComparison.Ordinal);

        var nope = Path.Combine(_tampered.Path, "nope.json");
        Assert.Equal(UnreadableKind.File, Assert.Throws<BundleUnreadableException>(() => BundleVerifier.Verify(nope)).Kind);
        (exit, _, error) = Command("verify", nope);
        Assert.Equal(2, exit);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_publication_head_is_checked_from_the_bundles_and_a_heads_file()
    {
        var head = ResultBundle.Parse(File.ReadAllBytes(session.PlainPath)).Ledger.Head;
        var other = ("S-LAIN", new string('a', 64));
        var expected = SessionLedger.PublicationHead([(session.SessionCode, head), other]);
        var heads = _tampered.Write("heads.txt", $"{other.Item1} {other.Item2}\n");

        var (exit, output, error) = Command("verify", session.PlainPath, "--heads", heads, "--publication-head", expected);
        Assert.True(exit == 0, output + error);

        (exit, output, _) = Command("verify", session.PlainPath, "--heads", heads, "--publication-head", new string('b', 64));
        Assert.Equal(1, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }
}
