using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>Export of the sample bank, then import of the export: the same bank, hash equal after normalisation.</summary>
public class RoundTripTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    [Theory]
    [InlineData("qti3", "qti", "skd.zip")]
    [InlineData("qti3", "qti", "skd-qti")]
    [InlineData("moodle", "moodle", "skd.xml")]
    [InlineData("xlsx", "xlsx", "skd.xlsx")]
    public void Importing_an_export_of_the_sample_bank_gives_the_same_bank_hash_equal_after_normalisation(string to, string from, string file)
    {
        using var temp = new TempFolder();
        var original = BankLoader.Load(TestPaths.SampleBank, Catalog.Blueprint).Bank!;
        var normal = BankInterchange.NormalHash(original);

        var export = CliRunner.Run("bank", "export", "--to", to, TestPaths.SampleBank, "--out", temp[file]);
        Assert.Equal(0, export.Exit);
        Assert.Contains($"sha256 {normal}", export.Out, StringComparison.Ordinal);

        var import = CliRunner.Run("bank", "import", "--from", from, temp[file], "--out", temp["kembali"]);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Empty(import.Err);
        var back = BankLoader.Load(temp["kembali"], Catalog.Blueprint).Bank!;
        Assert.Equal(normal, back.Hash);
        Assert.Contains($"sha256 {normal}", import.Out, StringComparison.Ordinal);

        // and the same content, item by item, not only the same hash
        Assert.Equal((original.Code, original.Title, original.BlueprintCode), (back.Code, back.Title, back.BlueprintCode));
        Assert.Equal(original.Items.Select(i => i.Id).Order(StringComparer.Ordinal), back.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        var byId = back.Items.ToDictionary(i => i.Id);
        Assert.All(original.Items, i =>
        {
            var b = byId[i.Id];
            Assert.Equal((i.Subtest, i.Subtopic, i.Difficulty, i.Stem, i.Answer, i.Explanation), (b.Subtest, b.Subtopic, b.Difficulty, b.Stem, b.Answer, b.Explanation));
            Assert.Equal(i.Weights, b.Weights);
            Assert.Equal(i.Options.Select(o => (o.Text, o.Image?.Alt)), b.Options.Select(o => (o.Text, o.Image?.Alt)));
            Assert.Equal(i.Table?.Header, b.Table?.Header);
            Assert.Equal(i.Table?.Rows.SelectMany(r => r), b.Table?.Rows.SelectMany(r => r));
            Assert.Equal(i.Image is null ? null : original.Images[i.Image.File], b.Image is null ? null : back.Images[b.Image.File]);
        });
    }

    [Fact]
    public void The_normal_form_of_a_bank_written_by_an_import_is_that_bank_itself()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("bank", "export", "--to", "moodle", TestPaths.SampleBank, "--out", temp["skd.xml"]).Exit);
        Assert.Equal(0, CliRunner.Run("bank", "import", "--from", "moodle", temp["skd.xml"], "--out", temp["bank"]).Exit);

        var bank = BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!;
        Assert.Equal(bank.Hash, BankInterchange.NormalHash(bank));
        Assert.Equal(0, CliRunner.Run("bank", "validate", temp["bank"]).Exit);
    }

    [Fact]
    public void An_export_never_overwrites_an_existing_file()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["ada.xml"], "milik orang lain");
        var (exit, _, err) = CliRunner.Run("bank", "export", "--to", "moodle", TestPaths.SampleBank, "--out", temp["ada.xml"]);

        Assert.Equal(1, exit);
        Assert.Contains("sudah ada", err, StringComparison.Ordinal);
        Assert.Equal("milik orang lain", File.ReadAllText(temp["ada.xml"]));
    }
}
