using System.Text;
using AsnCat.Tool.Csv;
namespace AsnCat.Tool.Tests.Csv;

/// <summary>The one way AsnCat writes CSV (Sep, RFC 4180 quoting): the bytes the hand-written writer gave.</summary>
public sealed class CsvWritingTests
{
    [Fact]
    public void Cells_with_a_comma_a_quote_or_a_line_break_are_quoted_and_nothing_else_is()
    {
        var text = CsvWriting.Text(["nama", "alamat"], [["Siti Aminah, S.Pd.", "Jalan \"Merdeka\""], ["Bali\nNTB", "Ñ"], ["a\rb", ""]], CsvWriting.CrLf);

        Assert.Equal("nama,alamat\r\n\"Siti Aminah, S.Pd.\",\"Jalan \"\"Merdeka\"\"\"\r\n\"Bali\nNTB\",Ñ\r\n\"a\rb\",\r\n", text);
    }

    [Fact]
    public void A_download_is_utf8_with_a_bom_and_crlf_and_has_its_header_even_without_rows()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("\uFEFFa,b\r\n"), CsvWriting.Utf8WithBom(["a", "b"], []));
        Assert.Equal([0xEF, 0xBB, 0xBF, (byte)'x', 13, 10, 0xC3, 0x91, 13, 10], CsvWriting.Utf8WithBom(["x"], [["Ñ"]]));
        Assert.Equal("x\n1\n", CsvWriting.Text(["x"], [["1"]], "\n"));
    }

    [Fact]
    public void A_row_of_another_width_than_the_header_is_refused()
    {
        Assert.ThrowsAny<InvalidOperationException>(() => CsvWriting.Text(["a", "b"], [["1"]], CsvWriting.CrLf));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+62 812", "'+62 812")]
    [InlineData("-x", "'-x")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tA", "'\tA")]
    [InlineData("-5", "-5")]
    [InlineData("+1.5", "+1.5")]
    [InlineData("Siti = Aminah", "Siti = Aminah")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string? value, string expected)
    {
        Assert.Equal(expected, CsvWriting.Guarded(value));
    }

    [Fact]
    public void A_guarded_cell_is_then_quoted_as_any_other()
    {
        var bytes = CsvWriting.Utf8WithBom(["c"], [[CsvWriting.Guarded("=HYPERLINK(\"http://x\",\"a,b\")")]]);

        Assert.Equal("\uFEFFc\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"\r\n", Encoding.UTF8.GetString(bytes));
    }
}
