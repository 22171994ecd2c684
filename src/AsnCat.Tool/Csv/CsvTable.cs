using System.Text;

using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Csv;

/// <summary>
/// A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM, as Excel
/// writes them), checked against an expected header, keeping each record's line number for
/// error messages. (CsvHelper 34, the only version our registry serves, is a different API
/// from its documentation; this small reader is all the commands need.)
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

    /// <summary>Splits CSV text into records with the line each starts on.</summary>
    public static IEnumerable<(int Line, string[] Fields, string? Error)> Records(string text)
    {
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (pos < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var atFieldStart = true;
            string? error = null;
            while (pos < text.Length)
            {
                var c = text[pos++];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (pos < text.Length && text[pos] == '"')
                        {
                            field.Append('"');
                            pos++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }
                    continue;
                }
                if (c == '"' && atFieldStart)
                {
                    quoted = true;
                    atFieldStart = false;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                }
                else if (c is '\n' or '\r')
                {
                    if (c == '\r' && pos < text.Length && text[pos] == '\n')
                    {
                        pos++;
                    }
                    line++;
                    break;
                }
                else if (c == '"')
                {
                    error = "tanda kutip di tengah kolom; apit seluruh kolom dengan tanda kutip";
                    break;
                }
                else
                {
                    field.Append(c);
                    atFieldStart = false;
                }
            }
            if (quoted)
            {
                error = "tanda kutip tidak ditutup";
            }
            fields.Add(field.ToString());
            yield return (start, fields.ToArray(), error);
            if (error is not null)
            {
                yield break;
            }
        }
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break (RFC 4180).</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A text field for a CSV someone opens in a spreadsheet: a value starting with = + - @, a tab
    /// or a carriage return gets a leading ' so it is never run as a formula (OWASP "CSV
    /// injection"; a name or a typed user name can be anything), unless it is a plain number;
    /// then quoted as <see cref="Field"/> does.
    /// </summary>
    public static string SafeField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var risky = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _);
        return Field(risky ? "'" + value : value);
    }
}
