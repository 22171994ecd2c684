namespace AsnCat.Tool.Banks.Interchange;

/// <summary>One column of the bank sheet, what the Petunjuk sheet says about it and the example row's value.</summary>
public sealed record XlsxColumn(string Name, string Description, string Example);

/// <summary>
/// The layout of a bank as an Excel sheet, with the Indonesian headers that CBT tools in Indonesia
/// use: one row per item on the sheet <see cref="ItemsSheet"/>; the bank's code, title and blueprint
/// on <see cref="BankSheet"/>; every column explained on <see cref="HelpSheet"/>.
/// </summary>
public static class XlsxLayout
{
    public const string ItemsSheet = "Soal";

    public const string BankSheet = "Bank";

    public const string HelpSheet = "Petunjuk";

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The separator of the cells of one table row in the column "Tabel".</summary>
    public const char TableCell = '|';

    private static readonly string[] Letters = ["A", "B", "C", "D", "E"];

    public static IReadOnlyList<XlsxColumn> Columns { get; } =
    [
        new("Nomor", "Nomor urut soal (boleh kosong).", "1"),
        new("ID Soal", "Kode soal yang unik di bank, huruf/angka/'-'/'.'/'_' (mis. TWK-NAS-001). Kosong: dibuat dari subtes dan nomor.", "TWK-NAS-901"),
        new("Subtes", "Kode subtes kisi-kisi (SKD: TWK, TIU, TKP). Kosong: diambil dari opsi --subtest.", "TWK"),
        new("Subtopik", "Kode subtopik kisi-kisi (mis. nasionalisme). Kosong: diambil dari opsi --subtopic.", "nasionalisme"),
        new("Tingkat Kesulitan", "mudah, sedang atau sulit. Kosong: diambil dari opsi --difficulty.", "sedang"),
        new("Soal", "Teks soal. Wajib. Baris baru di dalam sel (Alt+Enter) dipertahankan.", "Sikap yang paling tepat ketika melihat teman memakai produk luar negeri adalah ..."),
        new("File Gambar", "Berkas gambar soal, relatif terhadap folder berkas Excel ini (mis. gambar/soal-1.png). Boleh kosong.", ""),
        new("Alt Gambar", "Teks alternatif gambar soal untuk pembaca layar. Wajib bila ada gambar.", ""),
        new("Judul Tabel", "Judul tabel di bawah soal. Boleh kosong.", ""),
        new("Tabel", $"Tabel di bawah soal: satu baris tabel per baris sel, baris pertama judul kolom, sel dipisah '{TableCell}'. Boleh kosong.", ""),
        .. Letters.Select(l => new XlsxColumn($"Opsi {l}", $"Teks pilihan {l}. Wajib kecuali opsi berupa gambar.", l switch
        {
            "A" => "menegurnya di depan umum",
            "B" => "menghargai pilihannya sambil mengenalkan produk dalam negeri yang setara",
            "C" => "ikut membeli produk yang sama",
            "D" => "menjauhinya",
            _ => "melaporkannya kepada atasan",
        })),
        new("Kunci", "Subtes berkunci (TWK, TIU): satu huruf A-E. Kosongkan untuk subtes berbobot.", "B"),
        .. Letters.Select(l => new XlsxColumn($"Bobot {l}", $"Subtes berbobot (TKP): nilai opsi {l} (1-5, masing-masing tepat sekali). Kosongkan untuk subtes berkunci.", "")),
        new("Pembahasan", "Pembahasan soal (untuk latihan). Boleh kosong.", "Menghargai pilihan orang lain sambil mengenalkan produk dalam negeri mencerminkan nasionalisme yang santun."),
        .. Letters.Select(l => new XlsxColumn($"Gambar Opsi {l}", $"Berkas gambar opsi {l} (relatif terhadap folder berkas Excel). Boleh kosong.", "")),
        .. Letters.Select(l => new XlsxColumn($"Alt Gambar Opsi {l}", $"Teks alternatif gambar opsi {l}. Wajib bila ada gambar opsi.", "")),
    ];

    /// <summary>What the Petunjuk sheet says after the columns.</summary>
    public static IReadOnlyList<string> Notes { get; } =
    [
        "Isi mulai baris 2 lembar 'Soal'; hapus baris contoh. Judul kolom jangan diubah (urutan boleh berbeda, kolom opsional boleh dihapus).",
        "Setiap soal tepat lima opsi A-E. Subtes berkunci memakai kolom Kunci; subtes berbobot memakai kolom Bobot A-E.",
        "Rumus tidak diterima: salin lalu tempel sebagai nilai. Gambar: .svg, .png, .jpg, .jpeg, .webp atau .gif, paling besar 1 MB, disimpan di folder yang sama dengan berkas Excel.",
        "Lembar 'Bank' (opsional): kode, judul dan kisi-kisi bank. Tanpa lembar itu, pakai opsi --code, --title dan --blueprint.",
        "Impor bersifat semua-atau-tidak-sama-sekali: setiap soal yang bermasalah dilaporkan dengan nomor baris dan alasannya, dan tidak ada yang diimpor, kecuali dengan --skip-unsupported.",
    ];

    public static int Index(string header) => Columns.ToList().FindIndex(c => string.Equals(c.Name, header.Trim(), StringComparison.OrdinalIgnoreCase));
}
