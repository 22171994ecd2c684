using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Centre;

/// <summary>A venue as the admin sees it: never its credential or codes, only whether it is enrolled or revoked.</summary>
public sealed record VenueView(string Code, string Name, string TimeZone, bool Enrolled, DateTimeOffset? EnrolledAt, DateTimeOffset? EnrolmentExpiresAt,
    DateTimeOffset? RevokedAt, string? RevokedReason, string? PublicKey);

/// <summary>A one-time enrolment code: shown in this answer only (the centre keeps its hash), valid for <see cref="VenueRegistry.EnrolmentLifetime"/>.</summary>
public sealed record IssuedEnrolment(string VenueCode, string EnrolmentCode, DateTimeOffset ExpiresAt);

/// <summary>
/// The centre's registry of venues: registration, enrolment codes, revocation and the venue's own
/// enrolment call. Codes and credentials are random and shown once; only their SHA-256 is stored.
/// </summary>
public sealed class VenueRegistry(IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
{
    public static readonly TimeSpan EnrolmentLifetime = TimeSpan.FromHours(24);

    /// <summary>A secret as the centre keeps it: the same SHA-256 hex as a terminal token's (<see cref="Secrets.HashToken"/>).</summary>
    public static string Hash(string secret) => Secrets.HashToken(secret);

    /// <summary>Fixed-time comparison of a secret with its stored hash.</summary>
    public static bool Matches(string secret, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string NewSecret(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    public async Task<List<VenueView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venues = await db.NationalVenues.AsNoTracking().OrderBy(v => v.Code).ToListAsync(ct);
        return [.. venues.Select(View)];
    }

    public static VenueView View(NationalVenue v) =>
        new(v.Code, v.Name, v.TimeZone, v.EnrolledAt is not null, v.EnrolledAt, v.EnrolmentCodeHash is null ? null : v.EnrolmentExpiresAt, v.RevokedAt, v.RevokedReason, v.PublicKey);

    /// <summary>Registers a venue and issues its first enrolment code; null when the code is taken.</summary>
    public async Task<IssuedEnrolment?> RegisterAsync(string code, string name, string timeZone, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.NationalVenues.AnyAsync(v => v.Code == code, ct))
        {
            return null;
        }
        var venue = new NationalVenue { Code = code, Name = name, TimeZone = timeZone, CreatedAt = time.GetUtcNow() };
        var issued = Issue(venue);
        db.NationalVenues.Add(venue);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>A new enrolment code (the old one no longer works); re-enrolling replaces the key and the credential. Null for an unknown venue.</summary>
    public async Task<IssuedEnrolment?> ReissueAsync(string code, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venue = await db.NationalVenues.SingleOrDefaultAsync(v => v.Code == code, ct);
        if (venue is null)
        {
            return null;
        }
        var issued = Issue(venue);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    private IssuedEnrolment Issue(NationalVenue venue)
    {
        var enrolment = NewSecret(18);
        venue.EnrolmentCodeHash = Hash(enrolment);
        venue.EnrolmentExpiresAt = time.GetUtcNow() + EnrolmentLifetime;
        return new IssuedEnrolment(venue.Code, enrolment, venue.EnrolmentExpiresAt.Value);
    }

    /// <summary>Revokes the venue's credential and any open enrolment code; null for an unknown venue.</summary>
    public async Task<VenueView?> RevokeAsync(string code, string reason, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venue = await db.NationalVenues.SingleOrDefaultAsync(v => v.Code == code, ct);
        if (venue is null)
        {
            return null;
        }
        venue.RevokedAt = time.GetUtcNow();
        venue.RevokedReason = reason;
        venue.CredentialHash = null;
        venue.EnrolmentCodeHash = null;
        venue.EnrolmentExpiresAt = null;
        await db.SaveChangesAsync(ct);
        return View(venue);
    }

    /// <summary>
    /// The venue's enrolment: the code must be the open one (single use, unexpired) and the proof
    /// a signature of <see cref="VenueSignatures.EnrolStatement"/> by the key sent. Returns the
    /// reply with a fresh credential, or the Indonesian reason it was refused (nothing changed).
    /// </summary>
    public async Task<(EnrolReply? Reply, string? Refusal)> EnrolAsync(EnrolRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venue = await db.NationalVenues.SingleOrDefaultAsync(v => v.Code == request.VenueCode, ct);
        var now = time.GetUtcNow();
        if (venue is null)
        {
            return (null, $"Lokasi '{request.VenueCode}' tidak terdaftar di pusat. Periksa National:VenueCode atau minta admin pusat mendaftarkannya.");
        }
        if (!Matches(request.EnrolmentCode ?? "", venue.EnrolmentCodeHash) || venue.EnrolmentExpiresAt is not { } expires || expires <= now)
        {
            return (null, $"Kode pendaftaran untuk lokasi '{venue.Code}' salah, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin pusat (POST /api/national/venues/{venue.Code}/enrolment).");
        }
        if (!VenueSignatures.Verify(request.PublicKey ?? "", VenueSignatures.EnrolStatement(venue.Code, request.EnrolmentCode!), request.Proof ?? ""))
        {
            return (null, $"Bukti kepemilikan kunci lokasi '{venue.Code}' tidak sah: tanda tangan atas pernyataan pendaftaran tidak cocok dengan kunci publik yang dikirim (ECDSA P-256, P1363, base64). Kode pendaftaran belum terpakai; kirim ulang dengan tanda tangan yang benar.");
        }
        var credential = NewSecret(32);
        venue.PublicKey = request.PublicKey;
        venue.CredentialHash = Hash(credential);
        venue.EnrolmentCodeHash = null;
        venue.EnrolmentExpiresAt = null;
        venue.EnrolledAt = now;
        venue.RevokedAt = null;
        venue.RevokedReason = null;
        venue.ProgressSeq = 0;
        await db.SaveChangesAsync(ct);
        return (new EnrolReply(venue.Code, venue.Name, venue.TimeZone, credential, now), null);
    }
}
