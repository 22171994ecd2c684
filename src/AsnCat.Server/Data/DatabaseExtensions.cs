using System.Data.Common;
using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Imports;
using AsnCat.Tool.Banks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Data;

/// <summary>The database area: the SQLite context, its setup on start and the first bank.</summary>
public static partial class DatabaseExtensions
{
    public const string ConnectionStringName = "AsnCat";

    /// <summary>The sample bank shipped beside the executable.</summary>
    public static string SampleBankDir => Path.Combine(AppContext.BaseDirectory, "question-banks", "skd-contoh");

    public static WebApplicationBuilder AddAsnCatDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set");
        var connectionString = ResolveDataSource(configured, builder.Environment.ContentRootPath);
        builder.Services.AddPooledDbContextFactory<AsnCatDb>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        builder.Services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<BankImporter>();
        return builder;
    }

    /// <summary>Migrates the database, turns on WAL, and imports the shipped sample bank into an empty database.</summary>
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
        if (!await db.BankVersions.AnyAsync(ct))
        {
            await ImportSampleAsync(scope.ServiceProvider.GetRequiredService<BankImporter>(), logger, SampleBankDir, new RulesCatalog(RulesCatalog.DefaultRoot), ct);
        }
    }

    /// <summary>Loads and imports a bank folder; logs what was imported, or why nothing was.</summary>
    internal static async Task<BankImportResult?> ImportSampleAsync(BankImporter importer, ILogger logger, string dir, RulesCatalog rules, CancellationToken ct)
    {
        var loaded = BankLoader.Load(dir, rules.Blueprint);
        var errors = rules.Errors.Concat(loaded.Errors).ToList();
        if (loaded.Bank is not { } bank || errors.Count > 0)
        {
            LogSampleInvalid(logger, dir, errors.Count, Environment.NewLine + string.Join(Environment.NewLine, errors));
            return null;
        }
        var blueprint = rules.Blueprint(bank.BlueprintCode)!;
        var yaml = await File.ReadAllTextAsync(Path.Combine(rules.Root, "blueprints", bank.BlueprintCode + ".yaml"), ct);
        var result = await importer.ImportAsync(bank, blueprint, yaml, ct);
        LogImported(logger, bank.Code, bank.Hash, bank.Items.Count, bank.Images.Count, result.BankVersionId);
        return result;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Sample bank {BankDir} not imported; {ErrorCount} problem(s):{Errors}")]
    private static partial void LogSampleInvalid(ILogger logger, string bankDir, int errorCount, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported bank {BankCode} sha256 {BankHash}: {ItemCount} items, {ImageCount} images (version {BankVersionId})")]
    private static partial void LogImported(ILogger logger, string bankCode, string bankHash, int itemCount, int imageCount, int bankVersionId);

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
