using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Tests.Banks;

/// <summary>A bank written as a folder reads back as the same bank: what a new version made from a stored one relies on.</summary>
public sealed class BankFolderWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_sample_bank_written_as_a_folder_loads_back_with_the_same_items_images_keys_and_weights()
    {
        var catalog = new RulesCatalog(TestPaths.QuestionBanks);
        var bank = BankLoader.Load(TestPaths.SampleBank, catalog.Blueprint).Bank!;
        var target = Path.Combine(_dir.Path, "bank");
        BankFolderWriter.Write(target, bank.Code, bank.Title, bank.BlueprintCode, bank.Items, bank.Images);

        var back = BankLoader.Load(target, catalog.Blueprint);
        Assert.Empty(back.Errors);
        var again = back.Bank!;
        Assert.Equal((bank.Code, bank.Title, bank.BlueprintCode), (again.Code, again.Title, again.BlueprintCode));
        Assert.Equal(bank.Items.Count, again.Items.Count);
        foreach (var (before, after) in bank.Items.OrderBy(i => i.Id, StringComparer.Ordinal).Zip(again.Items.OrderBy(i => i.Id, StringComparer.Ordinal)))
        {
            Assert.Equal(before.Id, after.Id);
            Assert.Equal((before.Subtest, before.Subtopic, before.Difficulty, before.Stem, before.Answer, before.Explanation, before.SourceFile),
                (after.Subtest, after.Subtopic, after.Difficulty, after.Stem, after.Answer, after.Explanation, after.SourceFile));
            Assert.Equal(before.Options, after.Options);
            Assert.Equal(before.Image, after.Image);
            Assert.Equal(before.Weights, after.Weights);
            Assert.Equal(before.Table?.Caption, after.Table?.Caption);
            Assert.Equal(before.Table?.Header, after.Table?.Header);
            Assert.Equal(before.Table?.Rows.SelectMany(r => r), after.Table?.Rows.SelectMany(r => r));
        }
        Assert.Equal(bank.Images.Keys.Order(StringComparer.Ordinal), again.Images.Keys.Order(StringComparer.Ordinal));
        Assert.All(bank.Images, i => Assert.Equal(i.Value, again.Images[i.Key]));
        // written twice, the same bytes: the new version's hash does not depend on when it was made
        var second = Path.Combine(_dir.Path, "bank2");
        BankFolderWriter.Write(second, bank.Code, bank.Title, bank.BlueprintCode, bank.Items, bank.Images);
        Assert.Equal(again.Hash, BankLoader.Load(second, catalog.Blueprint).Bank!.Hash);
    }
}
