using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace AsnCat.Server.Tests.Publishing;

/// <summary>Reads a published table back out of the HTML page, the .xlsx and the PDF, written for these tests.</summary>
internal static partial class PublishedReaders
{
    /// <summary>The cells of <c>&lt;table id="..."&gt;</c>: header row first, tags stripped, entities decoded.</summary>
    public static List<string[]> HtmlTable(string html, string id)
    {
        var start = html.IndexOf($"<table id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id} in the page");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var table = html[start..end];
        return [.. Row().Matches(table).Select(r => Cell().Matches(r.Groups[1].Value)
            .Select(c => WebUtility.HtmlDecode(Tag().Replace(c.Groups[1].Value, "")).Trim()).ToArray())];
    }

    /// <summary>The text inside the element with that id.</summary>
    public static string ElementText(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        Assert.True(m.Success, $"no element {id}");
        return WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
    }

    /// <summary>Every used cell of the first sheet as the spreadsheet shows it (numbers in their format), row by row (header row first).</summary>
    public static List<string[]> Xlsx(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        var range = sheet.RangeUsed()!;
        var columns = range.LastColumn().ColumnNumber();
        return [.. Enumerable.Range(1, range.LastRow().RowNumber())
            .Select(r => Enumerable.Range(1, columns).Select(c => Shown(sheet.Cell(r, c))).ToArray())];
    }

    // a number with the decimals its number format asks for ("0.000": 88.5 shows as 88.500), as a spreadsheet shows it
    private static string Shown(IXLCell cell)
    {
        if (cell.DataType != XLDataType.Number)
        {
            return cell.GetString();
        }
        var format = cell.Style.NumberFormat.Format;
        var decimals = format.Contains('.', StringComparison.Ordinal) ? format.Length - format.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return cell.GetDouble().ToString("F" + decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A line of text on a PDF page: its segments (runs of letters separated by a wide gap) with their left edge.</summary>
    public sealed record PdfLine(int Page, double Y, List<(double X, string Text)> Segments)
    {
        public string Text => string.Join(" ", Segments.Select(s => s.Text));
    }

    /// <summary>Every line of every page, top to bottom; letters closer than 1.5 pt join, a gap of 1.5 to 5 pt is a space, wider starts a new segment.</summary>
    public static List<PdfLine> PdfLines(byte[] bytes, out int pages, out int images)
    {
        using var document = PdfDocument.Open(bytes);
        pages = document.NumberOfPages;
        images = 0;
        var lines = new List<PdfLine>();
        foreach (var page in document.GetPages())
        {
            images += page.GetImages().Count(i => i.WidthInSamples > 0 && i.HeightInSamples > 0);
            foreach (var group in page.Letters.GroupBy(l => Math.Round(l.StartBaseLine.Y, 1)).OrderByDescending(g => g.Key))
            {
                var segments = new List<(double X, string Text)>();
                Letter? previous = null;
                var text = "";
                var x = 0.0;
                foreach (var letter in group.OrderBy(l => l.StartBaseLine.X))
                {
                    if (previous is null)
                    {
                        x = letter.StartBaseLine.X;
                        text = letter.Value;
                    }
                    else
                    {
                        var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
                        if (gap > 5)
                        {
                            segments.Add((x, text.Trim()));
                            x = letter.StartBaseLine.X;
                            text = letter.Value;
                        }
                        else
                        {
                            text += (gap > 1.5 && !text.EndsWith(' ') && letter.Value != " " ? " " : "") + letter.Value;
                        }
                    }
                    previous = letter;
                }
                if (previous is not null)
                {
                    segments.Add((x, text.Trim()));
                }
                lines.Add(new PdfLine(page.Number, group.Key, segments));
            }
        }
        return lines;
    }

    /// <summary>
    /// The table rows of the PDF: on each page, the line whose segments are exactly the header,
    /// then each following line whose segments all start at a header column's left edge (a cell
    /// left empty has no segment). Returns the rows and on how many pages the header row stood.
    /// </summary>
    public static (List<string[]> Rows, int HeaderPages) PdfTable(List<PdfLine> lines, IReadOnlyList<string> columns)
    {
        var rows = new List<string[]>();
        var headerPages = 0;
        foreach (var page in lines.GroupBy(l => l.Page))
        {
            var list = page.ToList();
            var header = list.FindIndex(l => l.Segments.Select(s => s.Text).SequenceEqual(columns));
            if (header < 0)
            {
                continue;
            }
            headerPages++;
            var starts = list[header].Segments.Select(s => s.X).ToArray();
            foreach (var line in list.Skip(header + 1))
            {
                var cells = new string[columns.Count];
                Array.Fill(cells, "");
                var aligned = true;
                foreach (var (x, text) in line.Segments)
                {
                    var c = Array.FindIndex(starts, s => Math.Abs(s - x) < 0.5);
                    if (c < 0)
                    {
                        aligned = false;
                        break;
                    }
                    cells[c] = text;
                }
                if (!aligned)
                {
                    break;
                }
                rows.Add(cells);
            }
        }
        return (rows, headerPages);
    }

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Tag();
}
