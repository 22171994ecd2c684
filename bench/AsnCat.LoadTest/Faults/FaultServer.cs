using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Exam;
using Microsoft.Data.Sqlite;
namespace AsnCat.LoadTest.Faults;

/// <summary>
/// The real server of one fault (<see cref="LoadServer"/>) with its database in <c>dataDir</c>
/// (where a fault can reach it) and its key and logs in <c>runDir</c> (where none does), and the
/// readings a fault's checks take from its files.
/// </summary>
public sealed class FaultServer(string serverDll, string dataDir, string runDir, string name)
    : LoadServer(serverDll, dataDir, runDir, name, new Dictionary<string, string> { ["Logging__File"] = Path.Combine(runDir, $"{name}-server-.json") })
{
    /// <summary>
    /// Critical lines (Serilog's console shows them as FTL) of every server log of this run that
    /// say nothing was acknowledged, and the first of them.
    /// </summary>
    public (int Count, string? First) CriticalLines()
    {
        var lines = Logs.Where(File.Exists).SelectMany(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n').Where(l => l.Contains(" FTL]", StringComparison.Ordinal) && l.Contains("nothing acknowledged", StringComparison.Ordinal)).ToList();
        }).ToList();
        return (lines.Count, lines.FirstOrDefault());
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 10 }.ToString());
        connection.Open();
        return connection;
    }

    public T Scalar<T>(string sql, params (string Name, object Value)[] args)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in args)
        {
            command.Parameters.AddWithValue(n, v);
        }
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Deadline (UTC ticks) of every attempt of the session that has one.</summary>
    public Dictionary<int, long> Deadlines(int sessionId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Deadline FROM Attempts WHERE ExamSessionId = $s AND Deadline IS NOT NULL";
        command.Parameters.AddWithValue("$s", sessionId);
        using var reader = command.ExecuteReader();
        var map = new Dictionary<int, long>();
        while (reader.Read())
        {
            map[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        return map;
    }

    /// <summary>Details (JSON) of the audit entries with this action.</summary>
    public List<string> Audits(string action)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(Details, '') FROM AuditEntries WHERE Action = $a ORDER BY Id";
        command.Parameters.AddWithValue("$a", action);
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    public string IntegrityCheck() => Scalar<string>("PRAGMA integrity_check");

    /// <summary>Seconds since <paramref name="from"/> (a Stopwatch timestamp).</summary>
    public static double Since(long from) => Stopwatch.GetElapsedTime(from).TotalSeconds;
}
