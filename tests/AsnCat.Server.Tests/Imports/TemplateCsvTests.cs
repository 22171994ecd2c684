using System.Text;
using AsnCat.Server.Imports;
namespace AsnCat.Server.Tests.Imports;

/// <summary>The CSV import templates, byte for byte.</summary>
public sealed class TemplateCsvTests
{
    [Fact]
    public void A_template_is_its_header_and_example_row_utf8_with_a_bom_crlf_and_quoted_where_needed()
    {
        ImportColumn[] columns =
        [
            new("nama", "-", "Siti Aminah, S.Pd."),
            new("alamat", "-", "Jalan \"Merdeka\""),
            new("asal", "-", "Bali\nNTB"),
            new("rumus", "-", "=1+1"),
            new("huruf", "-", "Ñ"),
        ];

        var expected = "\uFEFFnama,alamat,asal,rumus,huruf\r\n\"Siti Aminah, S.Pd.\",\"Jalan \"\"Merdeka\"\"\",\"Bali\nNTB\",=1+1,Ñ\r\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), ImportTemplates.Csv(columns));
    }

    [Theory]
    [InlineData(ImportKind.Formasi)]
    [InlineData(ImportKind.Peserta)]
    public void The_offered_templates_keep_their_bytes(ImportKind kind)
    {
        var columns = ImportTemplates.Columns(kind);
        var expected = $"\uFEFF{string.Join(',', columns.Select(c => c.Name))}\r\n{string.Join(',', columns.Select(c => c.Example))}\r\n";

        Assert.Equal(Encoding.UTF8.GetBytes(expected), ImportTemplates.Csv(kind));
    }
}
