using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>Sources the tests write, one per mapping rule: what each element of QTI, Moodle XML and the sheet becomes in the bank.</summary>
public class WrittenSourceImportTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static readonly int[] Weights = [3, 5, 1, 4, 2];

    // Moodle fractions 40, 100, 20, 80, 60 percent of TKP's maximum 5
    private static readonly int[] MoodleWeights = [2, 5, 1, 4, 3];

    // 25, 50, 50, 100, 75 percent of PPPK's maximum 4: weights 1..4 may repeat
    private static readonly int[] PppkWeights = [1, 2, 2, 4, 3];

    private static readonly int[] PppkFractions = [25, 50, 50, 100, 75];

    private static QuestionBank Imported(TempFolder temp, params string[] args)
    {
        var (exit, _, err) = CliRunner.Run(["bank", "import", .. args, "--out", temp["bank"]]);
        Assert.True(exit == 0, err);
        return BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!;
    }

    [Theory]
    [InlineData("v2p1")]
    [InlineData("v2p2")]
    public void A_qti_2_choice_item_becomes_a_keyed_item_with_its_table_image_prompt_and_feedback(string version)
    {
        using var temp = new TempFolder();
        var body = """
            <p>Perhatikan tabel berikut.<br/>Baris kedua teks.</p>
            <table><caption>Penduduk</caption><thead><tr><th>Tahun</th><th>Jumlah</th></tr></thead><tbody><tr><td>2022</td><td>1.200</td></tr></tbody></table>
            <p><img src="../gambar/peta.png" alt="Peta desa"/></p>
            """;
        var item = Packages.Item21("TWK-X-001", body, "<correctResponse><value>cC</value></correctResponse>", version)
            .Replace("</itemBody>", "</itemBody>", StringComparison.Ordinal)
            .Replace("<responseProcessing", "<modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"F\" showHide=\"show\">Pembahasan singkat.</modalFeedback><responseProcessing", StringComparison.Ordinal);
        Packages.Zip(temp["paket.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("items/x1.xml"))), ("items/x1.xml", Packages.Utf8(item)), ("gambar/peta.png", Png));

        var bank = Imported(temp, "--from", "qti", temp["paket.zip"], "--subtest", "twk", "--subtopic", "nasionalisme", "--difficulty", "sulit", "--code", "uji");

        var i = Assert.Single(bank.Items);
        Assert.Equal(("TWK-X-001", "TWK", "nasionalisme", Difficulty.Sulit, 2), (i.Id, i.Subtest, i.Subtopic, i.Difficulty, i.Answer));
        Assert.Equal("Perhatikan tabel berikut.\nBaris kedua teks.\n\nPilih satu jawaban.", i.Stem);
        Assert.Equal(["Tahun", "Jumlah"], i.Table!.Header);
        Assert.Equal(["2022", "1.200"], i.Table.Rows.Single());
        Assert.Equal("Penduduk", i.Table.Caption);
        Assert.Equal("Peta desa", i.Image!.Alt);
        Assert.Equal(Png, bank.Images[i.Image.File]);
        Assert.Equal("Pembahasan singkat.", i.Explanation);
        Assert.Equal(["pilihan A", "pilihan B", "pilihan C", "pilihan D", "pilihan E"], i.Options.Select(o => o.Text));
    }

    [Fact]
    public void A_qti_map_response_becomes_the_weights_of_a_weighted_subtest()
    {
        using var temp = new TempFolder();
        var mapping = "<correctResponse><value>cB</value></correctResponse><mapping defaultValue=\"0\">"
            + string.Concat("ABCDE".Select((c, i) => $"<mapEntry mapKey=\"c{c}\" mappedValue=\"{Weights[i]}\"/>")) + "</mapping>";
        Packages.Zip(temp["tkp.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("w.xml"))), ("w.xml", Packages.Utf8(Packages.Item21("TKP-W-1", "<p>Sikap Anda?</p>", mapping, "v2p2"))));

        var bank = Imported(temp, "--from", "qti", temp["tkp.zip"], "--subtest", "TKP", "--subtopic", "pelayanan-publik", "--difficulty", "sedang");

        Assert.Equal(Weights, Assert.Single(bank.Items).Weights);
    }

    [Fact]
    public void With_skip_unsupported_the_rest_is_imported_and_every_skipped_item_is_named()
    {
        using var temp = new TempFolder();
        var good = Packages.Item21("BAIK-1", "<p>Soal baik.</p>", "<correctResponse><value>cA</value></correctResponse>");
        var multiple = Packages.Item21("GANDA-1", "<p>Soal ganda.</p>", "<correctResponse><value>cA</value><value>cB</value></correctResponse>")
            .Replace("cardinality=\"single\"", "cardinality=\"multiple\"", StringComparison.Ordinal);
        var four = Packages.Item21("EMPAT-1", "<p>Soal empat opsi.</p>", "<correctResponse><value>cA</value></correctResponse>",
            choices: string.Concat("ABCD".Select(c => $"<simpleChoice identifier=\"c{c}\">{c}</simpleChoice>")));
        Packages.Zip(temp["campur.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("a.xml", "b.xml", "c.xml"))),
            ("a.xml", Packages.Utf8(good)), ("b.xml", Packages.Utf8(multiple)), ("c.xml", Packages.Utf8(four)));
        string[] args = ["bank", "import", "--from", "qti", temp["campur.zip"], "--subtest", "TIU", "--subtopic", "verbal-analogi", "--difficulty", "mudah"];

        var strict = CliRunner.Run([.. args, "--out", temp["ketat"]]);
        Assert.Equal(1, strict.Exit);
        Assert.False(Directory.Exists(temp["ketat"]));
        Assert.Equal(2, ExportShapedImportTests.Lines(strict.Err, "tidak didukung: ").Count);

        var skip = CliRunner.Run([.. args, "--out", temp["bank"], "--skip-unsupported"]);
        Assert.Equal(0, skip.Exit);
        Assert.Equal(
            ["GANDA-1: jawaban ganda (cardinality=\"multiple\") tidak didukung; bank memakai tepat satu pilihan", "EMPAT-1: 4 opsi; bank memakai tepat 5 opsi (A-E)"],
            ExportShapedImportTests.Lines(skip.Out, "dilewati: "));
        Assert.Contains("diimpor 1 soal", skip.Out, StringComparison.Ordinal);
        Assert.Contains("dilewati 2", skip.Out, StringComparison.Ordinal);
        Assert.Contains("kisi-kisi skd belum terpenuhi", skip.Out, StringComparison.Ordinal);
        Assert.Equal("BAIK-1", Assert.Single(BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!.Items).Id);
    }

    // QTI 3.0 as 3.0 spells it (qti-* elements, kebab-case attributes, the 3.0 manifest namespace): real QTI 3.0
    // packages are not committed (Fixtures/README.md), so this package stands in for one
    [Fact]
    public void A_qti_3_package_imports_its_five_option_choice_and_names_every_item_it_cannot_keep()
    {
        using var temp = new TempFolder();
        Packages.Zip(temp["qti3.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest30("items/a.xml", "items/b.xml", "items/c.xml", "items/d.xml"))),
            ("items/a.xml", Packages.Utf8(Packages.Item30("TIGA-1", Packages.Choice30(), "cD"))),
            ("items/b.xml", Packages.Utf8(Packages.Item30("TIGA-GANDA", Packages.Choice30(2), "cA", "multiple"))),
            ("items/c.xml", Packages.Utf8(Packages.Item30("TIGA-DUA", Packages.Choice30(2), "cA"))),
            ("items/d.xml", Packages.Utf8(Packages.Item30("TIGA-ISIAN", "<p><qti-text-entry-interaction response-identifier=\"RESPONSE\"/></p>", "Jakarta"))));
        string[] args = ["bank", "import", "--from", "qti", temp["qti3.zip"], "--subtest", "TIU", "--subtopic", "verbal-analogi", "--difficulty", "mudah"];
        string[] expected =
        [
            "TIGA-GANDA: jawaban ganda (cardinality=\"multiple\") tidak didukung; bank memakai tepat satu pilihan",
            "TIGA-DUA: boleh memilih lebih dari satu (maxChoices=\"2\"); bank memakai tepat satu pilihan",
            "TIGA-ISIAN: interaksi textEntryInteraction tidak didukung; hanya choiceInteraction pilihan tunggal",
        ];

        var strict = CliRunner.Run([.. args, "--out", temp["ketat"]]);
        Assert.Equal(1, strict.Exit);
        Assert.False(Directory.Exists(temp["ketat"]));
        Assert.Equal(expected, ExportShapedImportTests.Lines(strict.Err, "tidak didukung: "));

        var skip = CliRunner.Run([.. args, "--out", temp["bank"], "--skip-unsupported"]);
        Assert.Equal(0, skip.Exit);
        Assert.Equal(expected, ExportShapedImportTests.Lines(skip.Out, "dilewati: "));
        var i = Assert.Single(BankLoader.Load(temp["bank"], Catalog.Blueprint).Bank!.Items);
        Assert.Equal(("TIGA-1", "TIU", 3), (i.Id, i.Subtest, i.Answer));
        Assert.Equal("Soal TIGA-1.\n\nPilih satu jawaban.", i.Stem);
        Assert.Equal(["pilihan A", "pilihan B", "pilihan C", "pilihan D", "pilihan E"], i.Options.Select(o => o.Text));
    }

    [Fact]
    public void Moodle_fractions_become_a_key_or_weights_and_embedded_images_are_kept()
    {
        using var temp = new TempFolder();
        string Answers(params int[] fractions) => string.Concat(fractions.Select((f, i) => $"<answer fraction=\"{f}\" format=\"html\"><text><![CDATA[<p>opsi&nbsp;{i}</p>]]></text><feedback><text></text></feedback></answer>"));
        File.WriteAllText(temp["moodle.xml"], $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="category"><category><text>$course$/top/impor/TIU/numerik-deret</text></category></question>
              <question type="multichoice"><name><text>Deret satu</text></name>
                <questiontext format="html"><text><![CDATA[<p>Lanjutkan deret <b>2, 4, 8</b> ...<br>Pilih satu.</p><p><img src="@@PLUGINFILE@@/deret.png" alt="Deret angka"></p>]]></text>
                <file name="deret.png" path="/" encoding="base64">{Convert.ToBase64String(Png)}</file></questiontext>
                <generalfeedback format="html"><text><![CDATA[<p>Dikali dua.</p>]]></text></generalfeedback>
                <single>true</single>{Answers(0, 0, 100, 0, 0)}
                <tags><tag><text>sulit</text></tag></tags></question>
              <question type="category"><category><text>$course$/top/impor/TKP/jejaring-kerja</text></category></question>
              <question type="multichoice"><name><text>TKP-M-1</text></name>
                <questiontext format="html"><text>Sikap Anda?</text></questiontext>
                <single>true</single>{Answers(40, 100, 20, 80, 60)}</question>
            </quiz>
            """);

        var bank = Imported(temp, "--from", "moodle", temp["moodle.xml"], "--difficulty", "mudah");

        var key = bank.Items.Single(i => i.Subtest == "TIU");
        Assert.Equal(("Deret-satu", "numerik-deret", Difficulty.Sulit, 2), (key.Id, key.Subtopic, key.Difficulty, key.Answer));
        Assert.Equal("Lanjutkan deret 2, 4, 8 ...\nPilih satu.", key.Stem);
        Assert.Equal("opsi 0", key.Options[0].Text);
        Assert.Equal(Png, bank.Images[key.Image!.File]);
        Assert.Equal("Dikali dua.", key.Explanation);
        var weighted = bank.Items.Single(i => i.Subtest == "TKP");
        Assert.Equal(MoodleWeights, weighted.Weights);
        Assert.Equal(Difficulty.Mudah, weighted.Difficulty);
        Assert.Equal("impor", bank.Code);
    }

    [Fact]
    public void Moodle_fractions_in_quarters_become_pppk_weights_with_repeats_and_the_blueprint_is_found_from_the_categories()
    {
        using var temp = new TempFolder();
        var answers = string.Concat(PppkFractions.Select((f, i) => $"<answer fraction=\"{f}\"><text>opsi {i}</text></answer>"));
        File.WriteAllText(temp["pppk.xml"], $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="category"><category><text>$course$/top/pppk-uji/MANAJERIAL/integritas</text></category></question>
              <question type="multichoice"><name><text>MAN-INT-001</text></name><questiontext format="plain_text"><text>Atasan meminta Anda mengubah laporan. Sikap Anda?</text></questiontext>
                <single>true</single>{answers}<tags><tag><text>sedang</text></tag></tags></question>
            </quiz>
            """);

        var bank = Imported(temp, "--from", "moodle", temp["pppk.xml"]);

        Assert.Equal(("pppk", "pppk-uji"), (bank.BlueprintCode, bank.Code));
        Assert.Equal(PppkWeights, Assert.Single(bank.Items).Weights);
    }

    [Fact]
    public void The_excel_template_imports_as_its_example_row()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp["templat.xlsx"], XlsxExport.Template());

        var bank = Imported(temp, "--from", "xlsx", temp["templat.xlsx"]);

        var item = Assert.Single(bank.Items);
        Assert.Equal(("TWK-NAS-901", "TWK", "nasionalisme", Difficulty.Sedang, 1), (item.Id, item.Subtest, item.Subtopic, item.Difficulty, item.Answer));
        Assert.Equal(("bank-baru", "Bank soal baru", "skd"), (bank.Code, bank.Title, bank.BlueprintCode));
    }

    [Fact]
    public void An_excel_row_with_a_bad_key_is_reported_by_row_and_id()
    {
        using var temp = new TempFolder();
        var template = XlsxExport.Template();
        File.WriteAllBytes(temp["t.xlsx"], template);
        using (var workbook = new ClosedXML.Excel.XLWorkbook(temp["t.xlsx"]))
        {
            var sheet = workbook.Worksheet(XlsxLayout.ItemsSheet);
            sheet.Cell(2, XlsxLayout.Index("Kunci") + 1).SetValue("AB");
            sheet.Cell(3, XlsxLayout.Index("Soal") + 1).SetValue("Soal kedua tanpa opsi");
            workbook.Save();
        }

        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", "xlsx", temp["t.xlsx"], "--out", temp["bank"]);

        Assert.Equal(1, exit);
        var lines = ExportShapedImportTests.Lines(err, "tidak didukung: ");
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("baris 2 (TWK-NAS-901): kunci 'AB' harus satu huruf A-E", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("SOAL-002: ", lines[1], StringComparison.Ordinal);
    }
}
