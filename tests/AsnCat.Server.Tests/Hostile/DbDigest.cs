using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// A SHA-256 over the schema (<c>sqlite_master</c>) and every row of every table except the audit
/// log, which hostile input is expected to grow, and the writer's liveness heartbeat, which every
/// commit touches. Equal digests: nothing stored changed.
/// </summary>
internal static class DbDigest
{
    public static async Task<string> OfAsync(AsnCatDb db, params string[] alsoIgnored)
    {
        var ignored = new HashSet<string>(["AuditEntries", "ServerHeartbeats", .. alsoIgnored], StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tables = new List<string>();
        await foreach (var row in RowsAsync(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"))
        {
            Add(hash, row);
            if (row[0] is "table" && row[1] is string name && !name.StartsWith("sqlite_", StringComparison.Ordinal) && !ignored.Contains(name))
            {
                tables.Add(name);
            }
        }
        foreach (var table in tables)
        {
            Add(hash, ["table", table]);
            await foreach (var row in RowsAsync(connection, $"SELECT * FROM \"{table}\" ORDER BY rowid"))
            {
                Add(hash, row);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>How many rows a table holds (for asserting what a refusal did not add).</summary>
    public static async Task<long> CountAsync(AsnCatDb db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    private static async IAsyncEnumerable<object?[]> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            yield return row;
        }
    }

    private static void Add(IncrementalHash hash, object?[] row)
    {
        foreach (var value in row)
        {
            var text = value switch
            {
                null => "\u0000null",
                byte[] bytes => Convert.ToHexString(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            hash.AppendData(Encoding.UTF8.GetBytes(text + "\u001f"));
        }
        hash.AppendData("\u001e"u8);
    }
}
