using System.Collections.Frozen;
namespace AsnCat.Server.Data;

/// <summary>
/// Every action the audit log records, spelled once, with the Indonesian label the console shows.
/// The stored text is part of the hash chain (<c>Audit.AuditChain</c>) and of the documents that
/// name it (docs/audit-chain.md), so a name is never changed: a new kind of event gets a new name.
/// The writers (<see cref="AuditLog"/>, <c>Exam.WriterBatch.Audit</c>) refuse any other text.
/// </summary>
public static class AuditActions
{
    /// <summary>Staff at the console: form or API login and logout, and the admin's work on staff accounts.</summary>
    public static class Staff
    {
        public const string Login = "staff.login";
        public const string LoginFailed = "staff.login_failed";
        public const string LoginThrottled = "staff.login_throttled";
        public const string Logout = "staff.logout";
        public const string Created = "staff.created";
        public const string Updated = "staff.updated";
        public const string Disabled = "staff.disabled";
        public const string Enabled = "staff.enabled";
        public const string Unlocked = "staff.unlocked";
        public const string PasswordReset = "staff.password_reset";
        public const string PasswordChanged = "staff.password_changed";
    }

    /// <summary>A candidate logging in at a terminal.</summary>
    public static class Login
    {
        public const string Ok = "login.ok";
        public const string Refused = "login.refused";
        public const string WrongPin = "login.wrong_pin";
        public const string Locked = "login.locked";
        public const string Throttled = "login.throttled";
    }

    public static class Reattach
    {
        public const string Refused = "reattach.refused";
    }

    public static class Answer
    {
        public const string Refused = "answer.refused";
    }

    public static class Doubtful
    {
        public const string Refused = "doubtful.refused";
    }

    public static class Finish
    {
        public const string Refused = "finish.refused";
    }

    public static class Pin
    {
        public const string Issued = "pin.issued";
    }

    /// <summary>A session's life: scheduled, seated, opened, started, paused, resumed, ended, sealed in its ledger.</summary>
    public static class Session
    {
        public const string Created = "session.created";
        public const string CandidatesAssigned = "session.candidates_assigned";
        public const string Opened = "session.opened";
        public const string Started = "session.started";
        public const string Paused = "session.paused";
        public const string Resumed = "session.resumed";
        public const string Ended = "session.ended";
        public const string LedgerWritten = "session.ledger_written";
    }

    /// <summary>One candidate's attempt: the proctor's seat actions and its end.</summary>
    public static class Attempt
    {
        public const string TimeGranted = "attempt.time_granted";
        public const string Paused = "attempt.paused";
        public const string Resumed = "attempt.resumed";
        public const string TerminalReleased = "attempt.terminal_released";
        public const string TakenOver = "attempt.taken_over";
        public const string ForceFinished = "attempt.force_finished";
        public const string Disqualified = "attempt.disqualified";
        public const string Finished = "attempt.finished";
    }

    /// <summary>Time given back to candidates by the exam writer.</summary>
    public static class Server
    {
        public const string DowntimeCredited = "server.downtime_credited";
        public const string ClockJump = "server.clock_jump";
        public const string StorageOutageCredited = "server.storage_outage_credited";
    }

    /// <summary>Misuse of a hub connection, refused by the hub guard.</summary>
    public static class Hub
    {
        public const string RateLimited = "hub.rate_limited";
        public const string Aborted = "hub.aborted";
        public const string Refused = "hub.refused";
        public const string InvalidRequest = "hub.invalid_request";
        public const string MisuseSummary = "hub.misuse_summary";
        public const string Malformed = "hub.malformed";
        public const string Oversized = "hub.oversized";
        public const string UnknownMethod = "hub.unknown_method";
        public const string BadArguments = "hub.bad_arguments";
        public const string StreamRefused = "hub.stream_refused";
    }

    /// <summary>The check of the audit log's own hash chain.</summary>
    public static class Audit
    {
        public const string IntegrityChecked = "audit.integrity_checked";
        public const string IntegrityFailed = "audit.integrity_failed";
    }

    /// <summary>Files the committee uploads, and the publication of results.</summary>
    public static class Bank
    {
        public const string Imported = "bank.imported";
        public const string Rejected = "bank.rejected";

        /// <summary>An item retired after an item analysis: a new bank version without it.</summary>
        public const string ItemRetired = "bank.item_retired";

        /// <summary>An item revised after an item analysis: a new bank version with the new text, key or weights.</summary>
        public const string ItemRevised = "bank.item_revised";
    }

    public static class Skb
    {
        public const string Imported = "skb.imported";
        public const string Rejected = "skb.rejected";
    }

    public static class Import
    {
        public const string Formations = "import.formations";
        public const string Candidates = "import.candidates";
    }

    public static class Results
    {
        public const string Published = "results.published";
    }

    /// <summary>A venue's sync with its centre (issue #18), as the venue records it.</summary>
    public static class VenueSync
    {
        public const string Enrolled = "venuesync.enrolled";
        public const string PackageApplied = "venuesync.package_applied";
        public const string PackageRefused = "venuesync.package_refused";
        public const string SessionWithdrawn = "venuesync.session_withdrawn";
        public const string BundleAccepted = "venuesync.bundle_accepted";
        public const string BundleRefused = "venuesync.bundle_refused";
    }

    /// <summary>The centre's registry of venues and every sync call a venue makes (docs/national.md); the subject is the venue's code.</summary>
    public static class National
    {
        public const string VenueRegistered = "national.venue_registered";
        public const string EnrolmentIssued = "national.enrolment_issued";
        public const string VenueRevoked = "national.venue_revoked";
        public const string Enrolled = "national.enrolled";
        public const string EnrolRefused = "national.enrol_refused";
        public const string SyncRefused = "national.sync_refused";
        public const string PackagesListed = "national.packages_listed";
        public const string PackageBuilt = "national.package_built";
        public const string PackageServed = "national.package_served";
        public const string PackageAcked = "national.package_acked";
        public const string SeedCommitted = "national.seed_committed";
        public const string BankServed = "national.bank_served";
        public const string ProgressReceived = "national.progress_received";
        public const string BundleAccepted = "national.bundle_accepted";
        public const string BundleRefused = "national.bundle_refused";
        public const string BundleSuperseded = "national.bundle_superseded";
    }

    /// <summary>The centre's national ranking: a run, and the committee closing a formation's SKD.</summary>
    public static class NationalRanking
    {
        public const string Ranked = "national.ranked";
        public const string FormationClosed = "national.formation_closed";
        public const string FormationCloseRefused = "national.formation_close_refused";
        public const string Optimalisasi = "national.optimalisasi";
    }

    /// <summary>Every action with its label, in the order above (the audit page offers them in this order).</summary>
    public static IReadOnlyList<KnownAction> Known { get; } =
    [
        new(Staff.Login, "Staf masuk"),
        new(Staff.LoginFailed, "Staf gagal masuk"),
        new(Staff.LoginThrottled, "Percobaan masuk staf dibatasi"),
        new(Staff.Logout, "Staf keluar"),
        new(Staff.Created, "Akun staf dibuat"),
        new(Staff.Updated, "Akun staf diubah"),
        new(Staff.Disabled, "Akun staf dinonaktifkan"),
        new(Staff.Enabled, "Akun staf diaktifkan kembali"),
        new(Staff.Unlocked, "Kunci akun staf dibuka"),
        new(Staff.PasswordReset, "Sandi staf diatur ulang (sandi sekali pakai)"),
        new(Staff.PasswordChanged, "Staf mengganti sandinya"),
        new(Login.Ok, "Peserta masuk di terminal"),
        new(Login.Refused, "Masuk peserta ditolak"),
        new(Login.WrongPin, "PIN peserta salah"),
        new(Login.Locked, "Peserta terkunci karena PIN salah berulang"),
        new(Login.Throttled, "Percobaan masuk di terminal dibatasi"),
        new(Reattach.Refused, "Sambung ulang terminal ditolak"),
        new(Answer.Refused, "Jawaban ditolak"),
        new(Doubtful.Refused, "Tanda ragu-ragu ditolak"),
        new(Finish.Refused, "Permintaan selesai ditolak"),
        new(Pin.Issued, "PIN diterbitkan"),
        new(Session.Created, "Sesi dijadwalkan"),
        new(Session.CandidatesAssigned, "Peserta ditetapkan ke sesi"),
        new(Session.Opened, "Sesi dibuka"),
        new(Session.Started, "Ujian dimulai"),
        new(Session.Paused, "Sesi dijeda"),
        new(Session.Resumed, "Sesi dilanjutkan"),
        new(Session.Ended, "Sesi diakhiri"),
        new(Session.LedgerWritten, "Buku besar dan berkas hasil sesi ditulis"),
        new(Attempt.TimeGranted, "Waktu peserta ditambah"),
        new(Attempt.Paused, "Peserta dijeda"),
        new(Attempt.Resumed, "Peserta dilanjutkan"),
        new(Attempt.TerminalReleased, "Terminal peserta dilepas"),
        new(Attempt.TakenOver, "Ujian diambil alih koneksi lain (muat ulang atau terminal lain dengan token yang sama)"),
        new(Attempt.ForceFinished, "Ujian peserta diakhiri pengawas"),
        new(Attempt.Disqualified, "Peserta didiskualifikasi"),
        new(Attempt.Finished, "Ujian peserta selesai"),
        new(Server.DowntimeCredited, "Waktu server mati dikembalikan kepada peserta"),
        new(Server.ClockJump, "Lompatan jam server dikoreksi"),
        new(Server.StorageOutageCredited, "Waktu gangguan penyimpanan dikembalikan kepada peserta"),
        new(Hub.RateLimited, "Panggilan hub dibatasi"),
        new(Hub.Aborted, "Koneksi hub diputus"),
        new(Hub.Refused, "Panggilan hub ditolak"),
        new(Hub.InvalidRequest, "Permintaan hub tidak valid"),
        new(Hub.MisuseSummary, "Ringkasan penyalahgunaan koneksi hub"),
        new(Hub.Malformed, "Pesan hub rusak"),
        new(Hub.Oversized, "Pesan hub terlalu besar"),
        new(Hub.UnknownMethod, "Metode hub tidak dikenal"),
        new(Hub.BadArguments, "Argumen panggilan hub salah"),
        new(Hub.StreamRefused, "Aliran hub ditolak"),
        new(Audit.IntegrityChecked, "Rantai log audit diperiksa: utuh"),
        new(Audit.IntegrityFailed, "Rantai log audit diperiksa: rusak"),
        new(Bank.Imported, "Bank soal diimpor"),
        new(Bank.Rejected, "Bank soal ditolak"),
        new(Bank.ItemRetired, "Soal dipensiunkan (versi bank baru)"),
        new(Bank.ItemRevised, "Soal direvisi (versi bank baru)"),
        new(Skb.Imported, "Nilai SKB diimpor"),
        new(Skb.Rejected, "Nilai SKB ditolak"),
        new(Import.Formations, "Formasi diimpor"),
        new(Import.Candidates, "Peserta diimpor"),
        new(Results.Published, "Hasil diumumkan"),
        new(VenueSync.Enrolled, "Lokasi terdaftar di pusat"),
        new(VenueSync.PackageApplied, "Paket sesi dari pusat diterapkan"),
        new(VenueSync.PackageRefused, "Paket sesi dari pusat ditolak (tidak diterapkan)"),
        new(VenueSync.SessionWithdrawn, "Sesi ditarik pusat"),
        new(VenueSync.BundleAccepted, "Bundel hasil diterima pusat"),
        new(VenueSync.BundleRefused, "Bundel hasil ditolak pusat"),
        new(National.VenueRegistered, "Lokasi ujian didaftarkan di pusat"),
        new(National.EnrolmentIssued, "Kode pendaftaran lokasi diterbitkan"),
        new(National.VenueRevoked, "Kredensial lokasi dicabut"),
        new(National.Enrolled, "Lokasi mendaftarkan kuncinya"),
        new(National.EnrolRefused, "Pendaftaran lokasi ditolak"),
        new(National.SyncRefused, "Panggilan sinkronisasi lokasi ditolak"),
        new(National.PackagesListed, "Lokasi meminta daftar paket"),
        new(National.PackageBuilt, "Versi paket sesi dibuat"),
        new(National.PackageServed, "Paket sesi diambil lokasi"),
        new(National.PackageAcked, "Lokasi mengonfirmasi paket; salinan seed di pusat dihapus"),
        new(National.SeedCommitted, "Komitmen seed sesi diumumkan"),
        new(National.BankServed, "Arsip bank soal diambil lokasi"),
        new(National.ProgressReceived, "Kemajuan sesi dari lokasi diterima"),
        new(National.BundleAccepted, "Bundel hasil lokasi diterima"),
        new(National.BundleRefused, "Bundel hasil lokasi ditolak"),
        new(National.BundleSuperseded, "Bundel hasil lokasi menggantikan versi sebelumnya"),
        new(NationalRanking.Ranked, "Peringkat nasional disusun"),
        new(NationalRanking.FormationClosed, "SKD formasi ditutup panitia (peringkat final)"),
        new(NationalRanking.FormationCloseRefused, "Penutupan SKD formasi ditolak (sesi belum lengkap)"),
        new(NationalRanking.Optimalisasi, "Optimalisasi formasi ditetapkan panitia"),
    ];

    private static readonly FrozenDictionary<string, string> Labels =
        Known.ToFrozenDictionary(a => a.Action, a => a.Label, StringComparer.Ordinal);

    public static bool IsKnown(string? action) => action is not null && Labels.ContainsKey(action);

    /// <summary>The Indonesian label, or the stored text itself for an action this server does not know.</summary>
    public static string Label(string action) => Labels.GetValueOrDefault(action, action);

    /// <summary>The action, if it is in the catalogue; an audit writer calls this before it stores one.</summary>
    public static string Require(string action) =>
        IsKnown(action) ? action : throw new ArgumentException($"Audit action '{action}' is not in {nameof(AuditActions)}.", nameof(action));
}

/// <summary>One audit action as stored, and its Indonesian label.</summary>
public sealed record KnownAction(string Action, string Label);
