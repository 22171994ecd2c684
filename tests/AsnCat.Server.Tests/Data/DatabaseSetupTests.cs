using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Seeding;
using AsnCat.Tool.Banks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Data;

public class DatabaseSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_migrates_a_fresh_file_under_the_content_root_turns_on_wal_and_imports_the_shipped_sample()
    {
        using var root = new TempDir();
        var time = new FakeTimeProvider(TestDatabase.Start);
        await using (var app = BuildApp(root.Path, time))
        {
            await app.InitializeDatabaseAsync(Ct);
            await app.ImportIfEmptyAsync(Ct);

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("_Initial", StringComparison.Ordinal));
            Assert.Equal(2L, await ScalarAsync(db, "PRAGMA synchronous;"));

            // the sample is imported exactly when it is valid; an invalid one is logged and skipped
            var sample = BankLoader.Load(SampleBank.Dir, new RulesCatalog(RulesCatalog.DefaultRoot).Blueprint).Bank;
            var versions = await db.BankVersions.ToListAsync(Ct);
            if (sample is null)
            {
                Assert.Empty(versions);
            }
            else
            {
                var version = Assert.Single(versions);
                Assert.Equal((sample.Code, sample.Hash, sample.Items.Count, TestDatabase.Start), (version.Code, version.Hash, version.ItemCount, version.ImportedAt));
            }
        }

        var file = Path.Combine(root.Path, "data", "asncat.db");
        Assert.True(File.Exists(file));
        await using var raw = new SqliteConnection($"Data Source={file};Pooling=False");
        await raw.OpenAsync(Ct);
        await using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_second_start_on_the_same_database_changes_nothing()
    {
        using var root = new TempDir();
        var time = new FakeTimeProvider(TestDatabase.Start);
        await using (var app = BuildApp(root.Path, time))
        {
            await app.InitializeDatabaseAsync(Ct);
            await app.ImportIfEmptyAsync(Ct);
        }
        time.Advance(TimeSpan.FromDays(1));
        await using var again = BuildApp(root.Path, time);
        await again.InitializeDatabaseAsync(Ct);
        await again.ImportIfEmptyAsync(Ct);

        await using var scope = again.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
        Assert.All(await db.BankVersions.ToListAsync(Ct), v => Assert.Equal(TestDatabase.Start, v.ImportedAt));
        Assert.True(await db.BankVersions.CountAsync(Ct) <= 1);
    }

    [Fact]
    public async Task A_missing_sample_folder_is_logged_with_its_reason_and_imports_nothing()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var db = database.Open();
        var logger = new ListLogger();
        var missing = Path.Combine(Path.GetTempPath(), "asncat-tidak-ada-" + Guid.NewGuid().ToString("N"));

        var result = await SampleBank.ImportAsync(database.Importer(db), logger, missing, TinyBank.Rules, Ct);

        Assert.Null(result);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(missing, message, StringComparison.Ordinal);
        Assert.Contains("tidak ditemukan", message, StringComparison.Ordinal);
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
    }

    [Fact]
    public async Task A_valid_bank_folder_is_imported_and_logged_with_code_hash_and_item_count()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        await using var db = database.Open();
        var logger = new ListLogger();

        var result = await SampleBank.ImportAsync(database.Importer(db), logger, tiny.Dir, TinyBank.Rules, Ct);

        Assert.True(result!.Created);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("uji-impor", message, StringComparison.Ordinal);
        Assert.Contains(tiny.Load().Hash, message, StringComparison.Ordinal);
        Assert.Contains("3 items", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_migrates_an_empty_database_of_the_runs_engine_and_its_guards_refuse_changes_to_sealed_entries()
    {
        using var root = new TempDir();
        var time = new FakeTimeProvider(TestDatabase.Start);
        // PostgreSQL: a name no database has yet, so the start itself creates and migrates it (not the tests' template)
        var name = "asncat_start_" + Guid.NewGuid().ToString("N")[..12];
        var settings = TestEngine.Provider == DatabaseProvider.Postgres
            ? new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                [$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = new Npgsql.NpgsqlConnectionStringBuilder(PostgresTestDatabase.Server) { Database = name }.ConnectionString,
            }
            : [];
        await using (var app = BuildApp(root.Path, time, settings))
        {
            try
            {
                await app.InitializeDatabaseAsync(Ct);
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
                Assert.Equal(TestEngine.Provider == DatabaseProvider.Postgres, db is PostgresAsnCatDb);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
                db.AuditEntries.Add(new AuditEntry { At = time.GetUtcNow(), Actor = "uji", Action = "proctor.pause", Hash = new string('a', 64) });
                await db.SaveChangesAsync(Ct);

                var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.AuditEntries.ExecuteUpdateAsync(u => u.SetProperty(e => e.Actor, "lain"), Ct));
                Assert.Contains("audit entry is sealed", refused.Message, StringComparison.Ordinal);
            }
            finally
            {
                if (TestEngine.Provider == DatabaseProvider.Postgres)
                {
                    await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(PostgresTestDatabase.Server) { Database = "postgres", Pooling = false }.ConnectionString);
                    await admin.OpenAsync(Ct);
                    await using var drop = admin.CreateCommand();
                    drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
                    await drop.ExecuteNonQueryAsync(Ct);
                }
            }
        }
    }

    [Fact]
    public async Task A_postgres_server_that_cannot_be_reached_stops_the_start_naming_the_setting_to_fix()
    {
        using var root = new TempDir();
        var port = Hosts.ChildProcessHost.FreePort();   // nothing listens there
        await using var app = BuildApp(root.Path, TimeProvider.System, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            [$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = $"Host=127.0.0.1;Port={port};Database=asncat;Username=asncat;Timeout=5",
        });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => app.InitializeDatabaseAsync(Ct));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("Periksa ConnectionStrings:AsnCat", e.Message, StringComparison.Ordinal);
        Assert.Contains("pastikan server PostgreSQL berjalan", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Oracle", "Database:Provider = 'Oracle' tidak dikenal: isi Sqlite (bawaan) atau Postgres.")]
    [InlineData("7", "Database:Provider = '7' tidak dikenal: isi Sqlite (bawaan) atau Postgres.")]
    public void An_unknown_provider_stops_the_start_with_the_choices(string provider, string message)
    {
        using var root = new TempDir();
        var e = Assert.Throws<InvalidOperationException>(() => BuildApp(root.Path, TimeProvider.System, new Dictionary<string, string?> { ["Database:Provider"] = provider }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_postgres_connection_string_gets_the_configured_pool_size_unless_it_sets_its_own()
    {
        Assert.Equal(50, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseExtensions.PostgresConnectionString("Host=db;Database=asncat", 50)).MaxPoolSize);
        Assert.Equal(20, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseExtensions.PostgresConnectionString("Host=db;Database=asncat;Maximum Pool Size=20", 50)).MaxPoolSize);
        var e = Assert.Throws<InvalidOperationException>(() => DatabaseExtensions.PostgresConnectionString("Data Source=data/asncat.db", 50));
        Assert.Contains("bukan string koneksi PostgreSQL yang sah", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=data/asncat.db", "data/asncat.db")]
    [InlineData("Data Source=asncat.db;Pooling=False", "asncat.db")]
    public void A_relative_data_source_is_resolved_against_the_content_root_and_its_folder_created(string configured, string relative)
    {
        using var root = new TempDir();
        var resolved = new SqliteConnectionStringBuilder(DatabaseExtensions.ResolveDataSource(configured, root.Path));
        var expected = Path.Combine(root.Path, relative);
        Assert.Equal(expected, resolved.DataSource);
        Assert.True(Directory.Exists(Path.GetDirectoryName(expected)));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=/var/lib/asncat/asncat.db")]
    public void An_absolute_or_in_memory_data_source_is_kept(string configured)
    {
        var kept = new SqliteConnectionStringBuilder(configured).DataSource;
        Assert.Equal(kept, new SqliteConnectionStringBuilder(DatabaseExtensions.ResolveDataSource(configured, "/nirgendwo")).DataSource);
    }

    private static WebApplication BuildApp(string contentRoot, TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        builder.Configuration[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = "Data Source=data/asncat.db;Pooling=False";
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time);
        builder.AddAsnCatDatabase();
        builder.AddAsnCatBanks();
        builder.Services.AddSingleton(new RulesCatalog(RulesCatalog.DefaultRoot));
        return builder.Build();
    }

    private static async Task<object?> ScalarAsync(AsnCatDb db, string sql)
    {
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(Ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
