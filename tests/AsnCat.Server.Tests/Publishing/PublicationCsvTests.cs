using System.Text;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>The published results CSV, byte for byte: what /hasil/{id}.csv has always served.</summary>
public sealed class PublicationCsvTests
{
    [Fact]
    public void The_published_csv_is_utf8_with_a_bom_crlf_quoted_where_needed_and_formulas_defused()
    {
        var table = new PublishedTable("final", "F-1", "Hasil", ["No", "=Nama", "Alamat"],
        [
            new PublishedRow("P-1", ["1", "Siti Aminah, S.Pd.", "Jalan \"Merdeka\""]),
            new PublishedRow("P-2", ["-2", "=1+1", "Bali\nNTB Ñ"]),
        ]);

        var expected = "\uFEFFNo,'=Nama,Alamat\r\n1,\"Siti Aminah, S.Pd.\",\"Jalan \"\"Merdeka\"\"\"\r\n-2,'=1+1,\"Bali\nNTB Ñ\"\r\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), PublicationFiles.Csv(table));
    }
}
