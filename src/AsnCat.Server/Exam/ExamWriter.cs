using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
namespace AsnCat.Server.Exam;

/// <summary>
/// The one writer of attempt state (answers, doubtful marks, logins, clocks, results).
/// Commands queue here and run one after another on one connection (SQLite or PostgreSQL); every
/// command that arrived while the previous commit was on disk shares the next transaction (group commit),
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
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DbConnection? _connection;
    private bool _reconnect;
    private readonly TimeCredits _credits = new(time);
    private readonly AnswerRows _answerRows = new();

    /// <summary>Completes once the database is open and downtime has been credited.</summary>
    public Task Ready => _ready.Task;

    public long Commits { get; private set; }

    public long CommandsRun { get; private set; }

    /// <summary>
    /// Raised after each successful commit with what the batch touched, on the writer's loop:
    /// handlers must only take note (the seat monitor marks the sessions to refresh, the live
    /// boards copy the sheets of the attempts they score).
    /// </summary>
    public event Action<CommitNote>? Committed;

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

    /// <summary>
    /// For a process that runs no exams (role <c>pusat</c>): the writer is never started, so every
    /// command is refused at once (its storage-failure answer) instead of waiting for a loop that never runs.
    /// </summary>
    public void Decline() => _queue.Writer.TryComplete();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IWriterCommand>(MaxBatch);
        var reader = _queue.Reader;
        try
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
                catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
                {
                    // the database could not even begin (read-only, disk gone): refuse the batch, keep serving
                    RefuseAll(batch, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: refuse whatever is still queued (nothing of it was acknowledged)
        }
        finally
        {
            // however the loop ended (shutdown, a database that never opened, a fault no one
            // foresaw), no caller is left waiting: later calls are refused at once by RunAsync,
            // and whatever was queued or in hand is refused here (a completed command stays as it was)
            _queue.Writer.TryComplete();
            foreach (var held in batch)
            {
                held.Fail();
            }
            while (reader.TryRead(out var left))
            {
                left.Fail();
            }
        }
    }

    public override void Dispose()
    {
        _answerRows.Dispose();
        ForgetCommands();
        _connection?.Dispose();
        base.Dispose();
    }

    private async Task OpenAsync(CancellationToken ct)
    {
        await ConnectAsync(ct);
        CreditDowntime();
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            _connection = Connection(db.Database.GetDbConnection(), db.Database.GetConnectionString()!);
        }
        await _connection.OpenAsync(ct);
        if (_connection is SqliteConnection)
        {
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The writer's <c>application_name</c> on PostgreSQL (how it shows in <c>pg_stat_activity</c>).</summary>
    public const string PostgresApplicationName = "asncat-writer";

    // The writer's own connection, outside the pool. Not Npgsql's automatic preparation: with the
    // writer's cached commands, whose parameters are replaced on every run, it bound the values of
    // a statement's first run again (audit entries repeated the first one's action and subject).
    private static DbConnection Connection(DbConnection like, string connectionString)
    {
        if (like is NpgsqlConnection)
        {
            connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = PostgresApplicationName }.ConnectionString;
        }
        return SqlEngine.NewConnection(like, connectionString);
    }

    // A SQLite connection stays open whatever its file does. A PostgreSQL connection that broke
    // (server restarted, network cut) or whose server refused to store (a read-only standby after
    // a failover, a full disk) is opened anew before the next batch, so the batch reaches whatever
    // server now serves the address; a failure to open refuses that batch like any storage fault.
    private async Task ReconnectIfBrokenAsync()
    {
        if (_connection!.State == ConnectionState.Open && !_reconnect)
        {
            return;
        }
        _reconnect = false;
        ForgetCommands();
        await _connection.DisposeAsync();
        await ConnectAsync(CancellationToken.None);
    }

    private void ForgetCommands()
    {
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }
        _commands.Clear();
    }

    private async Task RunBatchAsync(List<IWriterCommand> batch)
    {
        await ReconnectIfBrokenAsync();
        var now = time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        // SQLite: BEGIN IMMEDIATE (the write lock from the start); PostgreSQL: read committed
        using var tx = _connection!.BeginTransaction();
        var scope = new WriterBatch(this, tx, now);
        AbsorbClockJump(scope, timestamp);
        var credited = CreditStorageOutage(scope, timestamp);
        var storageFailed = false;
        foreach (var command in batch)
        {
            if (scope.Broken is not null)
            {
                break;   // rows of commands already done could not be written: the batch is refused below
            }
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
                if (SqlEngine.StorageRefusal(e) is { } code)
                {
                    storageFailed = true;
                    _reconnect = _connection is NpgsqlConnection;
                    LogStorageRefused(logger, code, e);
                }
                else
                {
                    LogCommandFailed(logger, e);
                }
            }
        }
        if (scope.Broken is { } broken)
        {
            RefuseAll(batch, broken);
            return;
        }
        try
        {
            scope.FlushAnswers();
            var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            tx.Commit();
            WriterMetrics.Committed(batch.Count, System.Diagnostics.Stopwatch.GetElapsedTime(commitStarted));
            Commits++;
            CommandsRun += batch.Count;
            _credits.Committed(now, timestamp, storageFailed, credited);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            RefuseAll(batch, e);
            return;
        }
        foreach (var command in batch)
        {
            command.Complete();
        }
        var seen = scope.AttemptsSeen.Select(id => _attempts.GetValueOrDefault(id)).OfType<AttemptRuntime>().ToList();
        if (scope.SessionsSeen.Count > 0)
        {
            Committed?.Invoke(new CommitNote(scope.SessionsSeen, seen));
        }
        // a finished attempt changes no more: reloaded from the database if ever asked again, so
        // the writer's memory holds the running attempts only (a soak showed it growing per candidate)
        foreach (var attempt in seen.Where(a => a.State == AttemptState.Finished))
        {
            _attempts.Remove(attempt.Id);
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

    /// <summary>A batch that could not begin or commit: nothing of it is stored, every command is refused, the cached copies are reloaded.</summary>
    private void RefuseAll(List<IWriterCommand> batch, Exception e)
    {
        _credits.StorageRefused();
        WriterMetrics.BatchRefused();
        _reconnect = _connection is NpgsqlConnection;
        var code = SqlEngine.Code(e);
        LogCommitFailed(logger, batch.Count, code, e);
        _attempts.Clear();
        _sessions.Clear();
        foreach (var command in batch)
        {
            command.Fail();
        }
    }

    internal DbCommand Command(string sql, DbTransaction tx)
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

    internal bool OnPostgres => _connection is NpgsqlConnection;

    /// <summary>The answer rows of the batch being run (one holder, reused by every batch).</summary>
    internal AnswerRows AnswerRows => _answerRows;

    /// <summary>Prepared statements the writer keeps (one per distinct SQL text; must not grow with batch size or load).</summary>
    internal int CachedCommands => _commands.Count;

    internal Dictionary<int, SessionRuntime> Sessions => _sessions;

    internal ExamMaterials Materials => materials;

    internal ILogger Logger => logger;

    [LoggerMessage(Level = LogLevel.Error, Message = "Exam writer command failed; it was undone")]
    private static partial void LogCommandFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Commit of {Count} exam commands failed ({Code}); all refused, nothing acknowledged")]
    private static partial void LogCommitFailed(ILogger logger, int count, string code, Exception e);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database refused a write ({Code}): the command was refused, nothing acknowledged")]
    private static partial void LogStorageRefused(ILogger logger, string code, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to terminals failed")]
    private static partial void LogNotifyFailed(ILogger logger, Exception e);

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

        public void Fail()
        {
            if (Completion.Task.IsCompleted)
            {
                return;
            }
            // a refusal that cannot even be built must not take the writer's loop down with it
            try
            {
                Completion.TrySetResult(onStorageFailure());
            }
            catch (Exception e)
            {
                Completion.TrySetException(e);
            }
        }
    }
}
