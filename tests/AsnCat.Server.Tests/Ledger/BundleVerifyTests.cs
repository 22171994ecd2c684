using System.Text.Json.Nodes;
using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Ledger;

/// <summary>
/// A real session's bundle passes <c>verify</c>; a copy changed in any one place fails and the
/// output names that place.
/// </summary>
public sealed class BundleVerifyTests(BundleSessionFixture session) : IClassFixture<BundleSessionFixture>, IDisposable
{
    private readonly TempDir _tampered = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _tampered.Dispose();

    private JsonNode Keyed() => JsonNode.Parse(File.ReadAllText(session.KeyedPath))!;

    private static string Where(JsonNode bundle, int candidate) =>
        $"candidates[{candidate}] ({bundle["candidates"]![candidate]!["participantNumber"]!.GetValue<string>()})";

    /// <summary>Writes the changed copy and runs verify on it in-process; it must fail with exit 1.</summary>
    private string VerifyTampered(JsonNode bundle, string name)
    {
        var path = Path.Combine(_tampered.Path, name + ".json");
        File.WriteAllText(path, bundle.ToJsonString());
        var (exit, output, error) = CliRunner.Run("verify", path);
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        return output;
    }

    private static int CandidateWithEvents(JsonNode bundle)
    {
        var candidates = bundle["candidates"]!.AsArray();
        return candidates.Select((c, i) => (c, i)).First(x => x.c!["endedBy"]!.GetValue<string>() == "candidate").i;
    }

    [Fact]
    public async Task The_ended_sessions_bundle_with_keys_verifies_and_the_session_stores_its_head_and_hash()
    {
        var (exit, output, error) = CliRunner.Run("verify", session.KeyedPath);
        Assert.True(exit == 0, output + error);
        Assert.Equal("", error);
        Assert.DoesNotContain("[GAGAL]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[LEWATI]", output, StringComparison.Ordinal);
        Assert.Contains("[OK] nilai dari jawaban: 3 lembar jawaban dinilai ulang", output, StringComparison.Ordinal);
        Assert.Contains("[OK] perangkat soal: 3 perangkat soal", output, StringComparison.Ordinal);

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
        var (exit, output, error) = CliRunner.Run("verify", session.PlainPath);
        Assert.True(exit == 0, output + error);
        Assert.Contains("[LEWATI] nilai dari jawaban: bundel tanpa kunci jawaban: nilai per subtes TIDAK diturunkan ulang", output, StringComparison.Ordinal);
        Assert.Contains($"{session.SessionCode}.kunci.json", output, StringComparison.Ordinal);
        foreach (var check in new[] { "[OK] perangkat soal", "[OK] jawaban akhir", "[OK] jumlah dan ambang batas", "[OK] peringkat", "[OK] peserta di peringkat", "[OK] ledger" })
        {
            Assert.Contains(check, output, StringComparison.Ordinal);
        }

        // and a changed score in the keyless bundle is still caught by the ledger and the ranking rows
        var bundle = JsonNode.Parse(File.ReadAllText(session.PlainPath))!;
        var i = CandidateWithEvents(bundle);
        bundle["candidates"]![i]!["scores"]!["TKP"] = bundle["candidates"]![i]!["scores"]!["TKP"]!.GetValue<int>() - 5;
        var tampered = VerifyTampered(bundle, "plain-score");
        Assert.Contains("ledger.head: dihitung ulang", tampered, StringComparison.Ordinal);
        Assert.Contains($"{Where(bundle, i)}.total: jumlah nilai subtes memberi", tampered, StringComparison.Ordinal);
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
        var output = VerifyTampered(bundle, "answer");
        Assert.Contains($"{Where(bundle, i)}.answers[41]: pemutaran ulang peristiwa memberi {was}, bundel menyatakan {now}", output, StringComparison.Ordinal);
        Assert.Contains("[GAGAL] nilai dari jawaban", output, StringComparison.Ordinal);
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
        var output = VerifyTampered(bundle, "event");
        Assert.Contains($"{Where(bundle, i)}.answers[12]: pemutaran ulang peristiwa memberi {now}, bundel menyatakan {was}", output, StringComparison.Ordinal);
        Assert.Contains("[GAGAL] ledger", output, StringComparison.Ordinal);
        Assert.Contains("ledger.head: dihitung ulang", output, StringComparison.Ordinal);

        // a change the replay cannot see (the time of an earlier event) is still caught by the ledger
        var other = Keyed();
        other["candidates"]![i]!["events"]![0]!["at"] = "2026-11-23T01:00:00.0000001Z";
        var timeOnly = VerifyTampered(other, "event-time");
        Assert.Contains("[OK] jawaban akhir", timeOnly, StringComparison.Ordinal);
        Assert.Contains("ledger.head: dihitung ulang", timeOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_score_fails_the_rescore_and_names_the_subtest()
    {
        var bundle = Keyed();
        var i = CandidateWithEvents(bundle);
        var scores = bundle["candidates"]![i]!["scores"]!;
        var twk = scores["TWK"]!.GetValue<int>();
        scores["TWK"] = twk - 5;
        var output = VerifyTampered(bundle, "score");
        Assert.Contains($"{Where(bundle, i)}.scores.TWK: dihitung ulang dari jawaban {twk}, bundel menyatakan {twk - 5}", output, StringComparison.Ordinal);
        Assert.Contains("ledger.head", output, StringComparison.Ordinal);
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
        var output = VerifyTampered(bundle, "rank");
        Assert.Contains($"rankings[0] ({formation}).rows[{k}] ({number}).rank: dihitung ulang 1, bundel menyatakan 2", output, StringComparison.Ordinal);
        Assert.Contains("[OK] ledger", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_seed_fails_every_set()
    {
        var bundle = Keyed();
        bundle["session"]!["seed"] = bundle["session"]!["seed"]!.GetValue<string>() + "x";
        var output = VerifyTampered(bundle, "seed");
        Assert.Contains("[GAGAL] perangkat soal: 3 selisih", output, StringComparison.Ordinal);
        Assert.Contains($"{Where(bundle, CandidateWithEvents(bundle))}.set[", output, StringComparison.Ordinal);
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
        var output = VerifyTampered(bundle, "options");
        Assert.Contains($"{Where(bundle, i)}.set[7]: turunan dari seed memberi {entry}, bundel menyatakan {swapped}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_ledger_head_fails_the_ledger()
    {
        var bundle = Keyed();
        var head = bundle["ledger"]!["head"]!.GetValue<string>();
        bundle["ledger"]!["head"] = new string('0', 64);
        var output = VerifyTampered(bundle, "head");
        Assert.Contains($"ledger.head: dihitung ulang {head}, bundel menyatakan {new string('0', 64)}", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.StartsWith("[GAGAL]", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_bundle_exits_2_and_says_what_and_where()
    {
        var garbage = Path.Combine(_tampered.Path, "garbage.json");
        File.WriteAllText(garbage, "{ \"format\": \"asncat-bundle/1\", ");
        var (exit, _, error) = CliRunner.Run("verify", garbage);
        Assert.Equal(2, exit);
        Assert.Contains("bukan bundel hasil asncat-bundle/1", error, StringComparison.Ordinal);

        var bundle = Keyed();
        bundle["session"]!.AsObject().Remove("seed");
        var missing = Path.Combine(_tampered.Path, "missing.json");
        File.WriteAllText(missing, bundle.ToJsonString());
        (exit, _, error) = CliRunner.Run("verify", missing);
        Assert.Equal(2, exit);
        Assert.Contains("seed", error, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("verify", Path.Combine(_tampered.Path, "nope.json"));
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

        var (exit, output, error) = CliRunner.Run("verify", session.PlainPath, "--heads", heads, "--publication-head", expected);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"[OK] head publikasi: {expected} dari 2 sesi", output, StringComparison.Ordinal);

        (exit, output, _) = CliRunner.Run("verify", session.PlainPath, "--heads", heads, "--publication-head", new string('b', 64));
        Assert.Equal(1, exit);
        Assert.Contains($"memberi {expected}, yang diumumkan {new string('b', 64)}", output, StringComparison.Ordinal);
    }
}
