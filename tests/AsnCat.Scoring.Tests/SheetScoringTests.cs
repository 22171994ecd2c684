namespace AsnCat.Scoring.Tests;

public class SheetScoringTests
{
    private static readonly List<PoolItem> Items = TestBanks.Items(TestBanks.Skd);
    private static readonly ItemPool Pool = new("h", TestBanks.Skd, Items);
    private static readonly Dictionary<string, ItemScoring> Keys = TestBanks.Keys(TestBanks.Skd, Items);
    private static readonly AnswerKey Key = new(Pool, Keys);

    [Fact]
    public void All_correct_and_best_weights_score_the_maximum_550()
    {
        var set = Pool.Draw("s", "p1");
        var sheet = new sbyte[set.Count];
        for (var p = 0; p < set.Count; p++)
        {
            var k = Keys[Pool.Items[set.ItemAt(p)].Id];
            sheet[p] = (sbyte)(k.Answer ?? k.Weights!.ToList().IndexOf(5));
        }
        var card = Key.Score(set, sheet);
        Assert.Equal([150, 175, 225], card.Subtests);
        Assert.Equal(550, card.Total);
    }

    [Fact]
    public void Blank_scores_zero_and_wrong_scores_zero_and_weights_count_as_chosen()
    {
        var set = Pool.Draw("s", "p2");
        var sheet = Enumerable.Repeat(AnswerKey.Blank, set.Count).ToArray();
        Assert.Equal(0, Key.Score(set, sheet).Total);

        // one wrong TWK answer, one right TIU answer, one TKP answer of weight 2
        var twk = Keys[Pool.Items[set.ItemAt(0)].Id].Answer!.Value;
        sheet[0] = (sbyte)((twk + 1) % 5);
        sheet[30] = (sbyte)Keys[Pool.Items[set.ItemAt(30)].Id].Answer!.Value;
        sheet[65] = (sbyte)Keys[Pool.Items[set.ItemAt(65)].Id].Weights!.ToList().IndexOf(2);
        var card = Key.Score(set, sheet);
        Assert.Equal([0, 5, 2], card.Subtests);
        Assert.Equal(7, card.Total);
    }

    [Fact]
    public void Answers_are_by_original_option_whatever_order_the_terminal_showed()
    {
        var set = Pool.Draw("s", "p3");
        var item = Pool.Items[set.ItemAt(0)];
        var answer = Keys[item.Id].Answer!.Value;
        var slot = Enumerable.Range(0, 5).Single(k => set.OriginalOption(0, k) == answer);
        var sheet = Enumerable.Repeat(AnswerKey.Blank, set.Count).ToArray();
        sheet[0] = (sbyte)set.OriginalOption(0, slot);
        Assert.Equal(5, Key.Score(set, sheet).Total);
    }

    [Fact]
    public void A_sheet_of_the_wrong_length_or_an_option_outside_A_to_E_is_refused()
    {
        var set = Pool.Draw("s", "p4");
        Assert.Throws<ArgumentException>(() => Key.Score(set, new sbyte[3]));
        var sheet = new sbyte[set.Count];
        sheet[5] = 7;
        Assert.Throws<ArgumentOutOfRangeException>(() => Key.Score(set, sheet));
    }

    [Fact]
    public void A_key_missing_for_an_item_is_refused_when_the_key_is_built()
    {
        var keys = new Dictionary<string, ItemScoring>(Keys);
        keys.Remove(Items[0].Id);
        Assert.Throws<ArgumentException>(() => new AnswerKey(Pool, keys));
    }
}
