using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// The way up, every <see cref="NationalOptions.ProgressEvery"/>: the boards of the centre's
/// sessions open or under way here (what the venue's observers see, from <see cref="LiveScores"/>)
/// and a last board of each that stopped, then every written bundle, go into the
/// <see cref="Outbox"/>; then <see cref="OutboxSender"/> sends what the queue holds. Nothing here
/// is on the exam path: the terminals' hub and the writer never wait for the centre.
/// </summary>
public sealed partial class VenueUplink(
    IDbContextFactory<AsnCatDb> dbFactory, LiveScores boards, Outbox outbox, OutboxSender sender, VenueIdentity identity,
    IOptions<NationalOptions> options, TimeProvider time, ILogger<VenueUplink> logger) : BackgroundService
{
    private static readonly SessionState[] Shown = [SessionState.Open, SessionState.Running, SessionState.Paused];

    // the sessions whose board went up last round: one that is no longer shown sends its final board once
    private HashSet<string> _shown = new(StringComparer.Ordinal);

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
        await EnqueueBoardsAsync(ct);
        await outbox.EnqueueWrittenBundlesAsync(ct);
        if (identity.Credential() is not null)
        {
            await sender.SendPendingAsync(ct);
        }
    }

    private async Task EnqueueBoardsAsync(CancellationToken ct)
    {
        List<string> codes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var fromCentre = db.Set<SyncPackage>().Where(p => p.Status == SyncPackage.Applied).Select(p => p.SessionCode);
            codes = await db.ExamSessions.AsNoTracking().Where(s => Shown.Contains(s.State) && fromCentre.Contains(s.Code))
                .OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(ct);
        }
        var shown = new HashSet<string>(codes, StringComparer.Ordinal);
        foreach (var code in codes.Concat(_shown.Where(c => !shown.Contains(c))))
        {
            if (await boards.BoardAsync(LiveBoard.SessionKind, code, ct) is { } board)
            {
                await outbox.EnqueueBoardAsync(board, ct);
            }
        }
        _shown = shown;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Putaran kirim ke pusat gagal; antrean tetap, dicoba lagi pada putaran berikutnya")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
