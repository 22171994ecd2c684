using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Data;

/// <summary>
/// A migrated database of the test run's engine (<see cref="TestEngine"/>), removed when disposed:
/// a SQLite file in a temporary folder, or a fresh PostgreSQL database.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly TempDir? _dir;
    private readonly PostgresTestDatabase? _postgres;

    private TestDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Postgres)
        {
            _postgres = PostgresTestDatabase.Create();
        }
        else
        {
            _dir = new TempDir();
        }
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);

    public DatabaseProvider Provider { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    // SQLite without pooling: nothing keeps the file open after a test
    public string ConnectionString => _postgres?.ConnectionString ?? $"Data Source={Path.Combine(_dir!.Path, "asncat.db")};Pooling=False";

    public static Task<TestDatabase> CreateAsync() => CreateAsync(TestEngine.Provider);

    /// <summary>A database of <paramref name="provider"/> whatever the run's engine (a test about one engine's own behaviour).</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var db = new TestDatabase(provider);
        await using var context = db.Open();
        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return db;
    }

    public AsnCatDb Open() => Provider == DatabaseProvider.Postgres
        ? PostgresTestDatabase.Open(ConnectionString)
        : new AsnCatDb(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(ConnectionString).Options);

    public BankImporter Importer(AsnCatDb db) => new(db, Time);

    /// <summary>Raw SQL on a connection of its own, as someone with the database's console would run it.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var db = Open();
        await using var command = await CommandAsync(db, sql);
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var db = Open();
        await using var command = await CommandAsync(db, sql);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Switches off one of the guard triggers as the database's owner could, to show what the
    /// audit chain catches without it: SQLite drops it, PostgreSQL disables it.
    /// </summary>
    public Task DisableTriggerAsync(string table, string trigger) =>
        ExecuteAsync(Provider == DatabaseProvider.Postgres ? $"ALTER TABLE {table} DISABLE TRIGGER \"{trigger}\"" : $"DROP TRIGGER {trigger}");

    public void Dispose()
    {
        _dir?.Dispose();
        _postgres?.Dispose();
    }

    private static async Task<System.Data.Common.DbCommand> CommandAsync(AsnCatDb db, string sql)
    {
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command;
    }
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
