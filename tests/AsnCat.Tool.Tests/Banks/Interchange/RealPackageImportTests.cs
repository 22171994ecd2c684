using System.IO.Compression;
using System.Xml.Linq;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>
/// Imports of real public packages (tests/AsnCat.Tool.Tests/Fixtures, sources in SOURCES.md): none of
/// their items fits a five-option SKD bank, so every item must be reported by its identifier with a
/// reason, and nothing may be written.
/// </summary>
public class RealPackageImportTests
{
    private static string Fixture(string path) => Path.Combine(TestPaths.RepoRoot, "tests", "AsnCat.Tool.Tests", "Fixtures", path);

    public static TheoryData<string, string[]> QtiPackages => new()
    {
        { "Qti/tao-package.zip", ["choice: "] },
        { "Qti/tao-qti22.zip", ["Q01: ", "Q02: ", "Q03: "] },
        { "Qti/tao-scaledscoring.zip", ["choice: 2 interaksi dalam satu soal (choiceInteraction, sliderInteraction)"] },
        { "Qti/1edtech-simple.zip", ["choice: "] },
        {
            "Qti/1edtech-BBQsTest.zip",
            [
                "either-or-choice-root2: rumus matematika (MathML)", "essay-vacation: interaksi extendedTextInteraction tidak didukung",
                "hotspot-maximum: interaksi selectPointInteraction", "jumble-gapMatch: interaksi gapMatchInteraction", "jumble-inlineChoice: 3 interaksi",
                "Likert-match-questionSet: interaksi matchInteraction", "matching-associate-trigDeriv: interaksi associateInteraction",
                "matching-match-trigDeriv: interaksi matchInteraction", "MultipleAnswer-choice-materials: jawaban ganda (cardinality=\"multiple\")",
                "MultipleChoice-choice-polynomials: rumus matematika (MathML)", "upload-file: interaksi uploadInteraction", "order-maths: interaksi orderInteraction",
                "order-mountains: interaksi orderInteraction", "QuizBowl-multi-geometry: 2 interaksi", "ShortAnswer-extText-postcard: interaksi extendedTextInteraction",
                "SineRule-CalcFormQ-001: soal bertemplat", "SineRule-CalcFormQ-002: soal bertemplat", "text_entry-calculus: interaksi textEntryInteraction",
                "text_entry-Lycidas: 2 interaksi", "TheAnswer-001: interaksi textEntryInteraction", "Likert-choice-questionSet: ", "TF-choice: ",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(QtiPackages))]
    public void Every_item_of_a_real_qti_package_that_cannot_be_kept_is_reported_by_identifier_and_nothing_is_written(string fixture, string[] expected)
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "qti", Fixture(fixture), "--out", temp["bank"]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        var reported = Lines(err, "tidak didukung: ");
        Assert.Equal(ItemResources(Fixture(fixture)), reported.Count);
        Assert.Equal(expected.Length, reported.Count);
        foreach (var line in expected)
        {
            Assert.Contains(reported, r => r.StartsWith(line, StringComparison.Ordinal));
        }
        Assert.Contains("tidak ada yang ditulis", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_options_fill_what_a_real_qti_22_package_lacks_and_leave_only_the_option_count_to_report()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "qti", Fixture("Qti/tao-qti22.zip"), "--out", temp["bank"],
            "--subtest", "TWK", "--subtopic", "nasionalisme", "--difficulty", "sedang");

        Assert.Equal(1, exit);
        Assert.Equal(
            ["Q01: 3 opsi; bank memakai tepat 5 opsi (A-E)", "Q02: 3 opsi; bank memakai tepat 5 opsi (A-E)", "Q03: 3 opsi; bank memakai tepat 5 opsi (A-E)"],
            Lines(err, "tidak didukung: "));
    }

    [Theory]
    [InlineData("Moodle/multichoice.xml", new[] { "Greeting: tautan ke '@@PLUGINFILE@@/bonjour.mp3' tidak dapat disimpan" })]
    [InlineData("Moodle/multianswer.xml", new[] { "cloze with images: jenis soal Moodle 'cloze' tidak didukung" })]
    [InlineData("Moodle/sample_questions_with_old_image_tag.xml", new[] { "cloze question with image: jenis soal Moodle 'cloze' tidak didukung", "mcq-with-image: " })]
    public void Every_question_of_a_real_moodle_fixture_that_cannot_be_kept_is_reported_by_name_and_nothing_is_written(string fixture, string[] expected)
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "moodle", Fixture(fixture), "--out", temp["bank"]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        var reported = Lines(err, "tidak didukung: ");
        var questions = XDocument.Load(Fixture(fixture)).Root!.Elements("question").Count(q => (string?)q.Attribute("type") != "category");
        Assert.Equal(questions, reported.Count);
        Assert.Equal(expected.Length, reported.Count);
        foreach (var line in expected)
        {
            Assert.Contains(reported, r => r.StartsWith(line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_real_moodle_question_whose_content_is_kept_is_then_reported_for_its_place_and_its_four_options()
    {
        using var temp = new TempFolder();
        var xml = XDocument.Load(Fixture("Moodle/multichoice.xml"));
        var text = xml.Descendants("questiontext").Single().Element("text")!;
        text.ReplaceNodes(new XCData("<p>What language is being spoken?</p>"));   // without the audio link, which alone is reported otherwise
        xml.Save(temp["tanpa-audio.xml"]);

        var (_, _, err) = CliRunner.Run("bank", "import", "--from", "moodle", temp["tanpa-audio.xml"], "--out", temp["bank"]);

        var line = Assert.Single(Lines(err, "tidak didukung: "));
        Assert.StartsWith("Greeting: ", line, StringComparison.Ordinal);
        Assert.Contains("subtes 'Default for testhead' tidak ada di kisi-kisi skd", line, StringComparison.Ordinal);
        Assert.Contains("tingkat kesulitan tidak disebut sumber", line, StringComparison.Ordinal);
        Assert.Contains("4 opsi; bank memakai tepat 5 opsi", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp["bank"]));
    }

    internal static List<string> Lines(string text, string prefix) =>
        [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].TrimEnd('\r'))];

    // counted from the package itself: item resources in the manifest
    private static int ItemResources(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var manifest = archive.GetEntry("imsmanifest.xml")!.Open();
        return XDocument.Load(manifest).Descendants().Count(e => e.Name.LocalName == "resource" && ((string?)e.Attribute("type") ?? "").StartsWith("imsqti_item", StringComparison.Ordinal));
    }
}
