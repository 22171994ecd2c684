using CsCheck;

namespace AsnCat.Scoring.Tests;

public class QuestionSetTests
{
    private static readonly ItemPool Pool = new("bank-hash", TestBanks.Skd, TestBanks.Items(TestBanks.Skd));

    [Fact]
    public void Every_set_meets_the_blueprint_exactly_with_the_same_difficulty_profile()
    {
        var bp = TestBanks.Skd;
        Gen.String[1, 20].Select(Gen.String[1, 20]).Sample((seed, participant) =>
        {
            var set = Pool.Draw(seed, participant);
            Assert.Equal(bp.TotalItems, set.Count);
            Assert.Equal(set.Count, set.Items.ToArray().Distinct().Count());
            var start = 0;
            for (var s = 0; s < bp.Subtests.Count; s++)
            {
                var spec = bp.Subtests[s];
                var items = set.Items.Slice(start, spec.Items).ToArray().Select(i => Pool.Items[i]).ToList();
                Assert.All(items, i => Assert.Equal(s, i.Subtest));
                for (var t = 0; t < spec.Subtopics.Count; t++)
                {
                    Assert.Equal(spec.Subtopics[t].Items, items.Count(i => i.Subtopic == t));
                }
                for (var d = 0; d < 3; d++)
                {
                    Assert.Equal(spec.DifficultyMix[d], items.Count(i => (int)i.Difficulty == d));
                }
                start += spec.Items;
            }
            for (var p = 0; p < set.Count; p++)
            {
                var order = Enumerable.Range(0, 5).Select(k => set.OriginalOption(p, k)).Order().ToArray();
                Assert.Equal([0, 1, 2, 3, 4], order);
            }
        }, iter: 300);
    }

    [Fact]
    public void A_set_is_a_pure_function_of_bank_blueprint_seed_and_participant()
    {
        var again = new ItemPool("bank-hash", TestBanks.Skd, TestBanks.Items(TestBanks.Skd).AsEnumerable().Reverse().ToList());
        var a = Pool.Draw("sesi-1", "000042").ToText(Pool);
        Assert.Equal(a, again.Draw("sesi-1", "000042").ToText(again));
        Assert.NotEqual(a, Pool.Draw("sesi-1", "000043").ToText(Pool));
        Assert.NotEqual(a, Pool.Draw("sesi-2", "000042").ToText(Pool));
        var otherBank = new ItemPool("other-hash", TestBanks.Skd, TestBanks.Items(TestBanks.Skd));
        Assert.NotEqual(a, otherBank.Draw("sesi-1", "000042").ToText(otherBank));
    }

    [Fact]
    public void Items_and_options_are_shuffled()
    {
        var set = Pool.Draw("sesi-1", "000001");
        var twk = set.Items[..30].ToArray();
        Assert.NotEqual(twk.Order().ToArray(), twk);
        var identity = Enumerable.Range(0, set.Count).Count(p => Enumerable.Range(0, 5).All(k => set.OriginalOption(p, k) == k));
        Assert.True(identity < 10, $"{identity} of {set.Count} items kept A-E order");
    }

    [Fact]
    public void Text_form_round_trips()
    {
        var set = Pool.Draw("sesi-1", "000007");
        var text = set.ToText(Pool);
        Assert.Matches(@"^(\S+:[A-E]{5})( \S+:[A-E]{5}){109}$", text);
        Assert.Equal(text, Pool.Parse(text).ToText(Pool));
        Assert.Throws<FormatException>(() => Pool.Parse("TWK-00-000:AABCD"));
        Assert.Throws<FormatException>(() => Pool.Parse("NOPE-1:ABCDE"));
    }

    [Fact]
    public void Exposure_is_balanced_across_a_session()
    {
        var report = new ExposureReport(Pool);
        for (var i = 0; i < 2000; i++)
        {
            report.Add(Pool.Draw("sesi-x", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));
        }
        foreach (var cell in report.Cells())
        {
            // binomial spread around the ideal: well within +-35% for 2000 sets
            Assert.InRange(cell.MinUses, cell.IdealUses * 0.65, cell.IdealUses);
            Assert.InRange(cell.MaxUses, cell.IdealUses, cell.IdealUses * 1.35);
        }
    }

    [Fact]
    public void Allocation_spreads_draws_in_proportion_to_the_bank()
    {
        // subtopic 0 holds 12 items (4 mudah, 6 sedang, 2 sulit) for a quota of 6 with mix 2/3/1
        for (var t = 0; t < 5; t++)
        {
            var take = Enumerable.Range(0, 3).Select(d => Pool.Take(0, t, (Difficulty)d)).ToArray();
            Assert.Equal(6, take.Sum());
        }
        Assert.Equal(9, Enumerable.Range(0, 5).Sum(t => Pool.Take(0, t, Difficulty.Mudah)));
        Assert.Equal(6, Enumerable.Range(0, 5).Sum(t => Pool.Take(0, t, Difficulty.Sulit)));
    }

    [Fact]
    public void A_short_bank_names_the_subtopic_and_how_many_are_missing()
    {
        var items = TestBanks.Items(TestBanks.Skd).Where(i => !(i.Subtest == 1 && i.Subtopic == 4 && int.Parse(i.Id[^3..], System.Globalization.CultureInfo.InvariantCulture) >= 1)).ToList();
        var e = Assert.Throws<BankShortageException>(() => new ItemPool("h", TestBanks.Skd, items));
        var s = Assert.Single(e.Shortages);
        Assert.Equal(("TIU", "numerik-deret", 4, 1, 3), (s.Subtest, s.Subtopic, s.Needed, s.Available, s.Missing));
        Assert.Contains("TIU/numerik-deret: butuh 4 soal, tersedia 1 (kurang 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bank_without_enough_hard_items_names_the_difficulty()
    {
        var items = TestBanks.Items(TestBanks.Skd).Where(i => !(i.Subtest == 2 && i.Difficulty == Difficulty.Sulit)).ToList();
        var e = Assert.Throws<BankShortageException>(() => new ItemPool("h", TestBanks.Skd, items));
        Assert.Contains(e.Shortages, s => s is { Subtest: "TKP", Subtopic: null, Difficulty: Difficulty.Sulit, Needed: 9, Available: 0 });
    }

    [Fact]
    public void Totals_that_suffice_but_cannot_combine_are_reported()
    {
        // one subtest, two subtopics of 2 items; mix 2 mudah + 2 sulit; topic a has only mudah, topic b only mudah too except one sulit
        var bp = new Blueprint("x", "x", 10, [new SubtestSpec("S", "S", ScoringKind.Key, 5, null, 4, [2, 0, 2], [new("a", "", 2), new("b", "", 2)])]);
        var items = new List<PoolItem>
        {
            new("a1", 0, 0, Difficulty.Mudah), new("a2", 0, 0, Difficulty.Mudah), new("a3", 0, 0, Difficulty.Mudah),
            new("b1", 0, 1, Difficulty.Sulit), new("b2", 0, 1, Difficulty.Mudah), new("a4", 0, 0, Difficulty.Sulit),
        };
        // feasible: a = {mudah, sulit}, b = {mudah, sulit}
        var pool = new ItemPool("h", bp, items);
        Assert.Equal(1, pool.Take(0, 0, Difficulty.Sulit));
        Assert.Equal(1, pool.Take(0, 1, Difficulty.Sulit));
        // infeasible although every total suffices: a and b each hold only a sulit item,
        // the one mudah item sits in c, whose quota is 0
        var bp2 = new Blueprint("y", "y", 10, [new SubtestSpec("S", "S", ScoringKind.Key, 5, null, 2, [1, 0, 1], [new("a", "", 1), new("b", "", 1), new("c", "", 0)])]);
        var items2 = new List<PoolItem> { new("a1", 0, 0, Difficulty.Sulit), new("b1", 0, 1, Difficulty.Sulit), new("c1", 0, 2, Difficulty.Mudah) };
        var e = Assert.Throws<BankShortageException>(() => new ItemPool("h", bp2, items2));
        Assert.Contains(e.Shortages, s => s is { Subtopic: "b", Needed: 1, Available: 0 });
        Assert.Contains(e.Shortages, s => s is { Difficulty: Difficulty.Mudah, Needed: 1, Available: 0 });
    }
}
