using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// Applies one package version (<c>asncat-package/1</c>) to the venue's database: checks it whole
/// (<see cref="PackageChecks"/>, its hash against the list, the bank and rule files), fetches the
/// bank once by its hash, then writes formations, candidates, the session and its seats in one
/// transaction with the <see cref="SyncPackage"/> record and the audit entry. A version arriving
/// after the session started applies only what is safe (<see cref="SessionSync"/>). A package that
/// fails a check applies nothing: the reason goes to the audit log and the log, in Indonesian.
/// </summary>
public sealed partial class PackageApplier(
    IDbContextFactory<AsnCatDb> dbFactory, CentreClient centre, BankUpload banks, RulesCatalog rules,
    IOptions<NationalOptions> options, TimeProvider time, ILogger<PackageApplier> logger)
{
    public const string Actor = "pusat";

    public async Task<SyncPackage> ApplyAsync(PackageRef listed, byte[] bytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(bytes);
        var at = $"Paket sesi {listed.Session} versi {listed.Version}";
        var sha = VenueSignatures.Sha256(bytes);
        if (sha != listed.Sha256)
        {
            return await RefuseAsync(listed, [$"{at}: SHA-256 berkas {sha} tidak sama dengan yang disebut daftar paket ({listed.Sha256}); paket rusak atau diubah di jalan. Pusat perlu mengirim ulang paket ini."], ct);
        }
        SessionPackage? package;
        try
        {
            package = JsonSerializer.Deserialize<SessionPackage>(bytes, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return await RefuseAsync(listed, [$"{at}: bukan JSON {SyncContract.PackageFormat} yang sah ({e.Message}); pusat perlu membangun ulang paket ini."], ct);
        }
        if (package is null)
        {
            return await RefuseAsync(listed, [$"{at}: berkas kosong."], ct);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var held = await db.ExamSessions.SingleOrDefaultAsync(s => s.Code == listed.Session, ct);
        var fromCentre = await db.Set<SyncPackage>().AnyAsync(p => p.SessionCode == listed.Session && p.Status == SyncPackage.Applied, ct);
        var problems = PackageChecks.Problems(package, listed, options.Value.VenueCode ?? "", fromCentre ? held?.Seed : null);
        if (held is not null && !fromCentre)
        {
            problems.Add($"{at}: kode sesi {listed.Session} sudah dipakai sesi yang dijadwalkan panitia di server ini; ganti kode salah satunya.");
        }
        problems.AddRange(RuleProblems(package, at));
        if (problems.Count > 0)
        {
            return await RefuseAsync(listed, problems, ct);
        }
        var (bank, bankProblem) = await BankAsync(package.Bank, at, ct);
        if (bank is null)
        {
            return await RefuseAsync(listed, [bankProblem!], ct);
        }
        if (bank.BlueprintCode != package.Session.BlueprintCode || !PackageChecks.SameText(bank.BlueprintSnapshot!.Yaml, package.Session.BlueprintYaml))
        {
            return await RefuseAsync(listed, [$"{at}: bank {package.Bank.Hash} memakai kisi-kisi {bank.BlueprintCode} dengan teks yang berbeda dari kisi-kisi {package.Session.BlueprintCode} di paket; pusat perlu memeriksa paket ini."], ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var refusals = await new SessionSync(db, package, bank, held).ApplyAsync(ct);
        var record = Record(listed, SyncPackage.Applied, refusals);
        db.Set<SyncPackage>().Add(record);
        db.AuditEntries.Add(Audit(AuditActions.VenueSync.PackageApplied, listed, new
        {
            version = listed.Version,
            sha256 = listed.Sha256,
            bank = package.Bank.Hash,
            seedCommitment = package.SeedCommitment,
            candidates = package.Candidates.Count,
            refused = refusals,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (refusals.Count > 0)
        {
            LogPartlyApplied(logger, listed.Session, listed.Version, string.Join(" | ", refusals));
        }
        else
        {
            LogApplied(logger, listed.Session, listed.Version, package.Candidates.Count);
        }
        return record;
    }

    /// <summary>
    /// The session was withdrawn from this venue: cancelled (its seats and the session removed) when
    /// it has not started, refused (and audited) when it has.
    /// </summary>
    public async Task<SyncPackage> WithdrawAsync(PackageRef listed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(listed);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.SingleOrDefaultAsync(s => s.Code == listed.Session, ct);
        var fromCentre = await db.Set<SyncPackage>().AnyAsync(p => p.SessionCode == listed.Session && p.Status == SyncPackage.Applied, ct);
        List<string> refusals = [];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (session is not null && fromCentre)
        {
            if (session.State is SessionState.Scheduled or SessionState.Open)
            {
                await db.Attempts.Where(a => a.ExamSessionId == session.Id).ExecuteDeleteAsync(ct);
                db.ExamSessions.Remove(session);
            }
            else
            {
                refusals.Add($"Sesi {listed.Session} ditarik pusat, tetapi sudah {session.State.Label()} di lokasi ini; sesi tidak dibatalkan. Panitia pusat dan lokasi perlu memutuskan bersama.");
            }
        }
        var record = Record(listed, refusals.Count == 0 ? SyncPackage.Withdrawn : SyncPackage.Refused, refusals);
        db.Set<SyncPackage>().Add(record);
        db.AuditEntries.Add(Audit(refusals.Count == 0 ? AuditActions.VenueSync.SessionWithdrawn : AuditActions.VenueSync.PackageRefused, listed,
            new { version = listed.Version, held = session is not null, refused = refusals }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogWithdrawn(logger, listed.Session, listed.Version, refusals.Count == 0);
        return record;
    }

    private IEnumerable<string> RuleProblems(SessionPackage package, string at)
    {
        if (package.Session is not { } session || string.IsNullOrWhiteSpace(session.ThresholdSetCode))
        {
            yield break;
        }
        var path = Path.Combine(rules.Root, "thresholds", session.ThresholdSetCode + ".yaml");
        if (!session.ThresholdSetCode.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !File.Exists(path))
        {
            yield return $"{at}: ambang batas {session.ThresholdSetCode} tidak ada di server lokasi ({path}); perbarui server lokasi ke versi yang sama dengan pusat.";
        }
        else if (!PackageChecks.SameText(File.ReadAllText(path), session.ThresholdsYaml))
        {
            yield return $"{at}: teks ambang batas {session.ThresholdSetCode} di paket berbeda dari berkas {path} di server lokasi; perbarui server lokasi ke versi yang sama dengan pusat.";
        }
    }

    /// <summary>The bank version by its hash: the one held, or the archive fetched once and imported with the bank upload's checks.</summary>
    private async Task<(BankVersion? Bank, string? Problem)> BankAsync(PackageBank wanted, string at, CancellationToken ct)
    {
        if (await FindBankAsync(wanted.Hash, ct) is { } held)
        {
            return (held, null);
        }
        var reply = await centre.BankAsync(wanted.Hash, ct);
        if (!reply.Ok)
        {
            return (null, $"{at}: arsip bank {wanted.Hash} tidak dapat diambil dari pusat: {reply.Refusal()}");
        }
        var name = (string.IsNullOrWhiteSpace(wanted.Name) ? "bank" : Path.GetFileName(wanted.Name)) + ".zip";
        var check = await banks.ValidateAsync(new MemoryStream(reply.Body), name, ct);
        if (check.Bank is not { } checkedBank)
        {
            return (null, $"{at}: arsip bank {wanted.Hash} dari pusat tidak lolos pemeriksaan bank soal: {string.Join("; ", check.Errors.Take(5))}");
        }
        if (checkedBank.Hash != wanted.Hash)
        {
            return (null, $"{at}: arsip bank dari pusat berisi bank dengan hash {checkedBank.Hash}, bukan {wanted.Hash} yang diminta paket; tidak diimpor.");
        }
        var imported = await banks.ImportAsync(new MemoryStream(reply.Body), name, Actor, null, ct);
        if (imported.Bank is null || await FindBankAsync(wanted.Hash, ct) is not { } stored)
        {
            return (null, $"{at}: bank {wanted.Hash} tidak tersimpan: {string.Join("; ", imported.Errors.Take(5))}");
        }
        LogBankImported(logger, wanted.Hash, stored.Id);
        return (stored, null);
    }

    private async Task<BankVersion?> FindBankAsync(string hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BankVersions.AsNoTracking().Include(b => b.BlueprintSnapshot).FirstOrDefaultAsync(b => b.Hash == hash, ct);
    }

    private async Task<SyncPackage> RefuseAsync(PackageRef listed, List<string> problems, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = Record(listed, SyncPackage.Refused, problems);
        db.Set<SyncPackage>().Add(record);
        db.AuditEntries.Add(Audit(AuditActions.VenueSync.PackageRefused, listed, new { version = listed.Version, sha256 = listed.Sha256, problems }));
        await db.SaveChangesAsync(ct);
        LogRefused(logger, listed.Session, listed.Version, string.Join(" | ", problems));
        return record;
    }

    private SyncPackage Record(PackageRef listed, string status, List<string> refusals) => new()
    {
        SessionCode = listed.Session,
        Version = listed.Version,
        Sha256 = listed.Sha256,
        Status = status,
        Refusals = refusals.Count == 0 ? null : string.Join('\n', refusals),
        HandledAt = time.GetUtcNow(),
    };

    private AuditEntry Audit(string action, PackageRef listed, object details) => new()
    {
        At = time.GetUtcNow(),
        Actor = Actor,
        Action = AuditActions.Require(action),
        Subject = "session:" + listed.Session,
        Details = JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Paket sesi {SessionCode} versi {Version} diterapkan: {Candidates} peserta")]
    private static partial void LogApplied(ILogger logger, string sessionCode, int version, int candidates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paket sesi {SessionCode} versi {Version} diterapkan sebagian; tidak diterapkan: {Refusals}")]
    private static partial void LogPartlyApplied(ILogger logger, string sessionCode, int version, string refusals);

    [LoggerMessage(Level = LogLevel.Error, Message = "Paket sesi {SessionCode} versi {Version} ditolak, tidak ada yang diterapkan: {Problems}")]
    private static partial void LogRefused(ILogger logger, string sessionCode, int version, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sesi {SessionCode} ditarik pusat (versi {Version}); dibatalkan: {Cancelled}")]
    private static partial void LogWithdrawn(ILogger logger, string sessionCode, int version, bool cancelled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank {Hash} diambil dari pusat dan diimpor sebagai versi {BankVersionId}")]
    private static partial void LogBankImported(ILogger logger, string hash, int bankVersionId);
}
