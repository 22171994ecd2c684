using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Tool.Csv;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Results;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ImportResult = AsnCat.Server.Imports.ImportResult;
namespace AsnCat.Server.Tests.Final;

/// <summary>
/// The results fixture (<see cref="ResultsFixture"/>: F-A with quota 1, where A09, A10, A11 and
/// A12 advance to SKB; F-B with quota 2 and a crowd) with an <see cref="SkbImport"/> and a
/// <see cref="FinalStandings"/> on it, and files to import written by ClosedXML or by hand.
/// </summary>
internal sealed class FinalFixture : IDisposable
{
    public static readonly string[] Header = ["nomor_peserta", "nilai_skb", "ipk"];

    private readonly TempDir _files = new();

    private FinalFixture(ResultsFixture results)
    {
        Results = results;
        var factory = new TestDbFactory(results.Database);
        Import = new SkbImport(factory, results.Standings, results.Database.Time, NullLogger<SkbImport>.Instance);
        Final = new FinalStandings(factory, results.Standings, results.Rules);
    }

    public ResultsFixture Results { get; }

    public SkbImport Import { get; }

    public FinalStandings Final { get; }

    public static async Task<FinalFixture> CreateAsync() => new(await ResultsFixture.CreateAsync());

    public Task<ImportResult> ImportAsync(byte[] content, string fileName = "nilai-skb") =>
        Import.ImportAsync(content, fileName, "panitia-uji", "127.0.0.1", TestContext.Current.CancellationToken);

    /// <summary>A CSV file (RFC 4180, CRLF), written to disk and read back as bytes.</summary>
    public byte[] Csv(string name, params string[][] rows)
    {
        return File.ReadAllBytes(_files.Write(name, CsvWriting.Text(Header, rows, CsvWriting.CrLf)));
    }

    /// <summary>
    /// A real .xlsx saved by ClosedXML: participant numbers as text; a score that parses as an
    /// invariant number becomes a numeric cell (as a user types it in Excel), anything else text.
    /// </summary>
    public byte[] Xlsx(string name, params string[][] rows)
    {
        var path = Path.Combine(_files.Path, name);
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("data");
            for (var c = 0; c < Header.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(Header[c]);
            }
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var cell = sheet.Cell(r + 2, c + 1);
                    if (c > 0 && double.TryParse(rows[r][c], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    {
                        cell.SetValue(number);
                    }
                    else
                    {
                        cell.SetValue(rows[r][c]);
                        cell.DataType = XLDataType.Text;
                    }
                }
            }
            workbook.SaveAs(path);
        }
        return File.ReadAllBytes(path);
    }

    public async Task<List<SkbScore>> ScoresAsync()
    {
        await using var db = Results.Database.Open();
        return await db.SkbScores.Include(s => s.Candidate).OrderBy(s => s.Candidate!.ParticipantNumber).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = Results.Database.Open();
        return await db.AuditEntries.Where(a => a.Action.StartsWith("skb.")).OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task SetBirthDateAsync(string number, DateOnly date)
    {
        await using var db = Results.Database.Open();
        var ct = TestContext.Current.CancellationToken;
        var candidate = await db.Candidates.SingleAsync(c => c.ParticipantNumber == number, ct);
        candidate.BirthDate = date;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The final table worked out here, without the scoring library: from the test's own record
    /// of the SKD scores and of the SKB scores, IPK and birth dates it stored, the exact final key
    /// 40 x SKD x 100000 + 60 x SKB(thousandths) x 550 (= final x 550 x 100000), then SKD total,
    /// TKP, TIU, TWK, IPK (none lowest), earlier birth date; rank = 1 + candidates strictly
    /// ahead; lulus = rank &lt;= quota; the shown score rounded half up to thousandths in integers.
    /// </summary>
    public List<string[]> ExpectedTable(string formation, IReadOnlyCollection<string> advancing, IReadOnlyDictionary<string, (int Skb, int? Ipk, DateOnly Birth)> extra)
    {
        var people = Results.People.Where(p => p.Formation == formation && advancing.Contains(p.Number) && extra.ContainsKey(p.Number)).ToList();
        (long, int, int, int, int, int, int) Key(ResultsFixture.Seeded p)
        {
            var s = p.Scores!;
            var e = extra[p.Number];
            var exact = (40L * s.Sum() * 100_000) + (60L * e.Skb * 550);
            return (exact, s.Sum(), s[2], s[1], s[0], e.Ipk ?? -1, -e.Birth.DayNumber);
        }
        var ordered = people.OrderByDescending(Key).ThenBy(p => p.Number, StringComparer.Ordinal).ToList();
        return [.. ordered.Select(p =>
        {
            var rank = 1 + ordered.Count(q => Key(q).CompareTo(Key(p)) > 0);
            var exact = Key(p).Item1;
            var thousandths = (exact + 27_500) / 55_000;   // exact / (550 x 100000) x 1000, half up
            return new[]
            {
                rank.ToString(CultureInfo.InvariantCulture), p.Number, "Peserta " + p.Number,
                p.Scores!.Sum().ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{extra[p.Number].Skb / 1000}.{extra[p.Number].Skb % 1000:D3}"),
                string.Create(CultureInfo.InvariantCulture, $"{thousandths / 1000}.{thousandths % 1000:D3}"),
                rank <= Results.Quotas[formation] ? "Lulus" : "Tidak lulus",
            };
        })];
    }

    public void Dispose()
    {
        Results.Dispose();
        _files.Dispose();
    }
}
