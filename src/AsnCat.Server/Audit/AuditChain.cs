using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using AsnCat.Server.Data;
using AsnCat.Tool.Ledger;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Audit;

/// <summary>The chain as it stands: how many entries are sealed, the newest link, and how many wait.</summary>
public sealed record AuditChainStatus(long SealedCount, string? Head, long UnsealedCount);

/// <summary>
/// A verification of the whole chain. <see cref="Entries"/>, <see cref="HeadId"/> and
/// <see cref="Head"/> describe the sealed chain as found; keep them: a later check whose chain is
/// shorter or ends in another head reveals entries deleted from the end, which no recomputation can.
/// When <see cref="Ok"/> is false, <see cref="BrokenId"/> is the first entry whose link does not
/// match and <see cref="Problem"/> says why.
/// </summary>
public sealed record AuditChainVerification(bool Ok, long Entries, long? HeadId, string? Head, long? BrokenId, string? Problem);

/// <summary>
/// The tamper-evident audit log. Entries are written unsealed (<c>Hash</c> null) by whoever
/// records them (the exam writer's raw SQL, EF elsewhere); <see cref="SealAsync"/> later chains
/// them in Id order, which is commit order: SQLite serializes writers and the Id is AUTOINCREMENT;
/// on PostgreSQL, where an identity value is taken at insert but may commit after a later one,
/// the sealer first locks the table, which waits for every transaction that inserted an entry to
/// end and holds new inserts until the seal commits. Sealed entries are guarded by the triggers of the <c>AuditChainTriggers</c>
/// migration; <see cref="VerifyAsync"/> recomputes every link.
/// <para>
/// A link is <c>Hash(n) = lowercase hex SHA-256 of the UTF-8 bytes of</c>
/// <c>ns(Hash(n-1)) ns(Id) ns(At) ns(Actor) ns(Address) ns(Action) ns(Subject) ns(Details)</c>,
/// where <c>Hash(0)</c> is 64 zeros, <c>Id</c> and <c>At</c> (UTC ticks, the stored integer) are
/// written in decimal, <c>ns(x)</c> is the netstring <c>len ":" x ","</c> with <c>len</c> the
/// decimal count of x's UTF-8 bytes, and a null field is the two characters <c>-,</c>.
/// Example: <c>ns("abc") = "3:abc,"</c>, <c>ns("") = "0:,"</c>. See docs/audit-chain.md.
/// </para>
/// </summary>
public sealed partial class AuditChain(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, ILogger<AuditChain> logger)
{
    /// <summary>The link before the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Entries sealed per transaction, so a long backlog does not hold the write lock for long.</summary>
    public const int BatchSize = 500;

    private const string Columns = "Id, At, Actor, Address, Action, Subject, Details";

    /// <summary>
    /// Seals every unsealed entry newer than the chain's head, in batches, each in its own
    /// transaction that holds the write lock before it reads the head (SQLite <c>BEGIN IMMEDIATE</c>,
    /// PostgreSQL a SHARE ROW EXCLUSIVE lock on the table). Safe to run twice at once: the second
    /// waits for the lock, then continues from the head the first left (or finds nothing).
    /// </summary>
    /// <returns>How many entries this call sealed.</returns>
    public async Task<int> SealAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var total = 0;
        while (true)
        {
            var sealedNow = await SealBatchAsync(connection, ct);
            total += sealedNow;
            if (sealedNow < BatchSize)
            {
                break;
            }
        }
        if (total > 0)
        {
            LogSealed(logger, total);
        }
        return total;
    }

    private async Task<int> SealBatchAsync(DbConnection connection, CancellationToken ct)
    {
        // the write lock is taken before the head is read, so two sealers never chain from the same head
        await using var tx = await SqlEngine.BeginWriteAsync(connection, ct);
        await SqlEngine.LockTableAsync(connection, tx, "AuditEntries", ct);
        var (headId, head) = await HeadAsync(connection, tx, ct);
        var stranded = await ScalarAsync(connection, tx, "SELECT COUNT(*) FROM AuditEntries WHERE Hash IS NULL AND Id < @head", ct, ("@head", headId));
        if (stranded > 0)
        {
            // cannot happen while Ids follow commit order; if it does, these stay unsealed and show in the status
            LogStranded(logger, stranded, headId);
        }
        var pending = new List<Row>();
        await using (var select = Command(connection, tx, $"SELECT {Columns} FROM AuditEntries WHERE Hash IS NULL AND Id > @head ORDER BY Id LIMIT @batch", ("@head", headId), ("@batch", BatchSize)))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                pending.Add(Read(reader));
            }
        }
        var previous = head;
        foreach (var row in pending)
        {
            var hash = Link(previous, row.Id, row.At, row.Actor, row.Address, row.Action, row.Subject, row.Details);
            await using var update = Command(connection, tx, "UPDATE AuditEntries SET Hash = @hash WHERE Id = @id AND Hash IS NULL", ("@hash", hash), ("@id", row.Id));
            if (await update.ExecuteNonQueryAsync(ct) != 1)
            {
                // sealed by someone else after all: leave it to them
                await tx.RollbackAsync(ct);
                return 0;
            }
            previous = hash;
        }
        await tx.CommitAsync(ct);
        return pending.Count;
    }

    /// <summary>
    /// Recomputes every sealed link in Id order, in one read transaction, and stops at the first that
    /// does not match: an entry changed after sealing, or entries deleted before it (its link covers
    /// the link of the entry before it). Entries deleted from the end leave a valid but shorter chain:
    /// compare <see cref="AuditChainVerification.Entries"/> and <see cref="AuditChainVerification.Head"/>
    /// with an earlier result to see that.
    /// </summary>
    public async Task<AuditChainVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using var tx = await SqlEngine.BeginReadAsync(connection, ct);
        await using var select = Command(connection, tx, $"SELECT {Columns}, Hash FROM AuditEntries WHERE Hash IS NOT NULL ORDER BY Id");
        await using var reader = await select.ExecuteReaderAsync(ct);
        var previous = Genesis;
        long previousId = 0;
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            var row = Read(reader);
            var stored = reader.GetString(7);
            var expected = Link(previous, row.Id, row.At, row.Actor, row.Address, row.Action, row.Subject, row.Details);
            if (!string.Equals(stored, expected, StringComparison.Ordinal))
            {
                var problem = row.Id == previousId + 1
                    ? $"Entri {row.Id} atau tautannya diubah setelah disegel."
                    : $"Entri {row.Id} diubah, atau entri di antara {previousId} dan {row.Id} dihapus.";
                return new AuditChainVerification(false, count, count == 0 ? null : previousId, count == 0 ? null : previous, row.Id, problem);
            }
            previous = stored;
            previousId = row.Id;
            count++;
        }
        return count == 0
            ? new AuditChainVerification(true, 0, null, null, null, null)
            : new AuditChainVerification(true, count, previousId, previous, null, null);
    }

    /// <summary>
    /// Verifies, logs the result and records it as an audit entry by <paramref name="actor"/>:
    /// <c>audit.integrity_checked</c> with <c>{ok, entries, headId, head}</c>, or
    /// <c>audit.integrity_failed</c> (subject <c>audit:&lt;id&gt;</c>) with the first broken id and why.
    /// The recorded head and count are what a later check compares with to notice entries deleted
    /// from the end; the record is itself sealed by the next seal.
    /// </summary>
    public async Task<AuditChainVerification> CheckAsync(string actor, string? address, CancellationToken ct = default)
    {
        var result = await VerifyAsync(ct);
        if (result.Ok)
        {
            LogChecked(logger, result.Entries, result.HeadId, result.Head);
            await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.Audit.IntegrityChecked,
                details: new { ok = true, entries = result.Entries, headId = result.HeadId, head = result.Head }, ct: ct);
        }
        else
        {
            LogBroken(logger, result.BrokenId, result.Problem, result.Entries, result.HeadId, result.Head);
            await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.Audit.IntegrityFailed, subject: $"audit:{result.BrokenId}",
                details: new { ok = false, brokenId = result.BrokenId, problem = result.Problem, entries = result.Entries, headId = result.HeadId, head = result.Head }, ct: ct);
        }
        return result;
    }

    /// <summary>Counts of sealed and unsealed entries, and the newest link.</summary>
    public async Task<AuditChainStatus> StatusAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using var tx = await SqlEngine.BeginReadAsync(connection, ct);
        var sealedCount = await ScalarAsync(connection, tx, "SELECT COUNT(*) FROM AuditEntries WHERE Hash IS NOT NULL", ct);
        var unsealed = await ScalarAsync(connection, tx, "SELECT COUNT(*) FROM AuditEntries WHERE Hash IS NULL", ct);
        var (headId, head) = await HeadAsync(connection, tx, ct);
        return new AuditChainStatus(sealedCount, headId == 0 ? null : head, unsealed);
    }

    /// <summary>The link of one entry, given the link before it (<see cref="Genesis"/> for the first).</summary>
    public static string Link(string previous, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Link(previous, entry.Id, entry.At.UtcTicks, entry.Actor, entry.Address, entry.Action, entry.Subject, entry.Details);
    }

    /// <summary>The link over the canonical text described on <see cref="AuditChain"/>.</summary>
    public static string Link(string previous, long id, long atUtcTicks, string actor, string? address, string action, string? subject, string? details)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return Convert.ToHexStringLower(SHA256.HashData(Netstring.Encode(
            [previous, id.ToString(CultureInfo.InvariantCulture), atUtcTicks.ToString(CultureInfo.InvariantCulture), actor, address, action, subject, details])));
    }

    private sealed record Row(long Id, long At, string Actor, string? Address, string Action, string? Subject, string? Details);

    private static Row Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
        r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6));

    private static async Task<(long Id, string Hash)> HeadAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var command = Command(connection, tx, "SELECT Id, Hash FROM AuditEntries WHERE Hash IS NOT NULL ORDER BY Id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, Genesis);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var command = Command(connection, tx, sql, args);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params (string Name, object Value)[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries")]
    private static partial void LogSealed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} unsealed audit entries are older than the chain head {HeadId} and cannot be chained")]
    private static partial void LogStranded(ILogger logger, long count, long headId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain intact: {Entries} sealed entries, head {HeadId} {Head}")]
    private static partial void LogChecked(ILogger logger, long entries, long? headId, string? head);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain broken at entry {BrokenId}: {Problem} ({Entries} entries verified before it, the last good {HeadId} {Head})")]
    private static partial void LogBroken(ILogger logger, long? brokenId, string? problem, long entries, long? headId, string? head);
}
