using System.Security.Cryptography;
using System.Text;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Commands;
namespace AsnCat.Tool.Tests.Commands;

public class BankAndSetsCommandTests
{
    [Fact]
    public void Bank_validate_prints_counts_per_subtest_and_subtopic()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bank", "validate", TestPaths.SampleBank);
        Assert.Equal((0, ""), (exit, stderr));
        var lines = stdout.Split('\n');
        Assert.Matches(@"^TWK \d+ \(nasionalisme \d+, integritas \d+, bela-negara \d+, pilar-negara \d+, bahasa-indonesia \d+\)$", lines[0]);
        Assert.StartsWith("TIU ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("TKP ", lines[2], StringComparison.Ordinal);
        Assert.True(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 60);
        Assert.True(int.Parse(lines[1].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 70);
        Assert.True(int.Parse(lines[2].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 90);
    }

    [Fact]
    public void Bank_validate_on_a_broken_bank_prints_path_line_message_and_fails()
    {
        using var dir = new TempDir();
        dir.Write("blueprints/skd.yaml", File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml")));
        dir.Write("bank/bank.yaml", "code: x\ntitle: x\nblueprint: skd\n");
        var file = dir.Write("bank/twk/a.yaml", "subtest: TWK\nsubtopic: nasionalisme\nitems:\n  - id: A-1\n    difficulty: mudah\n    stem: s\n    options: { A: a, B: b, C: c, D: d, E: e }\n    answer: F\n");
        var (exit, stdout, stderr) = CliRunner.Run("bank", "validate", Path.Combine(dir.Path, "bank"));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{file}:8: soal A-1: kunci jawaban 'F' harus salah satu dari A, B, C, D, E", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_sets_each_meet_the_blueprint_and_regenerate_byte_identically()
    {
        var catalog = new RulesCatalog(TestPaths.QuestionBanks);
        var bank = BankLoader.Load(TestPaths.SampleBank, catalog.Blueprint).Bank!;
        var blueprint = catalog.Blueprint("skd")!;
        var participants = Enumerable.Range(1, 10_000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        string Generate()
        {
            using var w = new StringWriter();
            SetsCommands.Write(bank.ToPool(blueprint), bank.Code, "sesi-2026-11-23-01", participants, w);
            return w.ToString();
        }

        var first = Generate();
        var second = Generate();
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(first)), SHA256.HashData(Encoding.UTF8.GetBytes(second)));

        var byId = bank.Items.ToDictionary(i => i.Id);
        var setLines = first.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(10_000, setLines.Count);
        foreach (var line in setLines)
        {
            var entries = line.Split('\t')[1].Split(' ');
            var items = entries.Select(e => byId[e[..e.IndexOf(':', StringComparison.Ordinal)]]).ToList();
            Assert.Equal(110, items.Select(i => i.Id).Distinct().Count());
            var at = 0;
            foreach (var subtest in blueprint.Subtests)
            {
                var part = items.Skip(at).Take(subtest.Items).ToList();
                Assert.All(part, i => Assert.Equal(subtest.Code, i.Subtest));
                foreach (var topic in subtest.Subtopics)
                {
                    Assert.Equal(topic.Items, part.Count(i => i.Subtopic == topic.Code));
                }
                Assert.Equal(subtest.DifficultyMix, [.. Enum.GetValues<Scoring.Difficulty>().Select(d => part.Count(i => i.Difficulty == d))]);
                at += subtest.Items;
            }
            Assert.All(entries, e => Assert.Equal("ABCDE", string.Concat(e[^5..].Order())));
        }
        Assert.Contains("# exposure all items: min ", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Sets_generate_command_prints_sets_then_exposure()
    {
        var (exit, stdout, stderr) = CliRunner.Run("sets", "generate", "--bank", TestPaths.SampleBank, "--blueprint", "skd", "--seed", "abc", "--participants", "3");
        Assert.Equal((0, ""), (exit, stderr));
        var lines = stdout.Split('\n');
        Assert.StartsWith("# asncat-sets v1", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count(l => l.StartsWith("00000", StringComparison.Ordinal)));
        Assert.StartsWith("000001\tTWK-", lines.First(l => l.StartsWith("000001", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("# exposure TKP anti-radikalisme", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bank_too_small_for_the_blueprint_names_the_subtopic_and_shortfall()
    {
        using var dir = new TempDir();
        dir.Write("blueprints/skd.yaml", File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml")));
        foreach (var file in Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(TestPaths.SampleBank, file);
            if (!rel.EndsWith("numerik-deret.yaml", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir.Path, "bank", rel))!);
                File.Copy(file, Path.Combine(dir.Path, "bank", rel));
            }
        }
        var (exit, _, stderr) = CliRunner.Run("sets", "generate", "--bank", Path.Combine(dir.Path, "bank"), "--blueprint", "skd", "--seed", "x", "--participants", "1");
        Assert.Equal(1, exit);
        Assert.Contains("TIU/numerik-deret: butuh 4 soal, tersedia 0 (kurang 4)", stderr, StringComparison.Ordinal);
    }
}
