namespace AsnCat.Server.Data;

/// <summary>
/// Append-only log of every answer change, in arrival order (the audit trail). Indexed by
/// (session, id) only: while a session runs every new event lands at the end of its session's
/// range, so the log grows by appends; an index by attempt took a random place in the index per
/// answer and cost the writer more than the answer itself (bench/venue.sh, closed loop).
/// </summary>
public sealed class AnswerEvent
{
    public long Id { get; set; }

    public int ExamSessionId { get; set; }

    public int AttemptId { get; set; }

    public int Position { get; set; }

    public int? Option { get; set; }

    public bool Doubtful { get; set; }

    public long Seq { get; set; }

    /// <summary><c>answer</c> or <c>doubtful</c>: which of the two the event changed.</summary>
    public string Kind { get; set; } = "answer";

    public DateTimeOffset At { get; set; }

    /// <summary>On the centre: the event's id at the venue that ran the session, as its accepted bundle names it; null for an event of this server.</summary>
    public long? VenueEventId { get; set; }
}
