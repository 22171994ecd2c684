using AsnCat.Contracts.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AsnCat.Server.Data;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// Every <see cref="NationalOptions.PullEvery"/>: asks the centre which packages this venue should
/// hold, fetches each version it has not dealt with (a version is known by session, number and
/// hash), has <see cref="PackageApplier"/> apply it, and acknowledges what it applied (again next
/// round while the acknowledgement does not get through). A link that is down only delays this:
/// the round ends, the venue runs what it holds, the next round tries again.
/// </summary>
public sealed partial class PackagePuller(
    IDbContextFactory<AsnCatDb> dbFactory, CentreClient centre, PackageApplier applier, VenueIdentity identity,
    IOptions<NationalOptions> options, TimeProvider time, ILogger<PackagePuller> logger) : BackgroundService
{
    // one round at a time (the loop's and any other caller's)
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PullEvery, time);
        do
        {
            try
            {
                await PullOnceAsync(stoppingToken);
            }
            catch (Exception e) when (CentreLink.IsDown(e, stoppingToken))
            {
                LogUnreachable(logger, centre.BaseAddress, e.Message);
            }
            catch (VenueNotEnrolledException e)
            {
                LogNotEnrolled(logger, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the database busy, a file unreadable: what was applied is committed, the next round goes on
                LogRoundFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: the list, each new version applied, each applied version acknowledged.</summary>
    public async Task PullOnceAsync(CancellationToken ct)
    {
        if (identity.Credential() is null)
        {
            throw new VenueNotEnrolledException();
        }
        await _gate.WaitAsync(ct);
        try
        {
            await RoundAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var reply = await centre.PackagesAsync(ct);
        if (!reply.Ok || reply.Read<PackageList>() is not { Packages: not null } list)
        {
            LogListRefused(logger, reply.Ok ? "daftar paket bukan JSON PackageList yang sah" : reply.Refusal());
            return;
        }
        foreach (var listed in list.Packages.OrderBy(p => p.StartsAt).ThenBy(p => p.Session, StringComparer.Ordinal).ThenBy(p => p.Version))
        {
            List<SyncPackage> held;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                held = await db.Set<SyncPackage>().AsNoTracking().Where(p => p.SessionCode == listed.Session).ToListAsync(ct);
            }
            var same = held.FirstOrDefault(p => p.Version == listed.Version && p.Sha256 == listed.Sha256);
            if (same is null && !held.Any(p => p.Version > listed.Version && p.Status != SyncPackage.Refused))
            {
                same = listed.Withdrawn
                    ? await applier.WithdrawAsync(listed, ct)
                    : await FetchAndApplyAsync(listed, ct);
            }
            if (same is { Status: SyncPackage.Applied, AckedAt: null })
            {
                await AckAsync(same, ct);
            }
        }
    }

    private async Task<SyncPackage?> FetchAndApplyAsync(PackageRef listed, CancellationToken ct)
    {
        var package = await centre.PackageAsync(listed.Session, listed.Version, ct);
        if (!package.Ok)
        {
            LogPackageRefused(logger, listed.Session, listed.Version, package.Refusal());
            return null;
        }
        return await applier.ApplyAsync(listed, package.Body, ct);
    }

    private async Task AckAsync(SyncPackage applied, CancellationToken ct)
    {
        var reply = await centre.AckAsync(applied.SessionCode, applied.Version, ct);
        if (!reply.Ok)
        {
            LogAckRefused(logger, applied.SessionCode, applied.Version, reply.Refusal());
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<SyncPackage>().Where(p => p.Id == applied.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AckedAt, time.GetUtcNow()), ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pusat {Centre} tidak terjangkau saat mengambil paket ({Reason}); ujian di lokasi tetap berjalan, dicoba lagi pada putaran berikutnya")]
    private static partial void LogUnreachable(ILogger logger, Uri? centre, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Putaran pengambilan paket gagal; dicoba lagi pada putaran berikutnya")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogNotEnrolled(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daftar paket dari pusat tidak dapat dipakai: {Reason}")]
    private static partial void LogListRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paket sesi {SessionCode} versi {Version} tidak dapat diambil: {Reason}")]
    private static partial void LogPackageRefused(ILogger logger, string sessionCode, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tanda terima paket sesi {SessionCode} versi {Version} ditolak pusat: {Reason}; dikirim lagi pada putaran berikutnya")]
    private static partial void LogAckRefused(ILogger logger, string sessionCode, int version, string reason);
}
