using AsnCat.Tool.Banks;
using nietras.SeparatedValues;
namespace AsnCat.Tool.Csv;

/// <summary>
/// A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM, as Excel
/// writes them), checked against an expected header, keeping each record's line number for
/// error messages. Records are read by Sep (nietras, MIT), a maintained CSV library.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string path, List<(int Line, string[] Fields)> rows)
    {
        Path = path;
        Rows = rows;
    }

    public string Path { get; }

    public List<(int Line, string[] Fields)> Rows { get; }

    public static CsvTable? Read(string path, string[] header, List<FileError> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add(new FileError(path, 1, "berkas tidak ditemukan"));
            return null;
        }
        var rows = new List<(int, string[])>();
        var first = true;
        var before = errors.Count;
        foreach (var (line, fields, error) in Records(File.ReadAllText(path)))
        {
            if (error is not null)
            {
                errors.Add(new FileError(path, line, error));
                break;
            }
            if (first)
            {
                first = false;
                if (!fields.Select(f => f.Trim().ToLowerInvariant()).SequenceEqual(header))
                {
                    errors.Add(new FileError(path, line, $"header harus '{string.Join(",", header)}', bukan '{string.Join(",", fields)}'"));
                    return null;
                }
                continue;
            }
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (fields.Length != header.Length)
            {
                errors.Add(new FileError(path, line, $"{fields.Length} kolom, seharusnya {header.Length} ({string.Join(",", header)})"));
                continue;
            }
            rows.Add((line, fields.Select(f => f.Trim()).ToArray()));
        }
        if (first)
        {
            errors.Add(new FileError(path, 1, $"berkas kosong; header yang diharapkan '{string.Join(",", header)}'"));
        }
        // rows of the wrong width were reported and skipped; the caller still checks the rest
        return first || (rows.Count == 0 && errors.Count > before) ? null : new CsvTable(path, rows);
    }

    /// <summary>
    /// Splits CSV text into records with the line each starts on, read by Sep (RFC 4180: quoted
    /// fields with commas, doubled quotes and line breaks; CRLF or LF); a leading UTF-8 BOM is
    /// skipped. A record Sep cannot read ends the records with an error for that line.
    /// </summary>
    public static IEnumerable<(int Line, string[] Fields, string? Error)> Records(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(body);
        var line = 1;
        while (true)
        {
            var (more, record) = Next(reader, ref line);
            if (!more)
            {
                yield break;
            }
            yield return record;
            if (record.Error is not null)
            {
                yield break;
            }
        }
    }

    // the row is a ref struct, so it is read here, outside the iterator
    private static (bool More, (int Line, string[] Fields, string? Error) Record) Next(SepReader reader, ref int line)
    {
        try
        {
            if (!reader.MoveNext())
            {
                return (false, default);
            }
            var row = reader.Current;
            var fields = new string[row.ColCount];
            for (var c = 0; c < fields.Length; c++)
            {
                fields[c] = row[c].ToString();
            }
            // the line each record starts on, counted from the raw record (quoted line breaks included)
            var start = line;
            line += 1 + Breaks(row.Span);
            // Sep reads an opened quote to the end of the text: an odd number of quotes is one never closed
            return row.Span.Count('"') % 2 == 1
                ? (true, (start, fields, "tanda kutip tidak ditutup; apit seluruh kolom dengan tanda kutip pembuka dan penutup"))
                : (true, (start, fields, null));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            return (true, (line, [], "baris tidak dapat dibaca sebagai CSV; periksa tanda kutip: setiap kolom yang diapit tanda kutip harus ditutup"));
        }
    }

    /// <summary>Line breaks in a raw record: CRLF, LF or CR each count once.</summary>
    private static int Breaks(ReadOnlySpan<char> raw)
    {
        var breaks = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
            {
                breaks++;
            }
        }
        return breaks;
    }
}
