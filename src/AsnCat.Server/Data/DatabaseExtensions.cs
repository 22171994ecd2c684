using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
namespace AsnCat.Server.Data;

/// <summary>
/// The database area: the context on the configured engine (<see cref="DatabaseOptions"/>) and its
/// setup on start. SQLite: WAL and synchronous=FULL on every connection. PostgreSQL needs no such
/// settings: with its defaults (fsync, synchronous_commit and full_page_writes on) a commit is
/// acknowledged only once its WAL record is on disk, which is the guarantee the pragmas give SQLite.
/// </summary>
public static partial class DatabaseExtensions
{
    public const string ConnectionStringName = "AsnCat";

    public static WebApplicationBuilder AddAsnCatDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(options.Provider == DatabaseProvider.Postgres
                ? $"ConnectionStrings:{ConnectionStringName} belum diisi (mis. Host=db.pusat;Port=5432;Database=asncat;Username=asncat;Password=...)"
                : $"ConnectionStrings:{ConnectionStringName} belum diisi (mis. Data Source=data/asncat.db)");
        }
        if (options.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresConnectionString(configured, options.MaxPoolSize);
            builder.Services.AddPooledDbContextFactory<PostgresAsnCatDb>(o => o.UseNpgsql(connectionString));
            // everything else asks for the model's base type
            builder.Services.AddSingleton<IDbContextFactory<AsnCatDb>>(sp => new BaseFactory<PostgresAsnCatDb>(sp.GetRequiredService<IDbContextFactory<PostgresAsnCatDb>>()));
        }
        else
        {
            var connectionString = ResolveDataSource(configured, builder.Environment.ContentRootPath);
            builder.Services.AddPooledDbContextFactory<AsnCatDb>(o => o
                .UseSqlite(connectionString)
                .AddInterceptors(new SqlitePragmas()));
        }
        builder.Services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext());
        return builder;
    }

    /// <summary>Migrates the database; on SQLite also turns on WAL.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseExtensions).FullName!);
        if (db is PostgresAsnCatDb)
        {
            await MigratePostgresAsync(db, ct);
            return;
        }
        await db.Database.MigrateAsync(ct);
        var mode = await PragmaAsync(db, "PRAGMA journal_mode=WAL;", ct);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            LogNotWal(logger, mode);
        }
    }

    /// <summary>The <c>Database</c> section as the registration needs it (the provider decides which context is registered).</summary>
    internal static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        var options = new DatabaseOptions();
        if (section[nameof(DatabaseOptions.Provider)] is { Length: > 0 } provider)
        {
            options.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)} = '{provider}' tidak dikenal: isi Sqlite (bawaan) atau Postgres.");
        }
        if (section[nameof(DatabaseOptions.MaxPoolSize)] is { Length: > 0 } pool)
        {
            options.MaxPoolSize = int.TryParse(pool, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? size
                : throw new InvalidOperationException($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.MaxPoolSize)} = '{pool}' bukan bilangan bulat.");
        }
        return options;
    }

    /// <summary>The configured PostgreSQL connection string with the pool size of the options unless it sets one itself.</summary>
    internal static string PostgresConnectionString(string configured, int maxPoolSize)
    {
        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} bukan string koneksi PostgreSQL yang sah ({e.Message}); contoh: Host=db.pusat;Port=5432;Database=asncat;Username=asncat;Password=...", e);
        }
        // the keys as written (the Npgsql builder answers ContainsKey for every keyword it knows)
        var written = new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        if (!written.Any(k => k is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE"))
        {
            csb.MaxPoolSize = maxPoolSize;
        }
        return csb.ConnectionString;
    }

    // A server that cannot be reached (or refuses the login) stops the start with a message that
    // names the setting to fix: without the database the server has nothing to serve.
    private static async Task MigratePostgresAsync(AsnCatDb db, CancellationToken ct)
    {
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            var csb = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            throw new InvalidOperationException(
                $"Tidak dapat memakai basis data PostgreSQL di {csb.Host}:{csb.Port} (basis data '{csb.Database}', pengguna '{csb.Username}'): {e.Message}. " +
                $"Periksa ConnectionStrings:{ConnectionStringName} (Host, Port, Database, Username, Password), pastikan server PostgreSQL berjalan dan menerima koneksi dari mesin ini, " +
                $"atau kembali ke SQLite dengan {DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}=Sqlite.", e);
        }
    }

    /// <summary>A relative data source is taken from the content root; its folder is created.</summary>
    internal static string ResolveDataSource(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var source = csb.DataSource;
        if (source.Length == 0 || source == ":memory:" || csb.Mode == SqliteOpenMode.Memory || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return csb.ToString();
        }
        csb.DataSource = Path.GetFullPath(source, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        return csb.ToString();
    }

    private static async Task<string?> PragmaAsync(AsnCatDb db, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class BaseFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AsnCatDb>
        where TContext : AsnCatDb
    {
        public AsnCatDb CreateDbContext() => inner.CreateDbContext();

        public async Task<AsnCatDb> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite journal mode is {JournalMode}, not WAL")]
    private static partial void LogNotWal(ILogger logger, string? journalMode);

    /// <summary>
    /// synchronous is per connection, so it is set on every open: FULL makes a commit durable
    /// before it is acknowledged (answers must survive a crash or power cut).
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Sql = "PRAGMA synchronous=FULL;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
