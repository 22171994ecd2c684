using System.IO.Compression;
using System.Xml.Linq;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>
/// Imports of files written for AsnCat in the shape other tools export (tests/AsnCat.Tool.Tests/Fixtures,
/// see README.md there): a QTI 2.2 package like TAO's export and a Moodle XML file like a course's question
/// bank export. Each holds one item the bank can keep and several it cannot: every one it cannot keep is
/// reported by its identifier with a reason, nothing is written without --skip-unsupported, mapping options
/// fill only what the source does not say, and with --skip-unsupported the item it can keep is imported whole.
/// </summary>
public class ExportShapedImportTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    private static string Fixture(string path) => Path.Combine(TestPaths.RepoRoot, "tests", "AsnCat.Tool.Tests", "Fixtures", path);

    private static readonly string TaoPackage = Fixture(Path.Combine("Qti", "tao-qti22"));

    private static readonly string MoodleFile = Fixture(Path.Combine("Moodle", "latihan-skd.xml"));

    // what the QTI reader itself cannot keep, in manifest order, whatever the mapping options say
    private static readonly string[] QtiUnreadable =
    [
        "TWK-NAS-03: jawaban ganda (cardinality=\"multiple\") tidak didukung; bank memakai tepat satu pilihan",
        "TIU-ANTONIM-04: interaksi textEntryInteraction tidak didukung; hanya choiceInteraction pilihan tunggal",
        "TKP-SKALA-05: 2 interaksi dalam satu soal (choiceInteraction, sliderInteraction); bank menyimpan satu pertanyaan pilihan ganda per soal",
    ];

    private static readonly string[] MoodleUnreadable =
    [
        "Isian rumpang dengan gambar: jenis soal Moodle 'cloze' tidak didukung; hanya multichoice jawaban tunggal",
        "Nilai sila kedua (jawaban ganda): pilihan ganda dengan lebih dari satu jawaban benar (single=false) tidak didukung",
        "Menyimak pengumuman: tautan ke '@@PLUGINFILE@@/pengumuman.mp3' tidak dapat disimpan (terminal ujian tidak membuka tautan atau berkas lain); tulis isinya di soal",
    ];

    private static readonly string[] QtiMapping = ["--subtest", "TIU", "--subtopic", "numerik-soal-cerita", "--difficulty", "sedang"];

    private static readonly string[] MoodleMapping = ["--subtest", "TIU", "--subtopic", "numerik-berhitung", "--difficulty", "mudah"];

    /// <summary>The package folder zipped, as TAO hands it out.</summary>
    private static string Zipped(TempFolder temp)
    {
        ZipFile.CreateFromDirectory(TaoPackage, temp["tao-qti22.zip"]);
        return temp["tao-qti22.zip"];
    }

    [Fact]
    public void Every_item_of_the_tao_shaped_package_is_reported_by_identifier_with_its_reason_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "qti", Zipped(temp), "--out", temp["bank"]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        var reported = Lines(err, "tidak didukung: ");
        Assert.Equal(ItemResources(Path.Combine(TaoPackage, "imsmanifest.xml")), reported.Count);
        Assert.Equal(5, reported.Count);
        Assert.Equal(QtiUnreadable, reported.Take(3));
        // the two the reader keeps lack what only the source or the mapping can say: the place and the difficulty
        Assert.StartsWith("TIU-CERITA-01: subtes tidak disebut sumber; isi pemetaan subtes (--subtest)", reported[3], StringComparison.Ordinal);
        Assert.Contains("tingkat kesulitan tidak disebut sumber", reported[3], StringComparison.Ordinal);
        Assert.DoesNotContain("opsi; bank memakai", reported[3], StringComparison.Ordinal);
        Assert.StartsWith("TWK-PILAR-02: subtes tidak disebut sumber", reported[4], StringComparison.Ordinal);
        Assert.EndsWith("4 opsi; bank memakai tepat 5 opsi (A-E)", reported[4], StringComparison.Ordinal);
        Assert.Contains("tidak ada yang ditulis", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_options_fill_what_the_tao_shaped_package_lacks_and_leave_only_what_the_bank_cannot_hold()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run(["bank", "import", "--from", "qti", Zipped(temp), "--out", temp["bank"], .. QtiMapping]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        Assert.Equal([.. QtiUnreadable, "TWK-PILAR-02: 4 opsi; bank memakai tepat 5 opsi (A-E)"], Lines(err, "tidak didukung: "));
        Assert.Contains("pakai --skip-unsupported untuk mengimpor 1 soal lainnya", err, StringComparison.Ordinal);
    }

    [Fact]
    public void With_skip_unsupported_the_tao_shaped_five_option_item_is_imported_with_its_image_and_the_rest_named()
    {
        using var temp = new TempFolder();
        var (exit, output, err) = CliRunner.Run(["bank", "import", "--from", "qti", Zipped(temp), "--out", temp["bank"], .. QtiMapping, "--skip-unsupported"]);

        Assert.True(exit == 0, err);
        Assert.Equal([.. QtiUnreadable, "TWK-PILAR-02: 4 opsi; bank memakai tepat 5 opsi (A-E)"], Lines(output, "dilewati: "));
        Assert.Contains("diimpor 1 soal", output, StringComparison.Ordinal);
        var bank = BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!;
        var item = Assert.Single(bank.Items);
        Assert.Equal(("TIU-CERITA-01", "TIU", "numerik-soal-cerita", Difficulty.Sedang, 2), (item.Id, item.Subtest, item.Subtopic, item.Difficulty, item.Answer));
        Assert.StartsWith("Diagram batang berikut menunjukkan jumlah pendaftar", item.Stem, StringComparison.Ordinal);
        Assert.EndsWith("Berapa selisih jumlah pendaftar kabupaten B dan kabupaten C?", item.Stem, StringComparison.Ordinal);
        Assert.Equal(["100 orang", "200 orang", "300 orang", "400 orang", "500 orang"], item.Options.Select(o => o.Text));
        Assert.Equal("Diagram batang: kabupaten A 400, kabupaten B 600, kabupaten C 300 pendaftar", item.Image!.Alt);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TaoPackage, "items", "soal-01", "grafik.png")), bank.Images[item.Image.File]);
    }

    [Fact]
    public void Every_question_of_the_moodle_export_is_reported_by_name_with_its_reason_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "moodle", MoodleFile, "--out", temp["bank"]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        var reported = Lines(err, "tidak didukung: ");
        var questions = XDocument.Load(MoodleFile).Root!.Elements("question").Count(q => (string?)q.Attribute("type") != "category");
        Assert.Equal(questions, reported.Count);
        Assert.Equal(5, reported.Count);
        Assert.Equal(MoodleUnreadable, reported.Take(3));
        // the course's default category is no subtest of the blueprint, and no tag gives a difficulty
        foreach (var (line, name) in reported.Skip(3).Zip(["Menghitung-persegi: ", "Ibu-kota-Kalimantan-Utara: "]))
        {
            Assert.StartsWith(name, line, StringComparison.Ordinal);
            Assert.Contains("subtes 'Bawaan untuk Latihan SKD 2025' tidak ada di kisi-kisi skd", line, StringComparison.Ordinal);
            Assert.Contains("tingkat kesulitan tidak disebut sumber", line, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("opsi; bank memakai", reported[3], StringComparison.Ordinal);
        Assert.EndsWith("4 opsi; bank memakai tepat 5 opsi (A-E)", reported[4], StringComparison.Ordinal);
        Assert.Contains("tidak ada yang ditulis", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_options_fill_what_the_moodle_export_lacks_and_leave_only_what_the_bank_cannot_hold()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = CliRunner.Run(["bank", "import", "--from", "moodle", MoodleFile, "--out", temp["bank"], .. MoodleMapping]);

        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(temp["bank"]));
        Assert.Equal([.. MoodleUnreadable, "Ibu-kota-Kalimantan-Utara: 4 opsi; bank memakai tepat 5 opsi (A-E)"], Lines(err, "tidak didukung: "));
    }

    [Fact]
    public void With_skip_unsupported_the_moodle_single_answer_question_is_imported_with_its_embedded_image()
    {
        using var temp = new TempFolder();
        var (exit, output, err) = CliRunner.Run(["bank", "import", "--from", "moodle", MoodleFile, "--out", temp["bank"], .. MoodleMapping, "--skip-unsupported"]);

        Assert.True(exit == 0, err);
        Assert.Equal([.. MoodleUnreadable, "Ibu-kota-Kalimantan-Utara: 4 opsi; bank memakai tepat 5 opsi (A-E)"], Lines(output, "dilewati: "));
        var bank = BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!;
        var item = Assert.Single(bank.Items);
        Assert.Equal(("Menghitung-persegi", "TIU", "numerik-berhitung", Difficulty.Mudah, 1), (item.Id, item.Subtest, item.Subtopic, item.Difficulty, item.Answer));
        Assert.Equal("Perhatikan gambar berikut.\n\nBerapa banyak persegi yang terdapat pada gambar tersebut?", item.Stem);
        Assert.Equal(["4", "5", "6", "8", "9"], item.Options.Select(o => o.Text));
        Assert.Equal("Ada empat persegi kecil dan satu persegi besar, jadi lima persegi.", item.Explanation);
        Assert.Equal("Sebuah persegi besar yang dibagi menjadi empat persegi kecil sama besar", item.Image!.Alt);
        var embedded = XDocument.Load(MoodleFile).Descendants("file").First(f => (string?)f.Attribute("name") == "persegi.png").Value;
        Assert.Equal(Convert.FromBase64String(embedded.Trim()), bank.Images[item.Image.File]);
    }

    internal static List<string> Lines(string text, string prefix) =>
        [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].TrimEnd('\r'))];

    // counted from the package itself: item resources in the manifest (its assessmentTest is no item)
    private static int ItemResources(string manifest) =>
        XDocument.Load(manifest).Descendants().Count(e => e.Name.LocalName == "resource" && ((string?)e.Attribute("type") ?? "").StartsWith("imsqti_item", StringComparison.Ordinal));
}
