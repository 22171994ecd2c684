using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
namespace AsnCat.Tool.Csv;

/// <summary>
/// Every CSV AsnCat writes, written by Sep (nietras, MIT) with one set of settings: comma
/// separated, RFC 4180 quoting (a cell holding a comma, a quote or a line break is quoted, its
/// quotes doubled; no other cell is), each record ended by the <see cref="TextWriter.NewLine"/> of
/// the text it goes to (Sep ends a record with <c>WriteLine</c>). The header is written as the
/// first record, so it is written even with no rows, quoted like any other, and its names need
/// not be unique. Every record must have as many cells as the first (Sep checks it).
/// </summary>
public static class CsvWriting
{
    /// <summary>The line end of the CSV files people download (RFC 4180, as Excel writes them).</summary>
    public const string CrLf = "\r\n";

    /// <summary>A Sep writer over <paramref name="text"/> with the project's settings; the text stays open.</summary>
    public static SepWriter Open(TextWriter text) =>
        Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false, CultureInfo = CultureInfo.InvariantCulture }).To(text, leaveOpen: true);

    /// <summary>Writes one record: the header or a row, each cell as given (see <see cref="Guarded"/> for text from people).</summary>
    public static void Record(SepWriter writer, IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var row = writer.NewRow();
        Fill(row, cells);
    }

    /// <summary><see cref="Record"/> for a writer over a stream that must be written asynchronously (an HTTP response).</summary>
    public static async ValueTask RecordAsync(SepWriter writer, IReadOnlyList<string> cells, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var row = writer.NewRow(ct);
        Fill(row, cells);
    }

    /// <summary>The header, then the rows, as CSV text with <paramref name="newLine"/> after every record.</summary>
    public static string Text(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string newLine)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = newLine };
        using (var writer = Open(text))
        {
            Record(writer, header);
            foreach (var row in rows)
            {
                Record(writer, row);
            }
        }
        return text.ToString();
    }

    /// <summary>A CSV file to download: UTF-8 with a BOM (so Excel reads names right), CRLF after every record.</summary>
    public static byte[] Utf8WithBom(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text(header, rows, CrLf))];

    /// <summary>
    /// A text cell for a CSV someone opens in a spreadsheet: a value starting with = + - @, a tab
    /// or a carriage return gets a leading ' so it is never run as a formula (OWASP "CSV
    /// injection"; a name or a typed user name can be anything), unless it is a plain number;
    /// null is an empty cell. Quoting is Sep's (<see cref="Open"/>).
    /// </summary>
    public static string Guarded(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var risky = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
        return risky ? "'" + value : value;
    }

    private static void Fill(SepWriter.Row row, IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var c = 0; c < cells.Count; c++)
        {
            row[c].Set(cells[c]);
        }
    }
}
