using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
namespace AsnCat.Server.Tests.Data;

/// <summary>
/// The engine this test run uses: SQLite unless <c>ASNCAT_TEST_DATABASE=postgres</c> (test.sh's
/// second pass), then the PostgreSQL server named by <c>ASNCAT_TEST_POSTGRES</c>.
/// </summary>
internal static class TestEngine
{
    public static DatabaseProvider Provider { get; } = Environment.GetEnvironmentVariable("ASNCAT_TEST_DATABASE")?.ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" => DatabaseProvider.Postgres,
        var other => throw new InvalidOperationException($"ASNCAT_TEST_DATABASE={other} tidak dikenal: isi sqlite atau postgres"),
    };
}

/// <summary>
/// A fresh database of its own (a unique name) on the test PostgreSQL server, dropped when
/// disposed. Each is a copy of one template the test process migrated once with the PostgreSQL
/// migrations (copying is much faster than migrating each). An unreachable server fails the test
/// with what to run; it never skips.
/// </summary>
internal sealed class PostgresTestDatabase : IDisposable
{
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    /// <summary>The server, from <c>ASNCAT_TEST_POSTGRES</c> (scripts/services.sh env prints it).</summary>
    public static string Server { get; } = Environment.GetEnvironmentVariable("ASNCAT_TEST_POSTGRES") is { Length: > 0 } configured
        ? configured
        : "Host=127.0.0.1;Port=55432;Username=asncat";

    public string Name { get; }

    public string ConnectionString { get; }

    public static PostgresTestDatabase Create()
    {
        var name = "asncat_t_" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE {name} TEMPLATE {Template.Value}");
        return new PostgresTestDatabase(name);
    }

    public static PostgresAsnCatDb Open(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresAsnCatDb>().UseNpgsql(connectionString).Options);

    // FORCE: whatever a test left connected (a pooled connection of the server under test) is cut
    public void Dispose() => Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private static string CreateTemplate()
    {
        var name = "asncat_tpl_" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE {name}");
        // no pooling: a template may be copied only while no one is connected to it
        using (var db = Open(new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = false }.ConnectionString))
        {
            db.Database.Migrate();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        return name;
    }

    private static void Admin(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Server PostgreSQL untuk uji tidak terjangkau di {admin.Host}:{admin.Port} ({e.Message}). " +
                "Jalankan scripts/services.sh start postgres lalu eval \"$(scripts/services.sh env)\", atau arahkan ASNCAT_TEST_POSTGRES ke server lain.", e);
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
