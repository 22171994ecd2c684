using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Data;

/// <summary>The database area: the SQLite context and its setup on start.</summary>
public static partial class DatabaseExtensions
{
    public const string ConnectionStringName = "AsnCat";

    public static WebApplicationBuilder AddAsnCatDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} belum diisi (mis. Data Source=data/asncat.db)");
        var connectionString = ResolveDataSource(configured, builder.Environment.ContentRootPath);
        builder.Services.AddPooledDbContextFactory<AsnCatDb>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        builder.Services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext());
        return builder;
    }

    /// <summary>Migrates the database and turns on WAL.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseExtensions).FullName!);
        await db.Database.MigrateAsync(ct);
        var mode = await PragmaAsync(db, "PRAGMA journal_mode=WAL;", ct);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            LogNotWal(logger, mode);
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
