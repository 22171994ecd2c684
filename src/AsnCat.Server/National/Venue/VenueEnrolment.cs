using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// Enrolment and the venue's status, as the <c>venue</c> commands print them (in Indonesian, to
/// the operator at the venue server). Exit codes: 0 done, 1 refused by the centre, 2 bad input,
/// 3 the centre could not be reached.
/// </summary>
public sealed class VenueEnrolment(CentreClient centre, VenueIdentity identity, IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time)
{
    public async Task<int> EnrolAsync(string venueCode, string enrolmentCode, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!VenueExtensions.IsVenueCode(venueCode) || string.IsNullOrWhiteSpace(enrolmentCode))
        {
            stderr.WriteLine("venue enrol: --venue harus kode lokasi dari pusat (huruf, angka, - _ ., maksimal 100) dan --code kode pendaftaran yang diberikan panitia pusat. Tidak ada yang berubah.");
            return 2;
        }
        var hadKey = identity.HasKey;
        var key = identity.Key();
        stdout.WriteLine(hadKey
            ? $"Memakai kunci lokasi yang ada: {identity.KeyPath}"
            : $"Kunci lokasi baru (ECDSA P-256) dibuat: {identity.KeyPath} (hanya dapat dibaca pengguna server).");
        stdout.WriteLine($"Sidik jari kunci publik: {VenueIdentity.Fingerprint(key)}");
        var request = new EnrolRequest(venueCode, enrolmentCode.Trim(), VenueSignatures.PublicKey(key),
            VenueSignatures.Sign(key, VenueSignatures.EnrolStatement(venueCode, enrolmentCode.Trim())));
        CentreReply reply;
        try
        {
            reply = await centre.EnrolAsync(request, ct);
        }
        catch (Exception e) when (CentreLink.IsDown(e, ct))
        {
            stderr.WriteLine($"Pusat {centre.BaseAddress} tidak dapat dihubungi ({e.Message}). Periksa alamat --centre, jaringan lokasi dan bahwa server pusat berjalan, lalu jalankan perintah ini lagi dengan kode yang sama. Lokasi belum terdaftar; kunci tetap di {identity.KeyPath}.");
            return 3;
        }
        if (!reply.Ok)
        {
            stderr.WriteLine($"Pendaftaran ditolak pusat (HTTP {(int)reply.Status}): {reply.Refusal()}");
            stderr.WriteLine("Bila kode pendaftaran sudah dipakai, kedaluwarsa atau salah, minta kode baru kepada panitia pusat lalu jalankan perintah ini lagi. Lokasi belum terdaftar.");
            return 1;
        }
        if (reply.Read<EnrolReply>() is not { Credential.Length: > 0 } enrolled || enrolled.VenueCode != venueCode)
        {
            stderr.WriteLine($"Jawaban pusat atas pendaftaran tidak dapat dibaca (bukan EnrolReply untuk lokasi {venueCode}); periksa bahwa --centre menunjuk server pusat AsnCat versi protokol {SyncContract.Version}. Lokasi belum terdaftar.");
            return 1;
        }
        identity.Store(new VenueCredential(venueCode, centre.BaseAddress!, enrolled.Credential, enrolled.VenueName, enrolled.TimeZone, time.GetUtcNow()));
        await AuditLog.WriteAsync(dbFactory, time, PackageApplier.Actor, null, AuditActions.VenueSync.Enrolled, "venue:" + venueCode,
            new { centre = centre.BaseAddress, fingerprint = VenueIdentity.Fingerprint(key), enrolled.VenueName, enrolled.TimeZone, centreTime = enrolled.CentreTime }, ct);
        stdout.WriteLine($"Lokasi {venueCode} ({enrolled.VenueName}, {enrolled.TimeZone}) terdaftar di pusat {centre.BaseAddress}.");
        stdout.WriteLine($"Kredensial disimpan di {identity.CredentialPath} (hanya dapat dibaca pengguna server; jangan disalin ke tempat lain).");
        stdout.WriteLine($"Isi National:CentreUrl={centre.BaseAddress} dan National:VenueCode={venueCode} di appsettings.json atau variabel lingkungan (National__CentreUrl, National__VenueCode), lalu mulai ulang server.");
        var drift = enrolled.CentreTime - time.GetUtcNow();
        if (drift.Duration() > TimeSpan.FromMinutes(1))
        {
            stdout.WriteLine($"Perhatian: jam server ini berbeda {drift.TotalMinutes:0} menit dari jam pusat; setel jam (NTP) sebelum hari ujian.");
        }
        return 0;
    }

    public async Task<int> StatusAsync(string? venueCode, Uri? centreUrl, TextWriter stdout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var credential = identity.Credential();
        stdout.WriteLine($"Kode lokasi      : {venueCode ?? credential?.VenueCode ?? "(belum diisi: National:VenueCode)"}");
        stdout.WriteLine($"Pusat            : {centreUrl?.ToString() ?? credential?.Centre.ToString() ?? "(tidak ada: server mandiri, National:CentreUrl kosong)"}");
        stdout.WriteLine($"Kunci publik     : {(identity.HasKey ? VenueIdentity.Fingerprint(identity.Key()) : "(belum ada kunci; dibuat oleh 'venue enrol')")}");
        stdout.WriteLine($"Terdaftar        : {(credential is null ? "belum ('venue enrol --centre ... --venue ... --code ...')" : $"ya, sejak {credential.EnrolledAt:yyyy-MM-dd HH:mm} UTC ({credential.VenueName})")}");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var outbox = db.Set<SyncOutbox>().AsNoTracking();
        var bundles = await outbox.CountAsync(o => o.SentAt == null && o.Kind == SyncOutbox.BundleKind, ct);
        var boards = await outbox.CountAsync(o => o.SentAt == null && o.Kind == SyncOutbox.ProgressKind, ct);
        var refused = await outbox.Where(o => o.ReceiptStatus == OutboxSender.Refused && o.Kind == SyncOutbox.BundleKind)
            .Select(o => new { o.SessionCode, o.ReceiptReasons }).ToListAsync(ct);
        stdout.WriteLine($"Antrean ke pusat : {bundles + boards} ({bundles} bundel hasil, {boards} papan kemajuan)");
        var oldest = await outbox.Where(o => o.SentAt == null).OrderBy(o => o.Id).Select(o => new { o.CreatedAt, o.LastError }).FirstOrDefaultAsync(ct);
        if (oldest is not null)
        {
            stdout.WriteLine($"Tertua sejak     : {oldest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC; galat terakhir: {oldest.LastError ?? "-"}");
        }
        foreach (var r in refused)
        {
            stdout.WriteLine($"DITOLAK pusat    : bundel sesi {r.SessionCode}: {r.ReceiptReasons?.Replace('\n', ';')}");
        }
        return 0;
    }
}
