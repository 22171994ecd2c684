using AsnCat.Contracts.Live;

namespace AsnCat.Contracts.National;

/// <summary>
/// The sync protocol between a venue server and the centre (<c>docs/national.md</c>, "Sync
/// protocol"). JSON over HTTPS, camelCase, times as ISO 8601 with offset. Every call but
/// <see cref="EnrolPath"/> carries <c>Authorization: AsnCat-Venue &lt;venueCode&gt;:&lt;credential&gt;</c>;
/// a refusal is an RFC 7807 problem in Indonesian (what, where, how to fix it) and changes nothing.
/// </summary>
public static class SyncContract
{
    /// <summary>Bumped when a message changes shape; the centre refuses another major version with 426.</summary>
    public const string Version = "1";

    public const string AuthScheme = "AsnCat-Venue";

    /// <summary>The ECDSA P-256 / SHA-256 signature (IEEE P1363, base64) over a request body or a bundle's bytes.</summary>
    public const string SignatureHeader = "X-AsnCat-Signature";

    public const string EnrolPath = "/api/sync/v1/enrol";

    /// <summary>GET: the packages this venue holds or should hold (<see cref="PackageList"/>).</summary>
    public const string PackagesPath = "/api/sync/v1/packages";

    /// <summary>GET <c>{session}/{version}</c>: one package (<see cref="SessionPackage"/>); POST <c>{session}/{version}/ack</c>: held.</summary>
    public static string PackagePath(string session, int version) => $"{PackagesPath}/{Uri.EscapeDataString(session)}/{version}";

    public static string PackageAckPath(string session, int version) => PackagePath(session, version) + "/ack";

    /// <summary>
    /// GET <c>{hash}</c>: the bank version's source files as a zip. The hash is the bank's content
    /// hash (over its files and their paths, not the zip's bytes): the venue imports the archive
    /// and compares the hash its import computes.
    /// </summary>
    public const string BanksPath = "/api/sync/v1/banks";

    /// <summary>POST: a <see cref="ProgressBatch"/>, signed; idempotent by (venue, <see cref="ProgressBatch.Seq"/>).</summary>
    public const string ProgressPath = "/api/sync/v1/progress";

    /// <summary>POST <c>{session}</c>: a result bundle's exact bytes (<c>asncat-bundle/1</c>), signed; idempotent by its SHA-256.</summary>
    public const string BundlesPath = "/api/sync/v1/bundles";

    /// <summary>GET (public, no credential): every session's seed commitment (<see cref="SeedCommitment"/>).</summary>
    public const string CommitmentsPath = "/api/public/national/commitments";

    public const string PackageFormat = "asncat-package/1";
}

/// <summary>
/// Enrolment: the venue proves it holds the private key by signing
/// <c>"asncat-enrol/1\n" + venueCode + "\n" + enrolmentCode</c> (UTF-8) with it.
/// </summary>
/// <param name="PublicKey">The venue's ECDSA P-256 public key, SubjectPublicKeyInfo DER, base64.</param>
/// <param name="Proof">The signature described above (IEEE P1363, base64).</param>
public sealed record EnrolRequest(string VenueCode, string EnrolmentCode, string PublicKey, string Proof);

/// <param name="Credential">The venue's bearer secret (shown once; the centre keeps only its hash).</param>
public sealed record EnrolReply(string VenueCode, string VenueName, string TimeZone, string Credential, DateTimeOffset CentreTime);

public sealed record PackageList(string VenueCode, IReadOnlyList<PackageRef> Packages, DateTimeOffset CentreTime);

/// <param name="Sha256">SHA-256 of the package's JSON bytes as served (lowercase hex).</param>
/// <param name="Withdrawn">True when the session was moved away from this venue or cancelled: the venue stops it unless it has started.</param>
public sealed record PackageRef(string Session, int Version, string Sha256, DateTimeOffset StartsAt, bool Withdrawn);

/// <summary>
/// Everything a venue needs to run one session offline (<c>asncat-package/1</c>). A change after
/// the pull (a candidate moved late) is a new <see cref="Version"/> of the whole package.
/// </summary>
/// <param name="Seed">The session seed (hex). The centre erases its copy once the venue acknowledges the package.</param>
/// <param name="SeedCommitment">Lowercase hex SHA-256 of the seed's UTF-8 text, published by the centre before the session.</param>
public sealed record SessionPackage(
    string Format,
    string VenueCode,
    int Version,
    PackageSession Session,
    PackageBank Bank,
    string Seed,
    string SeedCommitment,
    IReadOnlyList<PackageFormation> Formations,
    IReadOnlyList<PackageCandidate> Candidates);

public sealed record PackageSession(
    string Code, string Venue, string? Room, string TimeZone, DateTimeOffset StartsAt, int Seats,
    string BlueprintCode, string BlueprintYaml, string ThresholdSetCode, string ThresholdsYaml);

/// <param name="Hash">The bank version hash; the archive is at <see cref="SyncContract.BanksPath"/>/<c>{hash}</c>.</param>
public sealed record PackageBank(string Hash, string Name);

public sealed record PackageFormation(string Code, string Agency, string Position, string Location, int Quota, string Education);

/// <summary>
/// The personal data a venue needs and nothing more (<c>docs/national.md</c> says why each field):
/// no full NIK, only its last four digits for the identity check at the door.
/// </summary>
public sealed record PackageCandidate(
    string ParticipantNumber, string Name, string NikLast4, DateOnly BirthDate, string FormationCode, string Category,
    int? Seat, int ExtraMinutes, bool LargeFont, bool ScreenReader);

/// <summary>
/// Live progress: the venue's own session boards, as its observers see them. Sent about once a
/// second while the link is up; while it is down only the newest board per session is kept.
/// </summary>
/// <param name="Seq">Per venue, strictly increasing; a batch at or below the last accepted one is answered 200 and ignored.</param>
public sealed record ProgressBatch(long Seq, DateTimeOffset SentAt, IReadOnlyList<LiveBoard> Boards);

public sealed record ProgressReply(long AcceptedSeq);

/// <param name="Status"><c>diterima</c> (accepted) or <c>ditolak</c> (refused).</param>
/// <param name="Reasons">Why it was refused, in Indonesian, one line each; empty when accepted.</param>
/// <param name="Flags">Accepted but needing the committee (e.g. a candidate who already sat SKD elsewhere).</param>
public sealed record BundleReceipt(string Session, string Sha256, string LedgerHead, string Status, IReadOnlyList<string> Reasons, IReadOnlyList<string> Flags, DateTimeOffset ReceivedAt);

public sealed record SeedCommitment(string Session, string VenueCode, string Commitment, DateTimeOffset CommittedAt, string? RevealedSeed);
