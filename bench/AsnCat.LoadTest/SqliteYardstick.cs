using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AsnCat.LoadTest;

/// <summary>
/// The storage yardstick: raw SQLite, no server, on the same disk as the run's database and with
/// the exam writer's settings (WAL, synchronous=FULL): rows shaped like <c>AnswerEvents</c>
/// inserted through one prepared statement, <paramref name="batch"/> rows per transaction, for
/// <paramref name="duration"/>. Our answers/s divided by this is what the rest of the server
/// (SignalR, rules, the Answers upsert, the reply) leaves of the disk's batched-insert rate.
/// </summary>
public static class SqliteYardstick
{
    public static (double RowsPerSecond, double CommitsPerSecond) Run(string folder, int batch, TimeSpan duration)
    {
        var path = Path.Combine(folder, "yardstick.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute(connection, "CREATE TABLE Events (Id INTEGER PRIMARY KEY, AttemptId INTEGER NOT NULL, Position INTEGER NOT NULL, Kind TEXT NOT NULL, Option INTEGER NULL, Seq INTEGER NOT NULL, At INTEGER NOT NULL)");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Events (AttemptId, Position, Kind, Option, Seq, At) VALUES ($a, $p, 'answer', $o, $s, $t)";
            var a = insert.Parameters.Add("$a", SqliteType.Integer);
            var p = insert.Parameters.Add("$p", SqliteType.Integer);
            var o = insert.Parameters.Add("$o", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var random = new Random(1);
            long rows = 0;
            long commits = 0;
            var started = Stopwatch.GetTimestamp();
            var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                using var tx = connection.BeginTransaction();
                insert.Transaction = tx;
                for (var i = 0; i < batch; i++)
                {
                    a.Value = random.Next(1, 10_000);
                    p.Value = random.Next(110);
                    o.Value = random.Next(5);
                    s.Value = rows;
                    t.Value = DateTime.UtcNow.Ticks;
                    insert.ExecuteNonQuery();
                    rows++;
                }
                tx.Commit();
                commits++;
            }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            SqliteConnection.ClearAllPools();
            return (rows / seconds, commits / seconds);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
