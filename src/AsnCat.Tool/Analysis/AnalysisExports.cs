using System.Globalization;
using AsnCat.Tool.Csv;
using ClosedXML.Excel;
namespace AsnCat.Tool.Analysis;

/// <summary>
/// The analysis as files: a CSV of the items (RFC 4180, CRLF, UTF-8 with a BOM, invariant numbers
/// with a dot) and an .xlsx with the items, the subtests, the equal-difficulty check and every
/// candidate's expected score, numbers as numbers. The same report gives the same CSV bytes.
/// </summary>
public static class AnalysisExports
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] Letters = ["a", "b", "c", "d", "e", "kosong"];

    /// <summary>The item columns of both files, in order: header and value (a number, a text, or null for an empty cell).</summary>
    public static IReadOnlyList<(string Header, Func<ItemStats, object?> Value)> ItemColumns { get; } =
    [
        ("subtes", i => i.Subtest),
        ("id", i => i.Id),
        ("subtopik", i => i.Item.Subtopic),
        ("tingkat", i => i.Item.Difficulty.ToString().ToLowerInvariant()),
        ("kunci_atau_bobot", i => KeyText(i.Item)),
        ("dilihat", i => i.Exposure),
        ("dilihat_bagian", i => i.ExposureShare),
        ("kelompok", i => i.GroupSize),
        ("fasilitas", i => i.Facility),
        ("indeks_daya_beda", i => i.Discrimination),
        ("point_biserial_terkoreksi", i => i.PointBiserial),
        ("rata_rata_poin", i => i.MeanPoints),
        .. Enumerable.Range(0, 6).Select(o => ($"pilih_{Letters[o]}", (Func<ItemStats, object?>)(i => i.Options[o].Overall))),
        .. Enumerable.Range(0, 6).Select(o => ($"atas_{Letters[o]}", (Func<ItemStats, object?>)(i => i.Options[o].Upper))),
        .. Enumerable.Range(0, 6).Select(o => ($"bawah_{Letters[o]}", (Func<ItemStats, object?>)(i => i.Options[o].Lower))),
        ("tanda", i => string.Join(';', i.Flags.Select(f => f.Code()))),
        ("keterangan", Remark),
    ];

    /// <summary><c>B</c> for a key item, <c>A=2 B=5 C=1 D=4 E=3</c> for a weighted one.</summary>
    public static string KeyText(AnalysisItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Key is { } k
            ? Scoring.Options.Letter(k).ToString()
            : string.Join(' ', item.Points.Select((w, o) => $"{Scoring.Options.Letter(o)}={w}"));
    }

    /// <summary>Why an item is flagged, in words (empty when it is not; "data kurang" when too few saw it).</summary>
    public static string Remark(ItemStats item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.TooFewToFlag)
        {
            return item.Exposure == 0 ? "tidak muncul di perangkat mana pun" : "data kurang: dilihat terlalu sedikit peserta untuk ditandai";
        }
        var parts = new List<string>();
        foreach (var f in item.Flags)
        {
            parts.Add(f switch
            {
                ItemConcern.DeadDistractor => $"{f.Label()}: {string.Join(", ", item.DeadDistractors)}",
                ItemConcern.WrongKey => $"{f.Label()}: kelompok atas lebih sering memilih {item.BeatingDistractor} daripada kunci {KeyText(item.Item)}",
                _ => f.Label(),
            });
        }
        return string.Join("; ", parts);
    }

    public static byte[] Csv(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return CsvWriting.Utf8WithBom([.. ItemColumns.Select(c => c.Header)], report.Items.Select(item => ItemColumns.Select(c => c.Value(item) switch
        {
            null => "",
            int i => i.ToString(CultureInfo.InvariantCulture),
            double d => Number(d),
            string s => CsvWriting.Guarded(s),
            var other => throw new InvalidOperationException(other.GetType().Name),
        }).ToArray()));
    }

    /// <summary>A proportion or statistic as the CSV writes it: up to 6 decimals, a dot, no exponent.</summary>
    public static string Number(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

    public static byte[] Xlsx(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        Table(workbook.Worksheets.Add("Butir"), ItemColumns.Select(c => c.Header).ToArray(),
            report.Items.Select(i => ItemColumns.Select(c => c.Value(i)).ToArray()));
        Table(workbook.Worksheets.Add("Subtes"), ["subtes", "reliabilitas", "nilai_reliabilitas", "sem", "rata_rata", "simpangan_baku", "soal_per_peserta", "nilai_maks"],
            report.Subtests.Select(s => new object?[] { s.Code, s.ReliabilityName, s.Reliability, s.StandardError, s.Mean, s.StandardDeviation, s.ItemsPerCandidate, s.MaxScore }));
        var eq = report.Equality;
        var gaps = workbook.Worksheets.Add("Kesetaraan");
        Table(gaps, ["dimensi", "kelompok", "peserta", "rata_rata_nilai_harapan"],
            eq.Groups.SelectMany(g => g.Groups.Select(x => new object?[] { g.Dimension, x.Group, x.Count, x.Mean })));
        var last = gaps.LastRowUsed()?.RowNumber() ?? 1;
        gaps.Cell(last + 2, 1).SetValue("putusan");
        gaps.Cell(last + 2, 2).SetValue(eq.Verdict);
        gaps.Cell(last + 3, 1).SetValue("simpangan_baku_nilai_harapan");
        gaps.Cell(last + 3, 2).SetValue(eq.Total.StandardDeviation);
        Table(workbook.Worksheets.Add("Peserta"),
            ["nomor_peserta", "sesi", "lokasi", "zona_waktu", "kategori", .. eq.Subtests.Select(s => "harapan_" + s.Subtest), "harapan_total"],
            eq.Candidates.Select(c => (object?[])[c.Candidate.ParticipantNumber, c.Session, c.Venue, c.TimeZone, c.Candidate.Category, .. c.Subtests.Cast<object?>(), c.Total]));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Table(IXLWorksheet sheet, string[] header, IEnumerable<object?[]> rows)
    {
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (row[c])
                {
                    case int i:
                        cell.SetValue(i);
                        break;
                    case double d:
                        cell.SetValue(Math.Round(d, 6));
                        break;
                    case string s:
                        cell.SetValue(s);
                        cell.DataType = XLDataType.Text;
                        break;
                }
            }
            r++;
        }
        sheet.SheetView.FreezeRows(1);
    }
}
