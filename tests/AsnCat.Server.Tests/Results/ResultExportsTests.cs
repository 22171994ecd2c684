using AsnCat.Scoring;
using AsnCat.Server.Results;
using ClosedXML.Excel;
namespace AsnCat.Server.Tests.Results;

/// <summary>The CSV and .xlsx exports read back to exactly the rows and numbers of the JSON standings.</summary>
public sealed class ResultExportsTests : IAsyncLifetime
{
    private ResultsFixture _fixture = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await ResultsFixture.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _fixture.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<StandingRow>> RowsAsync(string view) => view switch
    {
        "session" => (await _fixture.Standings.ForSessionAsync(_fixture.SessionIds[ResultsFixture.SessionOne], Ct))!.Value.Session.Rows,
        _ => (await _fixture.Standings.ForFormationAsync(view, Ct))!.Rows,
    };

    [Theory]
    [InlineData(ResultsFixture.FormationA)]
    [InlineData(ResultsFixture.FormationB)]
    [InlineData("session")]
    public async Task The_csv_reads_back_to_the_same_rows_and_numbers(string view)
    {
        var rows = await RowsAsync(view);

        var records = ResultsFixture.ParseCsv(ResultExports.Csv(ResultsFixture.Skd, rows));

        Assert.Equal(
            ["formation_code", "rank", "participant_number", "name", "category", "twk", "tiu", "tkp", "total", "passed", "failed_requirements", "advances", "outcome", "status"],
            records[0]);
        Assert.Equal(rows.Select(ResultsFixture.CsvFields).ToList(), records.Skip(1).ToList());
        // quoting is exercised: the failed requirements hold '<' and the status ',' ("Lulus PG, peringkat 1, ...")
        Assert.Contains(rows, r => r.Status.Contains(',', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ResultsFixture.FormationA)]
    [InlineData(ResultsFixture.FormationB)]
    [InlineData("session")]
    public async Task The_xlsx_reads_back_to_the_same_rows_with_numbers_as_numbers(string view)
    {
        var rows = await RowsAsync(view);

        using var workbook = new XLWorkbook(new MemoryStream(ResultExports.Xlsx(ResultsFixture.Skd, rows, "uji", "Uji")));

        var sheet = workbook.Worksheet(1);
        var columns = ResultExports.Columns(ResultsFixture.Skd);
        Assert.Equal(columns, Enumerable.Range(1, columns.Count).Select(c => sheet.Cell(1, c).GetString()).ToList());
        Assert.Equal(rows.Count + 1, sheet.LastRowUsed().RowNumber());
        for (var r = 0; r < rows.Count; r++)
        {
            var expected = ResultExports.Values(ResultsFixture.Skd, rows[r]);
            var actual = new object?[expected.Length];
            for (var c = 0; c < expected.Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                actual[c] = cell.IsEmpty() ? null : cell.DataType switch
                {
                    XLDataType.Number => (object)cell.GetValue<int>(),
                    XLDataType.Boolean => cell.GetBoolean(),
                    XLDataType.Text => cell.GetString(),
                    var t => throw new InvalidOperationException($"cell {cell.Address}: {t}"),
                };
            }
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_same_rows_give_the_same_csv_bytes_and_file_names_are_safe()
    {
        StandingRow[] rows = [new("F/1", 1, "P \"1\"", "Nama, Lengkap", "umum", new Dictionary<string, int> { ["TWK"] = 65, ["TIU"] = 80, ["TKP"] = 166 }, 311, true, null, true, StandingOutcomes.Passed, "Lulus PG, peringkat 1, lanjut SKB")];

        Assert.Equal(ResultExports.Csv(ResultsFixture.Skd, rows), ResultExports.Csv(ResultsFixture.Skd, [.. rows]));
        Assert.Equal(["F/1", "1", "P \"1\"", "Nama, Lengkap", "umum", "65", "80", "166", "311", "true", "", "true", "lulus", "Lulus PG, peringkat 1, lanjut SKB"], ResultsFixture.ParseCsv(ResultExports.Csv(ResultsFixture.Skd, rows))[1]);
        Assert.Equal("formation-F_1.csv", ResultExports.FormationFileName("F/1", "csv"));
        Assert.Equal("session-_.xlsx", ResultExports.SessionFileName("..", "xlsx"));
    }

    [Fact]
    public void The_csv_bytes_are_utf8_with_a_bom_crlf_quoted_where_needed_with_formulas_defused()
    {
        StandingRow[] rows =
        [
            new("=1+1", 1, "Ñ", "Siti Aminah, S.Pd.", "umum", new Dictionary<string, int> { ["TWK"] = 65, ["TIU"] = 80, ["TKP"] = 166 }, 311, true, "Bali\nNTB", true, StandingOutcomes.Passed, "Jalan \"Merdeka\""),
            new("F-2", null, "P-2", "Budi", "umum", null, null, false, null, false, "gagal", "-"),
        ];

        var expected = "\uFEFFformation_code,rank,participant_number,name,category,twk,tiu,tkp,total,passed,failed_requirements,advances,outcome,status\r\n"
            + "'=1+1,1,Ñ,\"Siti Aminah, S.Pd.\",umum,65,80,166,311,true,\"Bali\nNTB\",true,lulus,\"Jalan \"\"Merdeka\"\"\"\r\n"
            + "F-2,,P-2,Budi,umum,,,,,false,,false,gagal,'-\r\n";
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), ResultExports.Csv(ResultsFixture.Skd, rows));
    }
}
