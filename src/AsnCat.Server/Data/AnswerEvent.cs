namespace AsnCat.Server.Data;

/// <summary>Append-only log of every answer change, in arrival order (the audit trail).</summary>
public sealed class AnswerEvent
{
    public long Id { get; set; }

    public int AttemptId { get; set; }

    public Attempt? Attempt { get; set; }

    public int Position { get; set; }

    public int? Option { get; set; }

    public bool Doubtful { get; set; }

    public long Seq { get; set; }

    /// <summary><c>answer</c> or <c>doubtful</c>: which of the two the event changed.</summary>
    public string Kind { get; set; } = "answer";

    public DateTimeOffset At { get; set; }
}
