using System.Globalization;
using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using AsnCat.Tool.Csv;
using ClosedXML.Excel;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
namespace AsnCat.Server.Publishing;

/// <summary>
/// A publication as files: CSV (RFC 4180, UTF-8 with BOM), .xlsx, the PDF announcement
/// (pengumuman) and a candidate's PDF score certificate (sertifikat nilai) with a QR code to the
/// public verification page. Every file carries exactly the cells of the published table, as text.
/// </summary>
public sealed class PublicationFiles(IOptions<LetterheadOptions> letterhead, IHostEnvironment environment)
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = ResultExports.XlsxContentType;
    public const string PdfContentType = "application/pdf";

    private const double Margin = 36;           // half an inch
    private const double CellPad = 3;
    private const double TableFontSize = 8;

    /// <summary>The file name stem of a publication: kind, subject, version.</summary>
    public static string FileStem(Publication p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return $"hasil-{p.Kind}-{ResultExports.FileSafe(p.Subject)}-v{p.Version.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The public page of a publication.</summary>
    public static string PageUrl(string baseUrl, int id) => $"{baseUrl.TrimEnd('/')}/hasil/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A candidate's public verification page (what the certificate's QR code opens).</summary>
    public static string VerifyUrl(string baseUrl, int id, string participantNumber) =>
        $"{baseUrl.TrimEnd('/')}/hasil/verifikasi/{id.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(participantNumber)}";

    /// <summary>A venue bundle a national publication names, as accepted (<c>/hasil/{id}/bundel/{session}.json</c>).</summary>
    public static string BundleUrl(int id, string sessionCode) =>
        $"/hasil/{id.ToString(CultureInfo.InvariantCulture)}/bundel/{Uri.EscapeDataString(sessionCode)}.json";

    /// <summary>A national publication's <c>asncat-national/1</c> file restricted to its formation and bundles.</summary>
    public static string NationalFileUrl(int id) => $"/hasil/{id.ToString(CultureInfo.InvariantCulture)}/nasional.json";

    /// <summary>"6 Desember 2026, 09.40 WITA": a publication's time in its zone (<see cref="PublicationView.TimeZone"/>), with the zone named.</summary>
    public static string Date(DateTimeOffset at, string zone) => IndonesianTime.Written(at, zone);

    /// <summary>The announcement number: kind, subject, version and the publication's id.</summary>
    public static string Number(Publication p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return $"{p.Id.ToString(CultureInfo.InvariantCulture)}/{p.Kind.ToUpperInvariant()}/{p.Subject}/V{p.Version.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The header row, then one record per row; every field as text, quoted when needed, CRLF.</summary>
    public static byte[] Csv(PublishedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return CsvWriting.Utf8WithBom([.. table.Columns.Select(CsvWriting.Guarded)], table.Rows.Select(row => row.Cells.Select(CsvWriting.Guarded).ToArray()));
    }

    /// <summary>
    /// One sheet: the header row (bold, frozen), then the rows: scores, totals and ranks as numbers
    /// (a spreadsheet sums and sorts them), every other cell as text (a participant number like 0012 stays as written).
    /// </summary>
    public static byte[] Xlsx(PublishedTable table, Publication publication)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(publication);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("hasil");
        var widths = table.Columns.Select(c => c.Length).ToArray();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var header = sheet.Cell(1, c + 1);
            header.SetValue(table.Columns[c]);
            header.DataType = XLDataType.Text;
            header.Style.Font.Bold = true;
        }
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r].Cells;
            for (var c = 0; c < cells.Count; c++)
            {
                widths[c] = Math.Max(widths[c], cells[c].Length);
                if (cells[c].Length == 0)
                {
                    continue;
                }
                var cell = sheet.Cell(r + 2, c + 1);
                if (table.IsNumberColumn(c) && decimal.TryParse(cells[c], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    cell.SetValue(number);
                    cell.DataType = XLDataType.Number;
                    // as many decimals as published (88.500 stays 88.500 on screen)
                    var decimals = cells[c].Length - cells[c].IndexOf('.', StringComparison.Ordinal) - 1;
                    cell.Style.NumberFormat.Format = cells[c].Contains('.', StringComparison.Ordinal) ? "0." + new string('0', decimals) : "0";
                }
                else
                {
                    cell.SetValue(cells[c]);
                    cell.DataType = XLDataType.Text;
                }
            }
        }
        sheet.SheetView.FreezeRows(1);
        // widths from the text lengths: AdjustToContents needs GDI+ (libgdiplus), absent on servers
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = Math.Clamp(widths[c] + 2, 6, 60);
        }
        workbook.Properties.Title = publication.Title;
        workbook.Properties.Subject = $"{publication.Kind} {publication.Subject} versi {publication.Version.ToString(CultureInfo.InvariantCulture)}";
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>
    /// The announcement (A4 landscape): the letterhead, title, number and date, the table
    /// (every page repeats the header row), then the ledger head, the rows' SHA-256 and the
    /// verification URL, the place and date and the signature block; "Halaman i dari n" at the foot of each page.
    /// </summary>
    public byte[] Pdf(PublicationView view, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        Prepare();
        var p = view.Publication;
        var table = view.Table;
        using var document = new PdfDocument();
        document.Info.Title = p.Title;
        var head = letterhead.Value;
        document.Info.Author = $"{head.Committee}, {head.Agency}";

        var body = new XFont(DejaVuFontResolver.Family, 9, XFontStyleEx.Regular);
        var headerFont = new XFont(DejaVuFontResolver.Family, 11, XFontStyleEx.Bold);
        var titleFont = new XFont(DejaVuFontResolver.Family, 13, XFontStyleEx.Bold);

        var (page, gfx) = NewPage(document, landscape: true);
        var width = page.Width.Point - 2 * Margin;
        var y = PdfLetterhead.Draw(gfx, head, head.LogoFile(environment.ContentRootPath), headerFont, body, Margin, page.Width.Point);
        y += 8;
        y = Centered(gfx, "PENGUMUMAN", titleFont, page, y);
        foreach (var line in Wrap(gfx, p.Title, titleFont, width))
        {
            y = Centered(gfx, line, titleFont, page, y);
        }
        y = Centered(gfx, $"Nomor: {Number(p)} · {Date(p.PublishedAt, view.TimeZone)}", body, page, y + 2);
        y += 8;

        // column widths from the widest cell; one font size for the whole table, smaller when it must fit
        var size = TableFontSize;
        var widths = ColumnWidths(gfx, table, size);
        if (widths.Sum() > width)
        {
            size = Math.Max(4, size * width / widths.Sum());
            widths = ColumnWidths(gfx, table, size);
        }
        var cellFont = new XFont(DejaVuFontResolver.Family, size, XFontStyleEx.Regular);
        var cellBold = new XFont(DejaVuFontResolver.Family, size, XFontStyleEx.Bold);
        var rowHeight = size * 1.7;
        var bottom = page.Height.Point - Margin - 14;   // room for the page number

        y = HeaderRow(gfx, table, widths, cellBold, y, rowHeight);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            if (y + rowHeight > bottom)
            {
                gfx.Dispose();
                (page, gfx) = NewPage(document, landscape: true);
                y = HeaderRow(gfx, table, widths, cellBold, Margin, rowHeight);
            }
            if (r % 2 == 1)
            {
                gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(240, 240, 240)), Margin, y, widths.Sum(), rowHeight);
            }
            var x = Margin;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                gfx.DrawString(table.Rows[r].Cells[c], cellFont, XBrushes.Black, x + CellPad, y + (rowHeight - size) / 2, XStringFormats.TopLeft);
                x += widths[c];
            }
            y += rowHeight;
        }
        gfx.DrawLine(XPens.Black, Margin, y, Margin + widths.Sum(), y);

        string[] footer =
        [
            $"Jumlah peserta: {table.Rows.Count.ToString(CultureInfo.InvariantCulture)}",
            $"Kepala ledger: {p.LedgerHead ?? "-"}",
            $"SHA-256 baris: {p.RowsSha256}",
            $"Verifikasi: {PageUrl(baseUrl, p.Id)}",
        ];
        var lineHeight = body.Size * 1.5;
        if (y + 12 + footer.Length * lineHeight + PdfLetterhead.SignatureHeight(body) > bottom)
        {
            gfx.Dispose();
            (page, gfx) = NewPage(document, landscape: true);
            y = Margin;
        }
        y += 12;
        foreach (var line in footer)
        {
            gfx.DrawString(line, body, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
            y += lineHeight;
        }
        PdfLetterhead.Signature(gfx, head, IndonesianTime.LongDate(p.PublishedAt, head.TimeZone), body, headerFont, page.Width.Point - Margin, y + 6);
        gfx.Dispose();
        PageNumbers(document, body);
        return Save(document);
    }

    /// <summary>
    /// A candidate's score certificate (A4 portrait): the header, the publication, every column of
    /// the candidate's row, the hashes, and a QR code with the verification URL printed under it.
    /// Null when the publication has no row for that participant number or the row has no score (absent).
    /// </summary>
    public byte[]? Certificate(PublicationView view, string participantNumber, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        var row = view.Table.Rows.FirstOrDefault(r => r.ParticipantNumber == participantNumber);
        if (row is null || !view.Table.HasScore(row))
        {
            return null;
        }
        Prepare();
        var head = letterhead.Value;
        var p = view.Publication;
        using var document = new PdfDocument();
        document.Info.Title = $"Sertifikat nilai {participantNumber}";
        var (page, gfx) = NewPage(document, landscape: false);
        using (gfx)
        {
            var width = page.Width.Point - 2 * Margin;
            var headerFont = new XFont(DejaVuFontResolver.Family, 12, XFontStyleEx.Bold);
            var titleFont = new XFont(DejaVuFontResolver.Family, 16, XFontStyleEx.Bold);
            var body = new XFont(DejaVuFontResolver.Family, 10, XFontStyleEx.Regular);
            var label = new XFont(DejaVuFontResolver.Family, 10, XFontStyleEx.Bold);
            var small = new XFont(DejaVuFontResolver.Family, 7.5, XFontStyleEx.Regular);

            var y = PdfLetterhead.Draw(gfx, head, head.LogoFile(environment.ContentRootPath), headerFont, small, Margin, page.Width.Point);
            y += 14;
            y = Centered(gfx, "SERTIFIKAT NILAI", titleFont, page, y);
            foreach (var line in Wrap(gfx, p.Title, body, width))
            {
                y = Centered(gfx, line, body, page, y);
            }
            y = Centered(gfx, $"Nomor: {Number(p)} · {Date(p.PublishedAt, view.TimeZone)}", body, page, y + 2);
            y += 16;

            var labelWidth = view.Table.Columns.Max(c => gfx.MeasureString(c, label).Width) + 12;
            for (var c = 0; c < view.Table.Columns.Count; c++)
            {
                gfx.DrawString(view.Table.Columns[c], label, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
                gfx.DrawString(row.Cells[c], body, XBrushes.Black, Margin + labelWidth, y, XStringFormats.TopLeft);
                y += 16;
            }
            y += 10;
            gfx.DrawString($"Kepala ledger: {p.LedgerHead ?? "-"}", small, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
            y += 11;
            gfx.DrawString($"SHA-256 baris: {p.RowsSha256}", small, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
            y += 24;

            var url = VerifyUrl(baseUrl, p.Id, participantNumber);
            using var image = XImage.FromStream(new MemoryStream(QrPng(url)));
            const double side = 140;
            gfx.DrawImage(image, (page.Width.Point - side) / 2, y, side, side);
            y += side + 6;
            y = Centered(gfx, "Pindai untuk memeriksa nilai ini di halaman publik:", small, page, y);
            Centered(gfx, url, small, page, y);
        }
        return Save(document);
    }

    /// <summary>
    /// The QR code of a URL as PNG bytes (error correction M). With explicit colours QRCoder writes
    /// an indexed PNG, which PDFsharp reads; its default 1-bit greyscale PNG PDFsharp refuses.
    /// </summary>
    public static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8, [0, 0, 0, 255], [255, 255, 255, 255]);
    }

    /// <summary>The font resolver PDFsharp needs before its first document.</summary>
    private static void Prepare() => DejaVuFontResolver.Install();

    private static (PdfPage Page, XGraphics Gfx) NewPage(PdfDocument document, bool landscape)
    {
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(landscape ? 297 : 210);
        page.Height = XUnit.FromMillimeter(landscape ? 210 : 297);
        return (page, XGraphics.FromPdfPage(page));
    }

    private static double[] ColumnWidths(XGraphics gfx, PublishedTable table, double size)
    {
        var regular = new XFont(DejaVuFontResolver.Family, size, XFontStyleEx.Regular);
        var bold = new XFont(DejaVuFontResolver.Family, size, XFontStyleEx.Bold);
        var widths = table.Columns.Select(c => gfx.MeasureString(c, bold).Width).ToArray();
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < row.Cells.Count; c++)
            {
                widths[c] = Math.Max(widths[c], gfx.MeasureString(row.Cells[c], regular).Width);
            }
        }
        // cells start at the column's left edge plus the padding, with a clear gap before the next column
        return [.. widths.Select(w => w + 2 * CellPad + 6)];
    }

    private static double HeaderRow(XGraphics gfx, PublishedTable table, double[] widths, XFont bold, double y, double rowHeight)
    {
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(215, 222, 232)), Margin, y, widths.Sum(), rowHeight);
        var x = Margin;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            gfx.DrawString(table.Columns[c], bold, XBrushes.Black, x + CellPad, y + (rowHeight - bold.Size) / 2, XStringFormats.TopLeft);
            x += widths[c];
        }
        return y + rowHeight;
    }

    private static double Centered(XGraphics gfx, string text, XFont font, PdfPage page, double y)
    {
        var w = gfx.MeasureString(text, font).Width;
        gfx.DrawString(text, font, XBrushes.Black, (page.Width.Point - w) / 2, y, XStringFormats.TopLeft);
        return y + font.Size * 1.45;
    }

    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(next, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = next;
            }
        }
        if (line.Length > 0)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static void PageNumbers(PdfDocument document, XFont font)
    {
        for (var i = 0; i < document.PageCount; i++)
        {
            var page = document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = $"Halaman {(i + 1).ToString(CultureInfo.InvariantCulture)} dari {document.PageCount.ToString(CultureInfo.InvariantCulture)}";
            var w = gfx.MeasureString(text, font).Width;
            gfx.DrawString(text, font, XBrushes.Black, page.Width.Point - Margin - w, page.Height.Point - Margin, XStringFormats.TopLeft);
        }
    }

    private static byte[] Save(PdfDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }
}

