using System.Net;
using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// Sends the <see cref="SyncOutbox"/> in its order, each row once. Consecutive boards go as one
/// <see cref="ProgressBatch"/> (its <c>Seq</c> the last row's id, so it only grows); a bundle goes
/// alone. A row is settled only by the centre's answer: a 2xx (a bundle's receipt, accepted or
/// refused), or a refusal of the row itself (4xx other than 401, 403, 408, 429), which is kept
/// with its reasons and audited, never sent again by itself. A network failure, a timeout, a 5xx
/// or a refused credential ends the round with the row still queued: nothing after it overtakes it.
/// </summary>
public sealed partial class OutboxSender(IDbContextFactory<AsnCatDb> dbFactory, CentreClient centre, TimeProvider time, ILogger<OutboxSender> logger)
{
    public const string Accepted = "diterima";

    public const string Refused = "ditolak";

    /// <summary>Rows read per step: a long outage's queue goes in several steps of one round.</summary>
    private const int Step = 50;

    // the link as the last send found it: a cut is logged once when it starts and once when it ends, not every round
    private volatile bool _down;

    /// <summary>Sends until the queue is empty or a row cannot go; returns how many rows were settled.</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var settled = 0;
        while (true)
        {
            List<SyncOutbox> rows;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                rows = await db.Set<SyncOutbox>().AsNoTracking().Where(o => o.SentAt == null).OrderBy(o => o.Id).Take(Step).ToListAsync(ct);
            }
            if (rows.Count == 0)
            {
                return settled;
            }
            var head = rows[0];
            List<SyncOutbox> batch = head.Kind == SyncOutbox.BundleKind ? [head] : rows.TakeWhile(r => r.Kind == SyncOutbox.ProgressKind).ToList();
            if (!await SendAsync(batch, ct))
            {
                return settled;
            }
            settled += batch.Count;
        }
    }

    private async Task<bool> SendAsync(List<SyncOutbox> batch, CancellationToken ct)
    {
        CentreReply reply;
        try
        {
            reply = batch[0].Kind == SyncOutbox.BundleKind
                ? await centre.BundleAsync(batch[0].SessionCode, batch[0].Payload, ct)
                : await centre.ProgressAsync(ProgressBytes(batch), ct);
        }
        catch (Exception e) when (CentreLink.IsDown(e, ct))
        {
            await FailedAsync(batch, $"pusat tidak terjangkau: {e.Message}", ct);
            return false;
        }
        if (!reply.Ok && !IsRefusalOfTheRow(reply.Status))
        {
            await FailedAsync(batch, reply.Refusal(), ct);
            return false;
        }
        if (_down)
        {
            _down = false;
            LogLinkBack(logger, batch[0].Kind, batch[0].SessionCode);
        }
        if (batch[0].Kind == SyncOutbox.BundleKind)
        {
            await SettleBundleAsync(batch[0], reply, ct);
        }
        else
        {
            await SettleProgressAsync(batch, reply, ct);
        }
        return true;
    }

    private static bool IsRefusalOfTheRow(HttpStatusCode status) =>
        (int)status is >= 400 and <= 499 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private byte[] ProgressBytes(List<SyncOutbox> batch)
    {
        var boards = batch.Select(r => JsonSerializer.Deserialize<LiveBoard>(r.Payload, JsonSerializerOptions.Web)!).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new ProgressBatch(batch[^1].Id, time.GetUtcNow(), boards), JsonSerializerOptions.Web);
    }

    private async Task SettleBundleAsync(SyncOutbox row, CentreReply reply, CancellationToken ct)
    {
        var receipt = reply.Read<BundleReceipt>();
        var refused = !reply.Ok || receipt?.Status == Refused;
        var reasons = (receipt?.Reasons ?? []).Concat(receipt?.Flags ?? []).ToList();
        if (refused && reasons.Count == 0)
        {
            reasons.Add(reply.Refusal());
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<SyncOutbox>().Where(o => o.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.SentAt, time.GetUtcNow())
            .SetProperty(o => o.Tries, o => o.Tries + 1)
            .SetProperty(o => o.ReceiptStatus, refused ? Refused : Accepted)
            .SetProperty(o => o.ReceiptReasons, reasons.Count == 0 ? null : string.Join('\n', reasons)), ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = PackageApplier.Actor,
            Action = refused ? AuditActions.VenueSync.BundleRefused : AuditActions.VenueSync.BundleAccepted,
            Subject = "session:" + row.SessionCode,
            Details = JsonSerializer.Serialize(new { sha256 = row.Sha256, ledgerHead = receipt?.LedgerHead, status = (int)reply.Status, reasons }, JsonSerializerOptions.Web),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (refused)
        {
            LogBundleRefused(logger, row.SessionCode, row.Sha256, string.Join(" | ", reasons));
        }
        else
        {
            LogBundleAccepted(logger, row.SessionCode, row.Sha256);
        }
    }

    /// <summary>Sent boards keep their row (its id is the last <c>Seq</c>) but not their bytes.</summary>
    private async Task SettleProgressAsync(List<SyncOutbox> batch, CentreReply reply, CancellationToken ct)
    {
        var ids = batch.Select(r => r.Id).ToList();
        var refusal = reply.Ok ? null : reply.Refusal();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<SyncOutbox>().Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.SentAt, time.GetUtcNow())
            .SetProperty(o => o.Tries, o => o.Tries + 1)
            .SetProperty(o => o.Payload, Array.Empty<byte>())
            .SetProperty(o => o.ReceiptStatus, refusal is null ? Accepted : Refused)
            .SetProperty(o => o.ReceiptReasons, refusal), ct);
        if (refusal is not null)
        {
            LogProgressRefused(logger, batch[^1].Id, refusal);
        }
    }

    private async Task FailedAsync(List<SyncOutbox> batch, string error, CancellationToken ct)
    {
        var ids = batch.Select(r => r.Id).ToList();
        var text = error.Length > 2000 ? error[..2000] : error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<SyncOutbox>().Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Tries, o => o.Tries + 1)
            .SetProperty(o => o.LastError, text), ct);
        if (!_down)
        {
            _down = true;
            LogStillQueued(logger, batch[0].Kind, batch[0].SessionCode, text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bundel sesi {SessionCode} (sha256 {Sha256}) diterima pusat")]
    private static partial void LogBundleAccepted(ILogger logger, string sessionCode, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bundel sesi {SessionCode} (sha256 {Sha256}) DITOLAK pusat: {Reasons}; tidak dikirim ulang otomatis, panitia perlu menindaklanjuti")]
    private static partial void LogBundleRefused(ILogger logger, string sessionCode, string sha256, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan kemajuan sampai urutan {Seq} ditolak pusat: {Reason}")]
    private static partial void LogProgressRefused(ILogger logger, long seq, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hubungan ke pusat pulih: antrean dikirim lagi, mulai dari {Kind} sesi {SessionCode}")]
    private static partial void LogLinkBack(ILogger logger, string kind, string sessionCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kiriman {Kind} sesi {SessionCode} tetap di antrean: {Error}; ujian tetap berjalan, antrean dicoba lagi setiap putaran sampai pusat menjawab (lihat 'venue status')")]
    private static partial void LogStillQueued(ILogger logger, string kind, string sessionCode, string error);
}
