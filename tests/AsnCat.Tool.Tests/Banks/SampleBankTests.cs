using AsnCat.Scoring;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Tests.Banks;

public class SampleBankTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);
    private static readonly BankLoader.Result Loaded = BankLoader.Load(TestPaths.SampleBank, Catalog.Blueprint);

    [Fact]
    public void The_sample_bank_is_valid_and_holds_at_least_twice_the_blueprint_per_subtest_and_subtopic()
    {
        Assert.Empty(Loaded.Errors);
        var bank = Assert.IsType<QuestionBank>(Loaded.Bank);
        var blueprint = Catalog.Blueprint("skd")!;
        foreach (var subtest in blueprint.Subtests)
        {
            Assert.True(bank.Items.Count(i => i.Subtest == subtest.Code) >= 2 * subtest.Items, subtest.Code);
            foreach (var topic in subtest.Subtopics)
            {
                Assert.True(bank.Items.Count(i => i.Subtopic == topic.Code && i.Subtest == subtest.Code) >= 2 * topic.Items, $"{subtest.Code}/{topic.Code}");
            }
        }
        Assert.True(bank.Items.Count(i => i.Table is not null) >= 3, "items with tables");
        Assert.True(bank.Items.Count(i => i.Image is not null || i.Options.Any(o => o.Image is not null)) >= 3, "figural items with images");
        Assert.All(bank.Items.Where(i => i.Subtest == "TKP"), i => Assert.Equal([1, 2, 3, 4, 5], i.Weights!.Order()));
        Assert.All(bank.Items.Where(i => i.Subtest != "TKP"), i => Assert.InRange(i.Answer!.Value, 0, 4));
    }

    [Fact]
    public void The_sample_bank_satisfies_the_skd_blueprint_and_can_be_scored()
    {
        var bank = Loaded.Bank!;
        var pool = bank.ToPool(Catalog.Blueprint("skd")!);
        var key = bank.ToAnswerKey(pool);
        var set = pool.Draw("contoh", "000001");
        var blank = Enumerable.Repeat(AnswerKey.Blank, set.Count).ToArray();
        Assert.Equal(0, key.Score(set, blank).Total);
        Assert.Equal(110, set.Count);
    }

    [Fact]
    public void Every_image_the_bank_names_is_loaded_and_has_alt_text()
    {
        var bank = Loaded.Bank!;
        var refs = bank.Items.SelectMany(i => i.Options.Select(o => o.Image).Append(i.Image)).OfType<ImageRef>().ToList();
        Assert.NotEmpty(refs);
        Assert.All(refs, r =>
        {
            Assert.True(bank.Images.ContainsKey(r.File), r.File);
            Assert.False(string.IsNullOrWhiteSpace(r.Alt));
        });
    }

    [Fact]
    public void The_bank_hash_follows_the_documented_coreutils_recipe()
    {
        // README: sha256 of lines "<sha256 of file>  <relative path>\n" sorted by path
        var files = Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.SampleBank, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith('.'))
            .Order(StringComparer.Ordinal);
        var lines = string.Concat(files.Select(f => $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(TestPaths.SampleBank, f))))}  {f}\n"));
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lines)));
        Assert.Equal(expected, Loaded.Bank!.Hash);
    }
}
