using System.Security.Cryptography;

namespace AsnCat.Server.Data;

/// <summary>A sesi: one sitting at one venue, with the exact rules and bank it runs under.</summary>
public sealed class ExamSession
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Venue { get; set; }

    /// <summary>IANA id (<c>Asia/Makassar</c>) or WIB, WITA, WIT; used for display only.</summary>
    public required string TimeZone { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    /// <summary>The room (ruang) at the venue, e.g. <c>Ruang 1</c>.</summary>
    public string? Room { get; set; }

    /// <summary>Seats (terminals) in the room; the seat labels run 1..Seats.</summary>
    public int Seats { get; set; }

    public required string BlueprintCode { get; set; }

    public int BlueprintSnapshotId { get; set; }

    public BlueprintSnapshot? BlueprintSnapshot { get; set; }

    public int BankVersionId { get; set; }

    public BankVersion? BankVersion { get; set; }

    public required string ThresholdSetCode { get; set; }

    /// <summary>The secret every question set of the session is drawn from (<see cref="NewSeed"/>).</summary>
    public required string Seed { get; set; }

    public SessionState State { get; set; }

    /// <summary>When the session actually started (every attempt's clock runs from here).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Set while the whole session is paused (outage); deadlines move by the pause on resume.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>The reason given for pausing the whole session, shown on every terminal while paused.</summary>
    public string? PauseReason { get; set; }

    /// <summary>When the committee ended the session (absentees recorded, rankings rebuilt).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Head of the session's ledger (hash chain over every answer event and result), written when it ends.</summary>
    public string? LedgerHead { get; set; }

    /// <summary>Lowercase hex SHA-256 of the session's result bundle file, written when it ends.</summary>
    public string? BundleSha256 { get; set; }

    /// <summary>On the centre: the registered venue (<c>National.Centre.NationalVenue</c>) that runs this session; null for a session the server runs itself.</summary>
    public int? NationalVenueId { get; set; }

    /// <summary>On the centre: lowercase hex SHA-256 of the seed (docs/national.md, "Seed commitments"), published before the session.</summary>
    public string? SeedCommitment { get; set; }

    public DateTimeOffset? SeedCommittedAt { get; set; }

    public List<Attempt> Attempts { get; } = [];

    /// <summary>128 random bits as 32 lowercase hex characters.</summary>
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public enum SessionState
{
    Scheduled,
    Open,
    Running,
    Paused,
    Ended,
}

/// <summary>The one label table of <see cref="SessionState"/>: the words the console and the public boards show.</summary>
public static class SessionStates
{
    public static string Label(this SessionState state) => state switch
    {
        SessionState.Scheduled => "terjadwal",
        SessionState.Open => "dibuka",
        SessionState.Running => "berlangsung",
        SessionState.Paused => "dijeda",
        SessionState.Ended => "selesai",
        _ => state.ToString(),
    };
}
