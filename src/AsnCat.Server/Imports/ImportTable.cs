using System.Globalization;
using System.IO.Compression;
using System.Text;
using AsnCat.Tool.Csv;
using ClosedXML.Excel;
namespace AsnCat.Server.Imports;

/// <summary>
/// One problem of an import, placed where the user sees it: <see cref="Row"/> is the row number
/// in Excel or the line in the CSV file (the header is row 1); <see cref="Column"/> is the
/// template's column name. Both are null for a problem with the whole file.
/// </summary>
public sealed record ImportProblem(int? Row, string? Column, string Message);

/// <summary>
/// The rows of an uploaded .xlsx (its first sheet) or CSV file, checked against a template's
/// header. Cells are read as text, never evaluated: a formula or an error value is a problem.
/// </summary>
internal sealed class ImportTable
{
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// An upload's bytes, up to <see cref="MaxBytes"/> and one chunk more: enough for <c>Read</c> to
    /// report a file that is too large, without taking in the rest of it.
    /// </summary>
    public static async Task<byte[]> ReadCappedAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                break;
            }
        }
        return buffer.ToArray();
    }

    public const int MaxRows = 200_000;

    // a 10 MB .xlsx may unpack to far more; refuse a zip bomb before ClosedXML reads it
    private const long MaxUnpackedBytes = 400L * 1024 * 1024;

    private const string TooManyRows = "lebih dari 200.000 baris data";

    private static readonly string[] ErrorValues = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"];

    private ImportTable(List<(int Row, string?[] Fields)> rows, string[] header)
    {
        Rows = rows;
        Header = header;
    }

    /// <summary>The header the file used: the template's, or the earlier (English) one still accepted.</summary>
    public string[] Header { get; }

    /// <summary>
    /// Data rows with their row number, every field trimmed; a field is null when its cell could
    /// not be read (a formula, an error value), which is already reported.
    /// </summary>
    public List<(int Row, string?[] Fields)> Rows { get; }

    /// <summary>
    /// Reads the file, or returns null with the problems that make it unreadable or its rows unusable.
    /// The header must be <paramref name="header"/> or, as templates had it before, <paramref name="legacy"/>.
    /// </summary>
    public static ImportTable? Read(byte[] content, string[] header, List<ImportProblem> problems, string[]? legacy = null)
    {
        if (content.Length == 0)
        {
            problems.Add(new ImportProblem(null, null, "berkas kosong"));
            return null;
        }
        if (content.Length > MaxBytes)
        {
            problems.Add(new ImportProblem(null, null, $"berkas lebih dari {MaxBytes / (1024 * 1024)} MB"));
            return null;
        }
        // row problems (a wrong column count, a control character) are reported and checking goes on
        string[][] accepted = legacy is null ? [header] : [header, legacy];
        var rows = IsZip(content) ? ReadXlsx(content, accepted, problems) : ReadCsv(content, accepted, problems);
        return rows is null ? null : new ImportTable(rows.Value.Rows, rows.Value.Header);
    }

    /// <summary>An .xlsx is a zip archive, which starts with "PK".</summary>
    public static bool IsZip(ReadOnlySpan<byte> content) => content.Length >= 2 && content[0] == (byte)'P' && content[1] == (byte)'K';

    private static (List<(int, string?[])> Rows, string[] Header)? ReadCsv(byte[] content, string[][] accepted, List<ImportProblem> problems)
    {
        var header = accepted[0];
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new ImportProblem(null, null, "berkas bukan .xlsx dan bukan CSV UTF-8; simpan sebagai \"Excel Workbook (.xlsx)\" atau \"CSV UTF-8\""));
            return null;
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(new ImportProblem(null, null, "berkas bukan .xlsx dan bukan CSV (berisi data biner)"));
            return null;
        }
        var rows = new List<(int, string?[])>();
        var first = true;
        foreach (var (line, fields, error) in CsvTable.Records(text))
        {
            if (error is not null)
            {
                problems.Add(new ImportProblem(line, null, error));
                return null;
            }
            if (first)
            {
                first = false;
                if (CheckHeader(fields, accepted, problems) is not { } matched)
                {
                    return null;
                }
                header = matched;
                continue;
            }
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                problems.Add(new ImportProblem(null, null, TooManyRows));
                return null;
            }
            if (fields.Length != header.Length)
            {
                problems.Add(new ImportProblem(line, null, $"{fields.Length} kolom, seharusnya {header.Length} ({string.Join(",", header)})"));
                continue;
            }
            rows.Add((line, Clean(line, fields, header, problems)));
        }
        if (first)
        {
            problems.Add(new ImportProblem(null, null, $"berkas kosong; judul kolom yang diharapkan: {string.Join(",", header)}"));
            return null;
        }
        return (rows, header);
    }

    private static (List<(int, string?[])> Rows, string[] Header)? ReadXlsx(byte[] content, string[][] accepted, List<ImportProblem> problems)
    {
        const string Unreadable = "berkas .xlsx rusak atau bukan buku kerja Excel; buka di Excel lalu simpan ulang sebagai \"Excel Workbook (.xlsx)\"";
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
                {
                    problems.Add(new ImportProblem(null, null, "isi berkas .xlsx terlalu besar"));
                    return null;
                }
                if (zip.GetEntry("xl/workbook.xml") is null)
                {
                    problems.Add(new ImportProblem(null, null, Unreadable));
                    return null;
                }
            }
            using var workbook = new XLWorkbook(new MemoryStream(content));
            var sheet = workbook.Worksheets.FirstOrDefault();
            if (sheet is null)
            {
                problems.Add(new ImportProblem(null, null, "buku kerja tidak berisi lembar kerja"));
                return null;
            }
            return ReadSheet(sheet, accepted, problems);
        }
#pragma warning disable CA1031 // a damaged upload may fail anywhere inside the zip, XML or OpenXML readers; each means "unreadable"
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            problems.Add(new ImportProblem(null, null, Unreadable));
            return null;
        }
    }

    private static (List<(int, string?[])> Rows, string[] Header)? ReadSheet(IXLWorksheet sheet, string[][] accepted, List<ImportProblem> problems)
    {
        var header = accepted[0];
        var last = sheet.LastRowUsed()?.RowNumber() ?? 0;
        if (last == 0)
        {
            problems.Add(new ImportProblem(null, null, $"lembar pertama kosong; judul kolom yang diharapkan: {string.Join(",", header)}"));
            return null;
        }
        if (last - 1 > MaxRows)
        {
            problems.Add(new ImportProblem(null, null, TooManyRows));
            return null;
        }
        var width = Math.Max(header.Length, sheet.LastColumnUsed()?.ColumnNumber() ?? 0);
        string?[] Cells(int row)
        {
            var fields = new string?[width];
            for (var c = 0; c < width; c++)
            {
                fields[c] = CellText(sheet.Cell(row, c + 1), row, c < header.Length ? header[c] : null, problems);
            }
            return fields;
        }
        var before = problems.Count;
        var headerCells = Cells(1);
        if (problems.Count > before || CheckHeader([.. headerCells.Select(f => f ?? "")], accepted, problems) is not { } matched)
        {
            return null;
        }
        header = matched;
        var rows = new List<(int, string?[])>();
        for (var r = 2; r <= last; r++)
        {
            var fields = Cells(r);
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (fields.Skip(header.Length).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                problems.Add(new ImportProblem(r, null, $"ada isi di luar kolom template ({string.Join(",", header)})"));
                continue;
            }
            rows.Add((r, Clean(r, [.. fields.Take(header.Length)], header, problems)));
        }
        return (rows, header);
    }

    /// <summary>A cell's text as the user typed it; null (with a problem) for a formula or an error value.</summary>
    private static string? CellText(IXLCell cell, int row, string? column, List<ImportProblem> problems)
    {
        if (cell.HasFormula)
        {
            problems.Add(new ImportProblem(row, column, "sel berisi rumus; salin lalu tempel sebagai nilai"));
            return null;
        }
        var value = cell.Value;
        string text = value switch
        {
            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            double n => n.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        if (ErrorValues.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new ImportProblem(row, column, $"sel berisi nilai galat {text.Trim()}"));
            return null;
        }
        if (value is double number && column == "nik" && Math.Abs(number) >= 1e15)
        {
            problems.Add(new ImportProblem(row, column, "NIK tersimpan sebagai angka sehingga Excel dapat mengubah digit terakhirnya; format kolom sebagai Teks lalu ketik ulang NIK"));
            return null;
        }
        return text;
    }

    /// <summary>The accepted header the file's first row is (trailing empty cells aside), or null with a problem naming the template's header.</summary>
    private static string[]? CheckHeader(string[] fields, string[][] accepted, List<ImportProblem> problems)
    {
        var header = accepted[0];
        var actual = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        while (actual.Count > header.Length && actual[^1].Length == 0)
        {
            actual.RemoveAt(actual.Count - 1);
        }
        if (accepted.FirstOrDefault(actual.SequenceEqual) is { } matched)
        {
            return matched;
        }
        problems.Add(new ImportProblem(1, null, $"judul kolom harus {string.Join(",", header)}, bukan {string.Join(",", actual)}"));
        return null;
    }

    /// <summary>Trims each field and reports control characters (line breaks, tabs, NUL ...).</summary>
    private static string?[] Clean(int row, string?[] fields, string[] header, List<ImportProblem> problems)
    {
        var clean = new string?[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            clean[i] = fields[i]?.Trim();
            if (clean[i]?.Any(char.IsControl) == true)
            {
                problems.Add(new ImportProblem(row, header[i], "berisi karakter kendali (baris baru, tab atau karakter tak terlihat)"));
            }
        }
        return clean;
    }
}
