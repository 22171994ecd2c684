using System.Globalization;
using AsnCat.Tool.Csv;
using ClosedXML.Excel;
namespace AsnCat.Server.Results;

/// <summary>
/// Results as files: CSV (RFC 4180: comma separated, fields quoted when needed, CRLF, UTF-8
/// with a BOM so Excel reads names right, invariant culture) and .xlsx (ClosedXML), with the
/// same columns and values as the JSON rows: numbers as numbers, an empty cell for "none",
/// <c>true</c>/<c>false</c> for yes/no. Deterministic: the same rows give the same CSV bytes.
/// </summary>
public static class ResultExports
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The columns of an export, in order (the CSV header): the subtests' codes in lower case (SKD:
    /// <c>twk, tiu, tkp</c>; PPPK: <c>teknis, manajerial, sosiokultural, wawancara</c>) before the total.
    /// </summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<SubtestColumn> subtests) =>
    [
        "formation_code", "rank", "participant_number", "name", "category", .. subtests.Select(s => s.Code.ToLowerInvariant()), "total",
        "passed", "failed_requirements", "advances", "outcome", "status",
    ];

    public static byte[] Csv(IReadOnlyList<SubtestColumn> subtests, IReadOnlyList<StandingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(subtests);
        ArgumentNullException.ThrowIfNull(rows);
        return CsvWriting.Utf8WithBom(Columns(subtests), rows.Select(row => Values(subtests, row).Select(Cell).ToArray()));
    }

    // numbers invariant, yes/no as true/false, "none" empty, text guarded against formulas
    private static string Cell(object? value) => value switch
    {
        null => "",
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => CsvWriting.Guarded(s),
        _ => throw new InvalidOperationException(value.GetType().Name),
    };

    public static byte[] Xlsx(IReadOnlyList<SubtestColumn> subtests, IReadOnlyList<StandingRow> rows, string sheetName, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = Columns(subtests);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName(sheetName));
        for (var c = 0; c < columns.Count; c++)
        {
            var header = sheet.Cell(1, c + 1);
            header.SetValue(columns[c]);
            header.Style.Font.Bold = true;
        }
        var widths = columns.Select(c => c.Length).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            var c = 1;
            foreach (var value in Values(subtests, rows[r]))
            {
                widths[c - 1] = Math.Max(widths[c - 1], value is null ? 0 : Convert.ToString(value, CultureInfo.InvariantCulture)!.Length);
                var cell = sheet.Cell(r + 2, c++);
                switch (value)
                {
                    case null:
                        break;
                    case int i:
                        cell.SetValue(i);
                        break;
                    case bool b:
                        cell.SetValue(b);
                        break;
                    case string s:
                        // text, so that a participant number like 0012 or 1E5 stays as written
                        cell.SetValue(s);
                        cell.DataType = XLDataType.Text;
                        break;
                    default:
                        throw new InvalidOperationException(value.GetType().Name);
                }
            }
        }
        sheet.SheetView.FreezeRows(1);
        // widths from the text lengths: ClosedXML's AdjustToContents measures fonts with GDI+ (libgdiplus), absent on servers
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Column(c + 1).Width = Math.Clamp(widths[c] + 2, 8, 60);
        }
        workbook.Properties.Title = title;
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>A row's values in <see cref="Columns"/> order: string, int, bool or null.</summary>
    public static object?[] Values(IReadOnlyList<SubtestColumn> subtests, StandingRow row)
    {
        ArgumentNullException.ThrowIfNull(subtests);
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.FormationCode, row.Rank, row.ParticipantNumber, row.Name, row.Category,
            .. subtests.Select(s => row.Scores is { } scores && scores.TryGetValue(s.Code, out var v) ? (object?)v : null), row.Total,
            row.Passed, row.FailedRequirements, row.Advances, row.Outcome, row.Status,
        ];
    }

    /// <summary>A code made safe for a file name: anything but letters, digits, '-', '_' and '.' becomes '_'.</summary>
    public static string FileSafe(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var safe = new string([.. code.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return safe.Trim('.') is { Length: > 0 } s ? s : "_";
    }

    public static string FormationFileName(string formationCode, string extension) => $"formation-{FileSafe(formationCode)}.{extension}";

    public static string SessionFileName(string sessionCode, string extension) => $"session-{FileSafe(sessionCode)}.{extension}";

    // Excel: at most 31 characters, none of : \ / ? * [ ]
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c)]);
        return clean.Length switch
        {
            0 => "hasil",
            > 31 => clean[..31],
            _ => clean,
        };
    }
}
