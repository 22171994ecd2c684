using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
namespace AsnCat.Server.Data;

/// <summary>
/// What differs between the two engines under the raw SQL of the exam writer and the audit chain
/// (the SQL text itself is shared: unquoted names, <c>@name</c> parameters, RETURNING, ON CONFLICT):
/// how a connection is made, how a transaction begins, and which errors mean the storage refused.
/// </summary>
internal static class SqlEngine
{
    /// <summary>A new connection of the same engine as <paramref name="like"/>.</summary>
    public static DbConnection NewConnection(DbConnection like, string connectionString) => like switch
    {
        SqliteConnection => new SqliteConnection(connectionString),
        NpgsqlConnection => new NpgsqlConnection(connectionString),
        _ => throw new NotSupportedException(like.GetType().Name),
    };

    /// <summary>
    /// A transaction that writes. SQLite: <c>BEGIN IMMEDIATE</c>, the database's one write lock
    /// taken before the first read. PostgreSQL: read committed; what must be serialized takes its
    /// own lock (<see cref="LockTableAsync"/>).
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    /// <summary>
    /// A transaction that only reads, all its statements seeing one state of the database.
    /// SQLite: <c>BEGIN DEFERRED</c> (a WAL read snapshot); PostgreSQL: repeatable read.
    /// </summary>
    public static async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    /// <summary>
    /// PostgreSQL: locks <paramref name="table"/> against every other writer until the transaction
    /// ends, after waiting for the transactions that already wrote to it (SHARE ROW EXCLUSIVE
    /// conflicts with the lock INSERT, UPDATE and DELETE take, and with itself). SQLite: nothing to
    /// do, <see cref="BeginWriteAsync"/> already holds the one write lock.
    /// </summary>
    public static async Task LockTableAsync(DbConnection connection, DbTransaction tx, string table, CancellationToken ct)
    {
        if (connection is SqliteConnection)
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The engine's code when <paramref name="e"/> means the storage itself refused (nothing can be
    /// written until an operator acts), null for any other error. SQLite: read-only, I/O error,
    /// disk full, cannot open (primary result codes 8, 10, 13, 14; extended codes carry them in the
    /// low byte). PostgreSQL: disk full (53100), out of memory or connections (53xxx), a read-only
    /// transaction or standby (25006), an I/O error (58030), the server shutting down or not
    /// accepting connections (57P01-57P03), a broken connection (class 08), or no answer at all.
    /// </summary>
    public static string? StorageRefusal(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: var code } when (code & 0xFF) is SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen =>
            "SQLite " + code.ToString(CultureInfo.InvariantCulture),
        PostgresException { SqlState: var state } when state.StartsWith("53", StringComparison.Ordinal) || IsUnreachableState(state)
            || state is "25006" or "58030" =>
            "PostgreSQL " + state,
        PostgresException => null,
        NpgsqlException => "PostgreSQL (koneksi)",
        _ => null,
    };

    /// <summary>
    /// A PostgreSQL state saying the server cannot be reached or is not serving: a broken
    /// connection (class 08), or the server shutting down, crashed or starting (57P01-57P03).
    /// </summary>
    public static bool IsUnreachableState(string? state) =>
        state is not null && (state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03");

    /// <summary>The engine's code of any database error, for the log.</summary>
    public static string Code(Exception e) => e switch
    {
        SqliteException s => "SQLite " + s.SqliteErrorCode.ToString(CultureInfo.InvariantCulture),
        PostgresException p => "PostgreSQL " + p.SqlState,
        NpgsqlException => "PostgreSQL (koneksi)",
        _ => e.GetType().Name,
    };

    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
}
