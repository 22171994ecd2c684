namespace AsnCat.Server.Data;

/// <summary>The current answer at one position of an attempt's set.</summary>
public sealed class Answer
{
    public int AttemptId { get; set; }

    public Attempt? Attempt { get; set; }

    /// <summary>0-based position in the attempt's question set.</summary>
    public int Position { get; set; }

    /// <summary>The chosen original option 0..4 (before shuffling), or null when cleared.</summary>
    public int? Option { get; set; }

    public bool Doubtful { get; set; }

    /// <summary>The terminal's sequence number of the change; an older one never overwrites a newer.</summary>
    public long Seq { get; set; }

    /// <summary>Sequence number of the last applied doubtful mark (answers and marks are ordered separately).</summary>
    public long DoubtfulSeq { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}
