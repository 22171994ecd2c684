using System.Data.Common;
using System.Reflection;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The database refuses writes (here the engine's own read-only switch on the writer's connection:
/// SQLite's <c>PRAGMA query_only</c>, the layer just above a read-only file system, or PostgreSQL's
/// <c>default_transaction_read_only</c>, as on a standby; bench/faults.sh makes the real file system
/// read-only and full): answers are refused loudly, nothing is acknowledged
/// that was not stored, and once writes work again the same change is accepted without a restart.
/// </summary>
public sealed class StorageFaultTests() : KestrelHostTest()
{
    [Fact]
    public async Task A_read_only_database_refuses_answers_in_Indonesian_acknowledges_nothing_and_recovers_without_a_restart()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var attemptId = people[0].AttemptId;
        await using var c = await Host.ConnectAsync();
        Assert.True((await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(people[0].Number, people[0].Pin, "T-01"), Ct)).Ok);
        Assert.True((await KestrelHost.SaveAsync(c, 0, 1, 1)).Applied);

        await SetReadOnlyAsync(true);
        var refused = await KestrelHost.SaveAsync(c, 0, 3, 2);
        var mark = await c.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), new MarkDoubtfulRequest(5, true, 3), Ct);
        var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);

        foreach (var reply in new[] { refused, mark })
        {
            Assert.False(reply.Ok);
            Assert.False(reply.Applied);
            Assert.Equal(ExamError.StorageUnavailable, reply.Error);
            Assert.Contains("BELUM tersimpan", reply.Message, StringComparison.Ordinal);
        }
        Assert.Equal(2, refused.Seq);
        Assert.False(finish.Ok);
        Assert.Equal(ExamError.StorageUnavailable, finish.Error);
        Assert.Contains("belum diakhiri", finish.Message, StringComparison.Ordinal);
        await using (var db = Host.Db())
        {
            Assert.Equal([1L], await db.AnswerEvents.Where(e => e.AttemptId == attemptId).Select(e => e.Seq).ToListAsync(Ct));
            Assert.Equal(1, (await db.Answers.SingleAsync(a => a.AttemptId == attemptId && a.Position == 0, Ct)).Seq);
            Assert.Equal(AttemptState.Running, (await db.Attempts.SingleAsync(a => a.Id == attemptId, Ct)).State);
        }

        await SetReadOnlyAsync(false);
        var resent = await KestrelHost.SaveAsync(c, 0, 3, 2); // the terminal resends the same change with its seq
        Assert.True(resent.Ok && resent.Applied, resent.Message);
        Assert.Equal(3, resent.Current!.Slot);
        Assert.True((await KestrelHost.SaveAsync(c, 0, 3, 2)).Ok); // and a second resend is not stored twice
        await using (var db = Host.Db())
        {
            Assert.Equal([1L, 2L], await db.AnswerEvents.Where(e => e.AttemptId == attemptId).OrderBy(e => e.Id).Select(e => e.Seq).ToListAsync(Ct));
        }
    }

    [Fact]
    public async Task Time_while_nothing_could_be_stored_is_credited_once_storage_returns_without_a_restart()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var attemptId = people[0].AttemptId;
        await using var c = await Host.ConnectAsync();
        Assert.True((await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(people[0].Number, people[0].Pin, "T-01"), Ct)).Ok);
        Assert.True((await KestrelHost.SaveAsync(c, 0, 1, 1)).Applied);
        var before = await DeadlineAsync(attemptId);

        await SetReadOnlyAsync(true);
        for (var i = 0; i < 45; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));   // heartbeats and sweeps fail meanwhile
        }
        Assert.Equal(ExamError.StorageUnavailable, (await KestrelHost.SaveAsync(c, 1, 2, 2)).Error);
        Time.Advance(TimeSpan.FromSeconds(15));
        await SetReadOnlyAsync(false);
        Assert.True((await KestrelHost.SaveAsync(c, 1, 2, 2)).Applied);

        Assert.Equal(before + TimeSpan.FromMinutes(1), await DeadlineAsync(attemptId));
        await using (var db = Host.Db())
        {
            var credit = await db.AuditEntries.Where(a => a.Action == "server.storage_outage_credited").Select(a => a.Details).SingleAsync(Ct);
            Assert.Contains("\"outageSeconds\":60", credit, StringComparison.Ordinal);
        }
        // and only once: time after storage returned is charged again
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await KestrelHost.SaveAsync(c, 2, 3, 3)).Applied);
        Assert.Equal(before + TimeSpan.FromMinutes(1), await DeadlineAsync(attemptId));
    }

    private async Task<DateTimeOffset> DeadlineAsync(int attemptId)
    {
        await using var db = Host.Db();
        return (await db.Attempts.SingleAsync(a => a.Id == attemptId, Ct)).Deadline!.Value;
    }

    /// <summary>
    /// Flips the engine's read-only switch under the writer. SQLite: on the writer's own
    /// connection, done from here, not as a writer command: once it is on, the writer cannot even
    /// begin a transaction (BEGIN IMMEDIATE is refused), so no command could turn it off; the writer
    /// is idle at this point (with a fake clock no sweep or heartbeat runs unless the test advances
    /// it, and every call was answered). PostgreSQL: as a failover to a standby looks to the
    /// server, the database turns read-only for every new session and the writer's session is cut
    /// (its next batch is refused and it connects again); turned back, the writer's next connection
    /// (it reconnects after every refused write) can write again.
    /// </summary>
    private async Task SetReadOnlyAsync(bool on)
    {
        var writer = Host.Services.GetRequiredService<ExamWriter>();
        var connection = (DbConnection)typeof(ExamWriter).GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(writer)!;
        if (connection is SqliteConnection)
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = on ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF";
            await pragma.ExecuteNonQueryAsync(Ct);
            return;
        }
        await using var db = Host.Db();
        await db.Database.OpenConnectionAsync(Ct);
        var database = db.Database.GetDbConnection().Database;
        // the first statement makes this session writable whatever the database's default was when it connected
        string[] statements = on
            ?
            [
                "SET default_transaction_read_only = off",
                $"""ALTER DATABASE "{database}" SET default_transaction_read_only = on""",
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{ExamWriter.PostgresApplicationName}'",
            ]
            :
            [
                "SET default_transaction_read_only = off",
                $"""ALTER DATABASE "{database}" RESET default_transaction_read_only""",
            ];
        foreach (var sql in statements)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(Ct);
        }
    }
}
