using System.Text;
using AsnCat.Server.Imports;
namespace AsnCat.Server.Tests.Imports;

/// <summary>CSV uploads as Excel and other tools write them: quoted fields with commas, quotes and line breaks, a UTF-8 BOM; rows keep their file line numbers in the reports.</summary>
public sealed class CsvImportTests
{
    private static byte[] Utf8(string text, bool bom) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public async Task A_quoted_field_with_a_comma_and_doubled_quotes_imports_as_written_from_a_file_with_a_bom()
    {
        using var f = await ImportFixture.CreateAsync();
        var header = string.Join(',', ImportTemplates.Header(ImportKind.Formasi));
        var csv = Utf8(header + "\r\n" +
            "F-KOMA,\"Kementerian Keuangan, Direktorat \"\"Anggaran\"\"\",Analis,Jakarta,2,S-1\r\n" +
            "F-BIASA,Badan Kepegawaian Negara,Analis Kepegawaian,Makassar,1,S-1\r\n", bom: true);

        var result = await f.ImportAsync(ImportKind.Formasi, csv, "formasi.csv");

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Imported);
        await using var db = f.Database.Open();
        Assert.Equal("Kementerian Keuangan, Direktorat \"Anggaran\"", db.Formations.Single(x => x.Code == "F-KOMA").Agency);
    }

    [Fact]
    public async Task A_line_break_inside_a_quoted_field_is_reported_on_its_row_and_later_rows_keep_their_line_numbers()
    {
        using var f = await ImportFixture.CreateAsync();
        var header = string.Join(',', ImportTemplates.Header(ImportKind.Formasi));
        var csv = Utf8(header + "\n" +
            "F-1,\"Instansi\nDua Baris\",Analis,Jakarta,2,S-1\n" +     // lines 2-3
            "F-2,Instansi,Analis,Jakarta,0,S-1\n", bom: false);        // line 4: quota 0

        var result = await f.ImportAsync(ImportKind.Formasi, csv, "formasi.csv");

        Assert.Equal([(2, "instansi"), (4, "kuota")], result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("karakter kendali", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Imported);
    }
}
