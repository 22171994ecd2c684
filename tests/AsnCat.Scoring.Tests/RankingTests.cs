using CsCheck;

namespace AsnCat.Scoring.Tests;

public class RankingTests
{
    private static readonly ThresholdSet Skd = TestThresholds.Skd2024;

    /// <summary>
    /// The rules written as plainly as possible, independent of the packed-key sort: per
    /// formation (by code), passers ordered by total, TKP, TIU, TWK descending then participant
    /// number; rank = 1 + passers strictly better; advances when rank &lt;= 3 x quota; then
    /// non-passers by participant number.
    /// </summary>
    private static List<(string Formation, int Rank, string Participant, bool Passed, bool Advances)> Reference(
        List<FormationQuota> formations, List<Contestant> people)
    {
        static bool Passes(Contestant c)
        {
            int twk = c.Scores[0], tiu = c.Scores[1], tkp = c.Scores[2], total = twk + tiu + tkp;
            return c.Category switch
            {
                0 => twk >= 65 && tiu >= 80 && tkp >= 166,
                1 or 2 => total >= 311 && tiu >= 85,
                _ => total >= 286 && tiu >= 60,
            };
        }
        static int[] Merit(Contestant c) => [c.Scores.Sum(), c.Scores[2], c.Scores[1], c.Scores[0]];
        static bool Better(Contestant a, Contestant b)
        {
            var (x, y) = (Merit(a), Merit(b));
            for (var i = 0; i < 4; i++)
            {
                if (x[i] != y[i])
                {
                    return x[i] > y[i];
                }
            }
            return false;
        }
        var rows = new List<(string, int, string, bool, bool)>();
        foreach (var f in Enumerable.Range(0, formations.Count).OrderBy(f => formations[f].Code, StringComparer.Ordinal))
        {
            var mine = people.Where(p => p.Formation == f).ToList();
            var passers = mine.Where(Passes).ToList();
            var ranked = passers.Select(p => (p, Rank: 1 + passers.Count(q => Better(q, p))))
                .OrderBy(x => x.Rank).ThenBy(x => x.p.ParticipantNumber, StringComparer.Ordinal);
            rows.AddRange(ranked.Select(x => (formations[f].Code, x.Rank, x.p.ParticipantNumber, true, x.Rank <= 3 * formations[f].Quota)));
            rows.AddRange(mine.Where(p => !Passes(p)).OrderBy(p => p.ParticipantNumber, StringComparer.Ordinal)
                .Select(p => (formations[f].Code, 0, p.ParticipantNumber, false, false)));
        }
        return rows;
    }

    // Scores clustered around the thresholds so ties and boundary cases are common.
    private static readonly Gen<(List<FormationQuota>, List<Contestant>)> Inputs =
        from nf in Gen.Int[1, 6]
        from quotas in Gen.Int[0, 3].Array[nf]
        from people in Gen.Select(Gen.Int[0, nf - 1], Gen.Int[0, 5], Gen.Int[12, 15], Gen.Int[15, 18], Gen.Int[160, 170]).Array[0, 60]
        select (
            quotas.Select((q, i) => new FormationQuota($"F{(i * 7) % 10}{i}", q)).ToList(),
            people.Select((p, i) => new Contestant($"P{(i * 37) % 100:D2}-{i}", p.Item1, p.Item2, [p.Item3 * 5, p.Item4 * 5, p.Item5])).ToList());

    [Fact]
    public void Ranking_matches_the_simple_reference_on_random_inputs_full_of_ties()
    {
        Inputs.Sample((formations, people) =>
        {
            var actual = Ranking.Rank(Skd, formations, people)
                .Select(r => (formations[people[r.Contestant].Formation].Code, r.Rank, people[r.Contestant].ParticipantNumber, r.Passed, r.Advances))
                .ToList();
            Assert.Equal(Reference(formations, people), actual);
        }, iter: 2000);
    }

    [Fact]
    public void Invariants_hold_every_candidate_once_competition_ranks_and_advance_limit()
    {
        Inputs.Sample((formations, people) =>
        {
            var rows = Ranking.Rank(Skd, formations, people);
            Assert.Equal(people.Count, rows.Select(r => r.Contestant).Distinct().Count());
            foreach (var group in rows.GroupBy(r => people[r.Contestant].Formation))
            {
                var passers = group.Where(r => r.Passed).ToList();
                var quota = formations[group.Key].Quota;
                for (var i = 0; i < passers.Count; i++)
                {
                    // competition ranking: rank is 1 + position of the first of its tie group
                    Assert.True(passers[i].Rank == i + 1 || passers[i].Rank == passers[i - 1].Rank);
                }
                var advancing = passers.Count(r => r.Advances);
                Assert.True(advancing >= Math.Min(passers.Count, 3 * quota));
                if (advancing > 3 * quota)
                {
                    // only because of a tie with the last place within the limit
                    Assert.Equal(passers[(3 * quota) - 1].Rank, passers[advancing - 1].Rank);
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void Standard_competition_ranking_with_ties_by_participant_number()
    {
        var formations = new List<FormationQuota> { new("F1", 1) };
        var people = new List<Contestant>
        {
            new("004", 0, 0, [100, 120, 180]), // 400
            new("002", 0, 0, [100, 120, 180]), // 400, tie
            new("003", 0, 0, [95, 125, 180]),  // 400, better TIU? no: TKP equal, TIU 125 > 120 -> ahead
            new("001", 0, 0, [90, 100, 170]),  // 360
            new("005", 0, 0, [60, 150, 200]),  // TWK 60 < 65: fails
        };
        var rows = Ranking.Rank(Skd, formations, people);
        var view = rows.Select(r => $"{people[r.Contestant].ParticipantNumber}:{r.Rank}:{r.Advances}").ToArray();
        Assert.Equal(["003:1:True", "002:2:True", "004:2:True", "001:4:False", "005:0:False"], view);
    }

    [Fact]
    public void Everyone_tied_with_the_last_advancing_place_advances()
    {
        var formations = new List<FormationQuota> { new("F", 1) }; // 3 places
        var people = Enumerable.Range(0, 6).Select(i => new Contestant($"{i}", 0, 0, i < 2 ? [100, 100, 200] : [80, 90, 170])).ToList();
        var rows = Ranking.Rank(Skd, formations, people);
        Assert.Equal([1, 1, 3, 3, 3, 3], rows.Select(r => r.Rank));
        Assert.All(rows, r => Assert.True(r.Advances));
    }

    [Fact]
    public void Scores_out_of_range_are_refused_with_the_participant_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranking.Rank(Skd, [new("F", 1)], [new("P-9", 0, 0, [155, 100, 100])]));
        Assert.Contains("P-9", e.Message, StringComparison.Ordinal);
        Assert.Contains("TWK 155", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tie_break_chain_too_long_for_the_packed_key_ranks_the_same_by_comparer()
    {
        // a rule whose packed key cannot fit 64 bits takes the comparer path; same answer
        var wide = new ThresholdSet("wide", "wide", TestBanks.Skd, Skd.Categories,
            new RankingRule(["TKP", "TIU", "TWK", "total", "TKP", "TIU", "TWK", "total"], 3), Skd.Final);
        Inputs.Sample((formations, people) =>
        {
            var a = Ranking.Rank(Skd, formations, people);
            var b = Ranking.Rank(wide, formations, people);
            Assert.Equal(a, b);
        }, iter: 300);
    }
}
