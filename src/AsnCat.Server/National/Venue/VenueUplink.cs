using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// The way up, every <see cref="NationalOptions.ProgressEvery"/>: the boards of the centre's
/// sessions open or under way here (what the venue's observers see, from <see cref="LiveScores"/>)
/// and the final board of each that ended, then every written bundle, go into the
/// <see cref="Outbox"/>; then <see cref="OutboxSender"/> sends what the queue holds. Nothing here
/// is on the exam path: the terminals' hub and the writer never wait for the centre.
/// </summary>
public sealed partial class VenueUplink(
    IDbContextFactory<AsnCatDb> dbFactory, LiveScores boards, Outbox outbox, OutboxSender sender, VenueIdentity identity,
    IOptions<NationalOptions> options, IOptions<LiveOptions> live, TimeProvider time, ILogger<VenueUplink> logger) : BackgroundService
{
    private static readonly SessionState[] Shown = [SessionState.Open, SessionState.Running, SessionState.Paused];

    // one round at a time (the loop's and any other caller's)
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressEvery, time);
        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // the database busy or a board that failed to build: the queue keeps what it has, the next round goes on
                LogRoundFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RoundAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnqueueBoardsAsync(ct);
            await outbox.EnqueueWrittenBundlesAsync(ct);
            if (identity.Credential() is not null)
            {
                await sender.SendPendingAsync(ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The boards of the centre's sessions open or under way, and of each ended one until a board
    /// taken after it ended (by more than a push interval, so not a cached one from before) is queued:
    /// read from the database each round, so a session that ends between two rounds, or while the
    /// server restarts, still sends its final board.
    /// </summary>
    private async Task EnqueueBoardsAsync(CancellationToken ct)
    {
        var settle = live.Value.PushInterval * 2 + TimeSpan.FromSeconds(1);
        List<string> codes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var fromCentre = db.Set<SyncPackage>().Where(p => p.Status == SyncPackage.Applied).Select(p => p.SessionCode);
            var sessions = await db.ExamSessions.AsNoTracking().Where(s => (Shown.Contains(s.State) || s.State == SessionState.Ended) && fromCentre.Contains(s.Code))
                .Select(s => new { s.Code, s.State, s.EndedAt }).ToListAsync(ct);
            var endedCodes = sessions.Where(s => s.State == SessionState.Ended).Select(s => s.Code).ToList();
            var lastBoard = (await db.Set<SyncOutbox>().AsNoTracking().Where(o => o.Kind == SyncOutbox.ProgressKind && endedCodes.Contains(o.SessionCode))
                    .Select(o => new { o.SessionCode, o.CreatedAt }).ToListAsync(ct))
                .GroupBy(o => o.SessionCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(o => o.CreatedAt), StringComparer.Ordinal);
            codes = [.. sessions.Where(s => s.State != SessionState.Ended
                    || s.EndedAt is not { } ended
                    || !lastBoard.TryGetValue(s.Code, out var last) || last < ended + settle)
                .Select(s => s.Code).Order(StringComparer.Ordinal)];
        }
        foreach (var code in codes)
        {
            if (await boards.BoardAsync(LiveBoard.SessionKind, code, ct) is { } board)
            {
                await outbox.EnqueueBoardAsync(board, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Putaran kirim ke pusat gagal; antrean tetap, dicoba lagi pada putaran berikutnya")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
