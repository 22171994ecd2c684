using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
namespace AsnCat.Benchmarks;

/// <summary>
/// The centre on PostgreSQL (as in production): a fresh database for the preparation, and each
/// run on a copy of it (<c>CREATE DATABASE ... TEMPLATE</c>), dropped after the run; the prepared
/// one is dropped by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class PostgresCentre(string server) : ICentreStore, IAsyncDisposable
{
    private readonly string _name = "asncat_bench_intake_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public async Task CreateAsync()
    {
        await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        await AdminAsync($"CREATE DATABASE {_name}");
    }

    public IReadOnlyDictionary<string, string?> Settings(string? copy) => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:AsnCat"] = new NpgsqlConnectionStringBuilder(server) { Database = copy ?? _name }.ConnectionString,
    };

    public async Task<string> CopyAsync(int run)
    {
        // a template must have no connections: the servers that prepared it are stopped, their pools emptied here
        NpgsqlConnection.ClearAllPools();
        var copy = _name + "_run" + run.ToString(CultureInfo.InvariantCulture);
        await AdminAsync($"DROP DATABASE IF EXISTS {copy} WITH (FORCE)");
        await AdminAsync($"CREATE DATABASE {copy} TEMPLATE {_name}");
        return copy;
    }

    public async Task DropAsync(string copy)
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {copy} WITH (FORCE)");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private async Task AdminAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The centre on a SQLite file in <paramref name="dir"/> (the small test's): each run on a copy of the file.</summary>
public sealed class SqliteCentre(string dir) : ICentreStore
{
    private string File(string name) => Path.Combine(dir, name + ".db");

    public IReadOnlyDictionary<string, string?> Settings(string? copy) => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:AsnCat"] = $"Data Source={File(copy ?? "pusat")};Pooling=False",
    };

    public Task<string> CopyAsync(int run)
    {
        SqliteConnection.ClearAllPools();
        var copy = "pusat-run" + run.ToString(CultureInfo.InvariantCulture);
        System.IO.File.Copy(File("pusat"), File(copy), overwrite: true);
        return Task.FromResult(copy);
    }

    public Task DropAsync(string copy)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            System.IO.File.Delete(File(copy) + suffix);
        }
        return Task.CompletedTask;
    }
}
