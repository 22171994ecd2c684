using AsnCat.Server.Data;
using AsnCat.Tool.Csv;
using ClosedXML.Excel;
namespace AsnCat.Server.Imports;

/// <summary>What the committee imports: formasi (formations) or peserta (candidates).</summary>
public enum ImportKind
{
    Formasi,
    Peserta,
}

/// <summary>
/// One column of an import template and what the Petunjuk sheet says about it; <see cref="Legacy"/>
/// is the English name earlier templates had, still accepted in an uploaded file's header.
/// </summary>
public sealed record ImportColumn(string Name, string Description, string Example, bool Text = true, string? Legacy = null);

/// <summary>
/// The import templates offered for download, as .xlsx (a bold header, an example row, a
/// "Petunjuk" sheet) and as CSV. The header of an uploaded file must be exactly these columns
/// (Indonesian), or all of their earlier English names.
/// </summary>
public static class ImportTemplates
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string CsvContentType = "text/csv; charset=utf-8";

    public static IReadOnlyList<ImportColumn> Formasi { get; } =
    [
        new("kode_formasi", "Kode formasi, unik (mis. KEMENKEU-PK-001). Wajib.", "CONTOH-PK-001", Legacy: "formation_code"),
        new("instansi", "Instansi (mis. Kementerian Keuangan). Wajib.", "Kementerian Contoh", Legacy: "agency"),
        new("jabatan", "Jabatan (mis. Penata Kelola APBN Ahli Pertama). Wajib.", "Analis Kebijakan Ahli Pertama", Legacy: "position"),
        new("lokasi", "Lokasi formasi (kota/kabupaten atau unit). Wajib.", "Kota Makassar", Legacy: "location"),
        new("kuota", "Jumlah kebutuhan: bilangan bulat lebih dari 0. Wajib.", "3", Text: false, Legacy: "quota"),
        new("pendidikan", "Kualifikasi pendidikan (mis. S-1 Ekonomi). Wajib.", "S-1 Ilmu Administrasi Negara", Legacy: "education"),
    ];

    public static IReadOnlyList<ImportColumn> Peserta { get; } =
    [
        new("nomor_peserta", "Nomor peserta, unik; dipakai untuk masuk di terminal ujian. Wajib.", "CONTOH-0001", Legacy: "participant_number"),
        new("nama", "Nama lengkap peserta. Wajib.", "Siti Rahmawati", Legacy: "name"),
        new("nik", "NIK: tepat 16 angka. Kolom ini berformat Teks agar Excel tidak memotong angkanya. Disimpan, tidak pernah ditampilkan kepada publik. Wajib.", "7371014101990001", Legacy: "nik"),
        new("tanggal_lahir", "Tanggal lahir, format YYYY-MM-DD (mis. 1999-01-01); usia 17 sampai 60 tahun. Wajib.", "1999-01-01", Legacy: "birth_date"),
        new("kode_formasi", "Kode formasi yang dilamar; harus sudah ada (impor formasi lebih dahulu). Wajib.", "CONTOH-PK-001", Legacy: "formation_code"),
        new("kategori", $"Kategori ambang batas: {string.Join(", ", CandidateCategories.Codes)} (yang dipakai ambang batas sesinya). Wajib.", "umum", Legacy: "category"),
        new("tambahan_menit", "Tambahan waktu ujian dalam menit, 0 sampai 120 (mis. peserta tunanetra: 30 pada SKD, 100 jadi 130 menit; 20 pada PPPK, 130 jadi 150 menit). Kosong berarti 0.", "0", Text: false, Legacy: "extra_minutes"),
        new("huruf_besar", "Huruf besar di terminal: ya atau tidak. Kosong berarti tidak.", "tidak", Legacy: "large_font"),
        new("pembaca_layar", "Pembaca layar di terminal: ya atau tidak. Kosong berarti tidak.", "tidak", Legacy: "screen_reader"),
    ];

    public static IReadOnlyList<ImportColumn> Columns(ImportKind kind) => kind == ImportKind.Formasi ? Formasi : Peserta;

    public static string[] Header(ImportKind kind) => [.. Columns(kind).Select(c => c.Name)];

    /// <summary>The English header earlier templates had, still accepted.</summary>
    public static string[] LegacyHeader(ImportKind kind) => [.. Columns(kind).Select(c => c.Legacy ?? c.Name)];

    /// <summary>The kind named in a URL (<c>formasi</c>, <c>peserta</c>).</summary>
    public static bool TryParseKind(string? name, out ImportKind kind)
    {
        switch (name?.ToLowerInvariant())
        {
            case "formasi":
                kind = ImportKind.Formasi;
                return true;
            case "peserta":
                kind = ImportKind.Peserta;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string Name(ImportKind kind) => kind == ImportKind.Formasi ? "formasi" : "peserta";

    public static byte[] Csv(ImportKind kind) => Csv(Columns(kind));

    public static byte[] Xlsx(ImportKind kind) => Xlsx(Name(kind), Columns(kind),
        "Rumus tidak diterima: salin lalu tempel sebagai nilai. Ukuran berkas paling besar 10 MB, paling banyak 200.000 baris.");

    /// <summary>A CSV template: the header and one example row, UTF-8 with a BOM so that Excel shows the characters right.</summary>
    public static byte[] Csv(IReadOnlyList<ImportColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return CsvWriting.Utf8WithBom([.. columns.Select(c => c.Name)], [[.. columns.Select(c => c.Example)]]);
    }

    /// <summary>
    /// An .xlsx template: a data sheet with the header and one example row (text columns
    /// formatted as text, so Excel keeps leading zeros and all 16 digits of a NIK) and a
    /// "Petunjuk" sheet describing every column, followed by <paramref name="notes"/>.
    /// </summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<ImportColumn> columns, params string[] notes)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(notes);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(sheetName);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var header = sheet.Cell(1, i + 1);
            header.Value = column.Name;
            header.Style.Font.Bold = true;
            if (column.Text)
            {
                sheet.Column(i + 1).Style.NumberFormat.Format = "@";
                sheet.Cell(2, i + 1).SetValue(column.Example);
                sheet.Cell(2, i + 1).DataType = XLDataType.Text;
            }
            else
            {
                sheet.Cell(2, i + 1).SetValue(double.Parse(column.Example, System.Globalization.CultureInfo.InvariantCulture));
            }
            sheet.Column(i + 1).Width = Math.Max(14, column.Name.Length + 4);
        }
        sheet.SheetView.FreezeRows(1);

        var help = workbook.Worksheets.Add("Petunjuk");
        help.Cell(1, 1).Value = "Kolom";
        help.Cell(1, 2).Value = "Keterangan";
        help.Cell(1, 3).Value = "Contoh";
        help.Row(1).Style.Font.Bold = true;
        for (var i = 0; i < columns.Count; i++)
        {
            help.Cell(i + 2, 1).SetValue(columns[i].Name);
            help.Cell(i + 2, 2).SetValue(columns[i].Description);
            help.Cell(i + 2, 3).SetValue(columns[i].Example);
            help.Cell(i + 2, 3).DataType = XLDataType.Text;
        }
        string[] lines =
        [
            "Isi data mulai baris 2 lembar pertama; hapus baris contoh. Baris judul kolom jangan diubah.",
            "Impor bersifat semua-atau-tidak-sama-sekali: jika ada satu baris yang salah, tidak ada yang disimpan dan setiap baris yang salah dilaporkan.",
            .. notes,
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            help.Cell(columns.Count + 3 + i, 1).SetValue(lines[i]);
        }
        help.Column(1).Width = 22;
        help.Column(2).Width = 90;
        help.Column(3).Width = 24;

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
