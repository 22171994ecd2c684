using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Data;

/// <summary>A migrated SQLite file in a temporary folder, removed when disposed.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly TempDir _dir = new();

    private TestDatabase()
    {
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    // no pooling: nothing keeps the file open after a test
    public string ConnectionString => $"Data Source={Path.Combine(_dir.Path, "asncat.db")};Pooling=False";

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await using var context = db.Open();
        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return db;
    }

    public AsnCatDb Open() => new(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(ConnectionString).Options);

    public BankImporter Importer(AsnCatDb db) => new(db, Time);

    public void Dispose() => _dir.Dispose();
}

/// <summary>A tiny bank written to a temp folder: two TWK items (a table, a stem image, an image option) and one TKP item.</summary>
internal sealed class TinyBank : IDisposable
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0x10];

    public const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n";

    private readonly TempDir _dir = new();

    public TinyBank()
    {
        _dir.Write("bank.yaml", "code: uji-impor\ntitle: Bank uji impor\nblueprint: skd\n");
        _dir.Write("twk/nasionalisme.yaml", """
            subtest: TWK
            subtopic: nasionalisme
            items:
              - id: TWK-NAS-001
                difficulty: mudah
                stem: Berapa jumlah penduduk pada tahun 2023?
                table:
                  caption: Jumlah penduduk
                  header: [Tahun, Jumlah]
                  rows:
                    - [2022, "1.200"]
                    - [2023, "1.350"]
                options: { A: "1.100", B: "1.350", C: "1.200", D: "1.400", E: "1.500" }
                answer: B
                explanation: Lihat baris 2023.
              - id: TWK-NAS-002
                difficulty: sulit
                stem: Bangun manakah yang sama dengan gambar?
                image: { file: gambar/soal.svg, alt: Sebuah persegi hitam }
                options:
                  A: Lingkaran
                  B: Segitiga
                  C: { image: { file: gambar/opsi-c.png, alt: Persegi hitam }, text: Persegi }
                  D: Trapesium
                  E: Segi lima
                answer: C
            """);
        _dir.Write("twk/gambar/soal.svg", Svg);
        File.WriteAllBytes(Path.Combine(_dir.Path, "twk", "gambar", "opsi-c.png"), Png);
        _dir.Write("tkp/pelayanan-publik.yaml", """
            subtest: TKP
            subtopic: pelayanan-publik
            items:
              - id: TKP-PP-001
                difficulty: sedang
                stem: Seorang warga datang saat loket hampir tutup. Apa yang Anda lakukan?
                options:
                  A: Memintanya datang besok.
                  B: Melayaninya sampai selesai.
                  C: Menutup loket tepat waktu.
                  D: Melayani sebagian lalu menunda sisanya.
                  E: Mengarahkannya ke petugas lain.
                weights: { A: 2, B: 5, C: 1, D: 4, E: 3 }
            """);
    }

    public static RulesCatalog Rules { get; } = new(TestPaths.QuestionBanks);

    public static string BlueprintYaml => File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml"));

    public string Dir => _dir.Path;

    public QuestionBank Load()
    {
        var result = BankLoader.Load(_dir.Path, Rules.Blueprint);
        Assert.Empty(result.Errors);
        return result.Bank!;
    }

    public void Dispose() => _dir.Dispose();
}
