using System.IO.Compression;
using AsnCat.Tool.Banks.Interchange;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>
/// Hostile inputs the tests write: each is refused with its named error, and the --out folder is
/// never created.
/// </summary>
public class HostileInputTests
{
    private const string Key = "<correctResponse><value>cA</value></correctResponse>";

    private static readonly byte[] Zeros = new byte[20 * 1024 * 1024];

    private static void Refused(string format, string input, TempFolder temp, string named)
    {
        var (exit, _, err) = CliRunner.Run("bank", "import", "--from", format, input, "--out", temp["bank"], "--subtest", "TWK", "--subtopic", "nasionalisme", "--difficulty", "mudah");
        Assert.Equal(1, exit);
        Assert.Contains(named, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp["bank"]), "nothing may be written to --out");
    }

    [Fact]
    public void A_qti_zip_bomb_is_refused_as_a_zip_bomb()
    {
        using var temp = new TempFolder();
        Packages.Zip(temp["bom.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("bom.xml"))), ("bom.xml", Zeros));
        Refused("qti", temp["bom.zip"], temp, "(bom zip?); arsip ditolak");
    }

    [Theory]
    [InlineData("../../luar.xml", "segmen '..' tidak boleh")]
    [InlineData("/tmp/luar.xml", "jalur absolut atau huruf drive tidak boleh")]
    public void A_zip_entry_that_leaves_the_package_is_refused(string entry, string named)
    {
        using var temp = new TempFolder();
        Packages.Zip(temp["jalur.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("soal.xml"))), (entry, Packages.Utf8("<x/>")));
        Refused("qti", temp["jalur.zip"], temp, named);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "luar.xml")));
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public void A_manifest_href_that_leaves_the_package_is_refused_as_path_traversal(string href)
    {
        using var temp = new TempFolder();
        Packages.Zip(temp["href.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest(href))));
        Refused("qti", temp["href.zip"], temp, ImageFilesTraversal);
    }

    [Theory]
    [InlineData("../../../../etc/hostname")]
    [InlineData("/etc/hostname")]
    public void An_image_src_that_leaves_the_package_is_refused_as_path_traversal(string src)
    {
        using var temp = new TempFolder();
        var item = Packages.Item21("T1", $"<p>Soal <img src=\"{src}\" alt=\"x\"/></p>", Key);
        Packages.Zip(temp["img.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("items/t1.xml"))), ("items/t1.xml", Packages.Utf8(item)));
        Refused("qti", temp["img.zip"], temp, ImageFilesTraversal);
    }

    [Fact]
    public void A_qti_item_with_an_external_entity_is_refused_as_a_dtd()
    {
        using var temp = new TempFolder();
        var item = Packages.Item21("T1", "<p>&xxe;</p>", Key).Replace("<assessmentItem", "<!DOCTYPE assessmentItem [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<assessmentItem", StringComparison.Ordinal);
        Packages.Zip(temp["xxe.zip"], ("imsmanifest.xml", Packages.Utf8(Packages.Manifest("t1.xml"))), ("t1.xml", Packages.Utf8(item)));
        Refused("qti", temp["xxe.zip"], temp, SafeXml.DtdRefused);
    }

    [Fact]
    public void A_moodle_file_with_billion_laughs_is_refused_as_a_dtd()
    {
        using var temp = new TempFolder();
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        File.WriteAllText(temp["tawa.xml"], $"<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY l0 \"ha\">{entities}]>\n<quiz><question type=\"multichoice\"><name><text>&l9;</text></name></question></quiz>");
        Refused("moodle", temp["tawa.xml"], temp, SafeXml.DtdRefused);
    }

    [Fact]
    public void An_oversized_moodle_file_is_refused_before_it_is_parsed()
    {
        using var temp = new TempFolder();
        using (var file = File.Create(temp["besar.xml"]))
        {
            file.SetLength(SafeXml.MaxBytes + 1);   // sparse: the size alone must refuse it
        }
        Refused("moodle", temp["besar.xml"], temp, SafeXml.TooLarge);
    }

    [Fact]
    public void An_xlsx_zip_bomb_is_refused_before_excel_code_opens_it()
    {
        using var temp = new TempFolder();
        Packages.Zip(temp["bom.xlsx"], ("[Content_Types].xml", Packages.Utf8("<Types/>")), ("xl/worksheets/sheet1.xml", Zeros));
        Refused("xlsx", temp["bom.xlsx"], temp, "(bom zip?); arsip ditolak");
    }

    [Fact]
    public void An_xlsx_whose_parts_declare_a_dtd_is_refused()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp["dtd.xlsx"], XlsxExport.Template());
        using (var zip = ZipFile.Open(temp["dtd.xlsx"], ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/workbook.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            var body = xml.IndexOf("?>", StringComparison.Ordinal) + 2;
            writer.Write(xml[..body] + "<!DOCTYPE workbook [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + xml[body..]);
        }
        Refused("xlsx", temp["dtd.xlsx"], temp, SafeXml.DtdRefused);
    }

    private const string ImageFilesTraversal = "jalur keluar dari paket (path traversal)";
}
