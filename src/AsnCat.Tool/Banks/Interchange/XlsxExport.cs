using System.Globalization;
using AsnCat.Scoring;
using ClosedXML.Excel;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Writes a bank as the Excel sheet of <see cref="XlsxLayout"/> (every cell text, so that "2002"
/// stays "2002"), with the images written beside the workbook under <c>gambar/</c>; and the empty
/// template with one example row that the console offers for download.
/// </summary>
public static class XlsxExport
{
    public static void Write(string path, BankInfo bank, IReadOnlyList<ReadyItem> items)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(items);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var rows = new List<string?[]>();
        foreach (var (item, n) in items.Select((item, n) => (item, n + 1)))
        {
            string? Image(DraftImage? image)
            {
                if (image is null)
                {
                    return null;
                }
                var file = Path.Combine(folder, "gambar", image.Name);
                if (File.Exists(file) && !File.ReadAllBytes(file).AsSpan().SequenceEqual(image.Bytes))
                {
                    throw new InvalidOperationException($"gambar '{image.Name}' dipakai dua soal dengan isi berbeda; ganti nama salah satunya di bank");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, image.Bytes);
                return "gambar/" + image.Name;
            }
            var row = new string?[XlsxLayout.Columns.Count];
            void Set(string column, string? value) => row[XlsxLayout.Index(column)] = value;
            Set("Nomor", n.ToString(CultureInfo.InvariantCulture));
            Set("ID Soal", item.Id);
            Set("Subtes", item.Subtest);
            Set("Subtopik", item.Subtopic);
            Set("Tingkat Kesulitan", item.Difficulty.ToString().ToLowerInvariant());
            Set("Soal", item.Stem);
            Set("File Gambar", Image(item.Image));
            Set("Alt Gambar", item.Image?.Alt);
            Set("Judul Tabel", item.Table?.Caption);
            Set("Tabel", item.Table is null ? null : Table(item));
            for (var o = 0; o < item.Options.Count; o++)
            {
                var letter = Options.Letter(o);
                Set($"Opsi {letter}", item.Options[o].Text);
                Set($"Gambar Opsi {letter}", Image(item.Options[o].Image));
                Set($"Alt Gambar Opsi {letter}", item.Options[o].Image?.Alt);
                Set($"Bobot {letter}", item.Weights?[o].ToString(CultureInfo.InvariantCulture));
            }
            Set("Kunci", item.Answer is { } a ? Options.Letter(a).ToString() : null);
            Set("Pembahasan", item.Explanation);
            rows.Add(row);
        }
        File.WriteAllBytes(path, Workbook(bank, rows));
    }

    /// <summary>The template: the header, one example row, the Bank and Petunjuk sheets.</summary>
    public static byte[] Template() =>
        Workbook(new BankInfo("bank-baru", "Bank soal baru", "skd"), [[.. XlsxLayout.Columns.Select(c => c.Example.Length == 0 ? null : c.Example)]]);

    private static string Table(ReadyItem item)
    {
        var lines = new[] { item.Table!.Header }.Concat(item.Table.Rows).Select(r => string.Join($" {XlsxLayout.TableCell} ", r)).ToList();
        if (item.Table.Header.Concat(item.Table.Rows.SelectMany(r => r)).Any(c => c.Contains(XlsxLayout.TableCell, StringComparison.Ordinal) || c.Contains('\n', StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"soal {item.Id}: sel tabel berisi '{XlsxLayout.TableCell}' atau baris baru, yang tidak dapat ditulis ke kolom Tabel");
        }
        return string.Join('\n', lines);
    }

    private static byte[] Workbook(BankInfo bank, List<string?[]> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(XlsxLayout.ItemsSheet);
        var columns = XlsxLayout.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(columns[c].Name);
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
            sheet.Column(c + 1).Style.NumberFormat.Format = "@";
            // widths by hand: ClosedXML's AdjustToContents measures fonts with GDI+ (libgdiplus), absent on servers
            sheet.Column(c + 1).Width = columns[c].Name is "Soal" or "Pembahasan" or "Tabel" ? 60 : Math.Max(12, columns[c].Name.Length + 4);
        }
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (rows[r][c] is { } value)
                {
                    var cell = sheet.Cell(r + 2, c + 1);
                    cell.SetValue(value);
                    cell.DataType = XLDataType.Text;
                }
            }
        }
        sheet.SheetView.FreezeRows(1);

        var info = workbook.Worksheets.Add(XlsxLayout.BankSheet);
        string[][] meta = [["kode", bank.Code!], ["judul", bank.Title ?? bank.Code!], ["kisi-kisi", bank.Blueprint!]];
        for (var i = 0; i < meta.Length; i++)
        {
            info.Cell(i + 1, 1).SetValue(meta[i][0]);
            info.Cell(i + 1, 2).SetValue(meta[i][1]);
            info.Cell(i + 1, 2).DataType = XLDataType.Text;
        }
        info.Column(1).Style.Font.Bold = true;
        info.Column(2).Width = 40;

        var help = workbook.Worksheets.Add(XlsxLayout.HelpSheet);
        help.Cell(1, 1).SetValue("Kolom");
        help.Cell(1, 2).SetValue("Keterangan");
        help.Row(1).Style.Font.Bold = true;
        for (var c = 0; c < columns.Count; c++)
        {
            help.Cell(c + 2, 1).SetValue(columns[c].Name);
            help.Cell(c + 2, 2).SetValue(columns[c].Description);
        }
        for (var i = 0; i < XlsxLayout.Notes.Count; i++)
        {
            help.Cell(columns.Count + 3 + i, 1).SetValue(XlsxLayout.Notes[i]);
        }
        help.Column(1).Width = 24;
        help.Column(2).Width = 100;
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
