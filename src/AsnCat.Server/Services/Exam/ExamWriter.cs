using System.Text.Json;
using System.Threading.Channels;
using AsnCat.ExamClient.Contracts;
using AsnCat.Server.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Services.Exam;

/// <summary>
/// The one writer of attempt state (answers, doubtful marks, logins, clocks, results).
/// Commands queue here and run one after another on one SQLite connection; every command that
/// arrived while the previous commit was on disk shares the next transaction (group commit),
/// so a thousand terminals cost a handful of fsyncs per second, not one per click. A command's
/// reply is released only after its transaction committed; if the commit fails, every reply of
/// the batch becomes a refusal and the in-memory state is dropped and reloaded from disk, so
/// nothing is ever acknowledged that was not stored. Being the only writer also makes every
/// check-then-act (deadline, finish exactly once, sequence numbers) free of races.
/// </summary>
public sealed partial class ExamWriter(IDbContextFactory<AsnCatDb> dbFactory, ExamMaterials materials, TimeProvider time, ILogger<ExamWriter> logger) : BackgroundService
{
    private const int MaxBatch = 1024;
    private readonly Channel<IWriterCommand> _queue = Channel.CreateUnbounded<IWriterCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<int, AttemptRuntime> _attempts = [];
    private readonly Dictionary<int, SessionRuntime> _sessions = [];
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteConnection? _connection;

    /// <summary>Completes once the database is open and downtime has been credited.</summary>
    public Task Ready => _ready.Task;

    public long Commits { get; private set; }

    public long CommandsRun { get; private set; }

    /// <summary>
    /// Raised after each successful commit with the sessions the batch touched, on the writer's
    /// loop: handlers must only take note (the seat monitor marks the sessions to refresh).
    /// </summary>
    public event Action<IReadOnlyCollection<int>>? Committed;

    /// <summary>Runs <paramref name="work"/> in the writer; its result is returned after the commit, or <paramref name="onStorageFailure"/> if the commit failed.</summary>
    public Task<T> RunAsync<T>(Func<WriterBatch, Task<T>> work, Func<T> onStorageFailure)
    {
        var command = new WriterCommand<T>(work, onStorageFailure);
        if (!_queue.Writer.TryWrite(command))
        {
            return Task.FromResult(onStorageFailure());
        }
        return command.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await OpenAsync(stoppingToken);
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
        var batch = new List<IWriterCommand>(MaxBatch);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var command))
                {
                    batch.Add(command);
                }
                try
                {
                    await RunBatchAsync(batch);
                }
                catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
                {
                    // the database could not even begin (read-only, disk gone): refuse the batch, keep serving
                    LogCommitFailed(logger, batch.Count, e);
                    _attempts.Clear();
                    _sessions.Clear();
                    foreach (var command in batch)
                    {
                        command.Fail();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: refuse whatever is still queued (nothing of it was acknowledged)
        }
        _queue.Writer.TryComplete();
        while (reader.TryRead(out var left))
        {
            left.Fail();
        }
    }

    public override void Dispose()
    {
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }
        _connection?.Dispose();
        base.Dispose();
    }

    private async Task OpenAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            _connection = new SqliteConnection(db.Database.GetConnectionString());
        }
        await _connection.OpenAsync(ct);
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        CreditDowntime();
    }

    private async Task RunBatchAsync(List<IWriterCommand> batch)
    {
        var now = time.GetUtcNow();
        using var tx = _connection!.BeginTransaction();
        var scope = new WriterBatch(this, tx, now);
        foreach (var command in batch)
        {
            scope.BeginCommand();
            try
            {
                await command.ExecuteAsync(scope);
                scope.EndCommand(ok: true);
            }
            catch (Exception e)
            {
                // this command alone is undone; the rest of the batch goes on
                scope.EndCommand(ok: false);
                command.Fail();
                LogCommandFailed(logger, e);
            }
        }
        try
        {
            tx.Commit();
            Commits++;
            CommandsRun += batch.Count;
        }
        catch (SqliteException e)
        {
            LogCommitFailed(logger, batch.Count, e);
            _attempts.Clear();
            _sessions.Clear();
            foreach (var command in batch)
            {
                command.Fail();
            }
            return;
        }
        foreach (var command in batch)
        {
            command.Complete();
        }
        if (scope.SessionsSeen.Count > 0)
        {
            Committed?.Invoke(scope.SessionsSeen);
        }
        foreach (var after in scope.AfterCommit)
        {
            try
            {
                await after();
            }
            catch (Exception e)
            {
                LogNotifyFailed(logger, e);
            }
        }
    }

    internal SqliteCommand Command(string sql, SqliteTransaction tx)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = tx;
        command.Parameters.Clear();
        return command;
    }

    internal Dictionary<int, AttemptRuntime> Attempts => _attempts;

    internal Dictionary<int, SessionRuntime> Sessions => _sessions;

    internal ExamMaterials Materials => materials;

    internal ILogger Logger => logger;

    // After a crash or stop, the time since the last heartbeat is not charged to anyone who was
    // still running then: their deadlines move by the measured downtime.
    private void CreditDowntime()
    {
        var now = time.GetUtcNow();
        using var tx = _connection!.BeginTransaction();
        var scope = new WriterBatch(this, tx, now);
        var last = scope.Scalar<long?>("SELECT At FROM ServerHeartbeats WHERE Id = 1");
        if (last is { } ticks && now.UtcTicks > ticks)
        {
            var lastBeat = new DateTimeOffset(ticks, TimeSpan.Zero);
            var down = now - lastBeat;
            var credited = scope.Execute(
                """
                UPDATE Attempts SET Deadline = Deadline + $down
                WHERE State = 'Running' AND Deadline > $last
                  AND ExamSessionId IN (SELECT Id FROM ExamSessions WHERE State = 'Running')
                """,
                ("$down", down.Ticks), ("$last", ticks));
            if (credited > 0)
            {
                scope.Audit("server", null, "server.downtime_credited", null,
                    JsonSerializer.Serialize(new { lastHeartbeat = lastBeat, restartedAt = now, downtimeSeconds = Math.Round(down.TotalSeconds, 1), attempts = credited }));
                LogDowntime(logger, down.TotalSeconds, credited, lastBeat);
            }
        }
        Heartbeat(scope);
        tx.Commit();
    }

    internal static void Heartbeat(WriterBatch scope) =>
        scope.Execute("INSERT INTO ServerHeartbeats (Id, At) VALUES (1, $at) ON CONFLICT(Id) DO UPDATE SET At = excluded.At", ("$at", scope.Now.UtcTicks));

    [LoggerMessage(Level = LogLevel.Error, Message = "Exam writer command failed; it was undone")]
    private static partial void LogCommandFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Commit of {Count} exam commands failed; all refused, nothing acknowledged")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to terminals failed")]
    private static partial void LogNotifyFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server was down {Seconds:F1} s since heartbeat {LastBeat}: credited to {Attempts} running attempts")]
    private static partial void LogDowntime(ILogger logger, double seconds, int attempts, DateTimeOffset lastBeat);

    private interface IWriterCommand
    {
        Task ExecuteAsync(WriterBatch batch);

        void Complete();

        void Fail();
    }

    private sealed class WriterCommand<T>(Func<WriterBatch, Task<T>> work, Func<T> onStorageFailure) : IWriterCommand
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ExecuteAsync(WriterBatch batch) => _result = await work(batch);

        public void Complete() => Completion.TrySetResult(_result!);

        public void Fail() => Completion.TrySetResult(onStorageFailure());
    }
}
