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

    // sessions that stopped being shown: their board goes up until it shows how they stopped (a board may be a push interval old)
    private readonly HashSet<string> _finishing = new(StringComparer.Ordinal);
    private HashSet<string> _shown = new(StringComparer.Ordinal);

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

    private async Task EnqueueBoardsAsync(CancellationToken ct)
    {
        Dictionary<string, SessionState> states;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var fromCentre = db.Set<SyncPackage>().Where(p => p.Status == SyncPackage.Applied).Select(p => p.SessionCode);
            var finishing = _finishing.Concat(_shown).ToList();   // those shown last round may have stopped since
            states = await db.ExamSessions.AsNoTracking().Where(s => (Shown.Contains(s.State) && fromCentre.Contains(s.Code)) || finishing.Contains(s.Code))
                .ToDictionaryAsync(s => s.Code, s => s.State, StringComparer.Ordinal, ct);
        }
        var shown = states.Where(s => Shown.Contains(s.Value)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        _finishing.UnionWith(_shown.Where(c => !shown.Contains(c)));
        foreach (var code in shown.Concat(_finishing).Order(StringComparer.Ordinal).ToList())
        {
            var board = await boards.BoardAsync(LiveBoard.SessionKind, code, ct);
            if (board is not null)
            {
                await outbox.EnqueueBoardAsync(board, ct);
            }
            if (!shown.Contains(code) && (board is null || !states.TryGetValue(code, out var state) || board.Sessions.Any(s => s.State == state.Label())))
            {
                _finishing.Remove(code);   // its last board shows how it stopped (or it is gone)
            }
        }
        _shown = shown;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Putaran kirim ke pusat gagal; antrean tetap, dicoba lagi pada putaran berikutnya")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
