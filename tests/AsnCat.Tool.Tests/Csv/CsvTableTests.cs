using AsnCat.Tool.Csv;
namespace AsnCat.Tool.Tests.Csv;

/// <summary>The records Sep reads, with the file line each starts on: what every row-by-row report names.</summary>
public sealed class CsvTableTests
{
    [Fact]
    public void Records_start_on_their_own_lines_across_quoted_line_breaks_a_bom_and_blank_lines()
    {
        var records = CsvTable.Records("\uFEFFa,b\r\n\"x\r\ny\",\"1,5\"\r\n\r\nc,\"d\"\"e\"\r\n").ToList();

        Assert.Equal([1, 2, 4, 5], records.Select(r => r.Line));
        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal(["x\r\ny", "1,5"], records[1].Fields);
        Assert.Equal(["c", "d\"e"], records[3].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens_and_ends_the_records()
    {
        var records = CsvTable.Records("a,b\n\"terbuka,1\nc,d\n").ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(2, records[1].Line);
        Assert.StartsWith("tanda kutip tidak ditutup", records[1].Error, StringComparison.Ordinal);
    }
}
