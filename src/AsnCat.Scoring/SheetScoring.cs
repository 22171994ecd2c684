namespace AsnCat.Scoring;

/// <summary>How one item scores: the key (TWK, TIU) or a weight per option (TKP).</summary>
public sealed record ItemScoring(int? Answer, IReadOnlyList<int>? Weights)
{
    public static ItemScoring Key(int answer) => new(answer, null);

    public static ItemScoring Weighted(params int[] weights) => new(null, weights);
}

/// <summary>Per subtest scores in blueprint order and their total.</summary>
public sealed record ScoreCard(IReadOnlyList<int> Subtests, int Total)
{
    public int this[int subtest] => Subtests[subtest];
}

/// <summary>
/// The points every (item, original option) earns, laid out flat so scoring a sheet is one
/// table lookup per answered item. Never sent to a terminal.
/// </summary>
public sealed class AnswerKey
{
    /// <summary>Marks a blank position in an answer sheet.</summary>
    public const sbyte Blank = -1;

    private readonly byte[] _points;
    private readonly int[] _subtestOfPosition;

    public AnswerKey(ItemPool pool, IReadOnlyDictionary<string, ItemScoring> scoring)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(scoring);
        Pool = pool;
        _points = new byte[pool.Items.Count * Options.Count];
        for (var i = 0; i < pool.Items.Count; i++)
        {
            var item = pool.Items[i];
            if (!scoring.TryGetValue(item.Id, out var s))
            {
                throw new ArgumentException($"soal {item.Id} tidak memiliki kunci atau bobot", nameof(scoring));
            }
            var spec = pool.Blueprint.Subtests[item.Subtest];
            for (var o = 0; o < Options.Count; o++)
            {
                var points = spec.Scoring == ScoringKind.Key
                    ? (s.Answer == o ? spec.CorrectPoints : 0)
                    : s.Weights is { Count: Options.Count } w ? w[o] : throw new ArgumentException($"soal {item.Id} tidak memiliki bobot untuk setiap opsi", nameof(scoring));
                _points[(i * Options.Count) + o] = checked((byte)points);
            }
        }
        var bp = pool.Blueprint;
        _subtestOfPosition = new int[bp.TotalItems];
        var p = 0;
        for (var s = 0; s < bp.Subtests.Count; s++)
        {
            for (var k = 0; k < bp.Subtests[s].Items; k++)
            {
                _subtestOfPosition[p++] = s;
            }
        }
    }

    public ItemPool Pool { get; }

    /// <summary>Points for choosing original option <paramref name="option"/> on item <paramref name="itemIndex"/>.</summary>
    public int Points(int itemIndex, int option) => _points[(itemIndex * Options.Count) + option];

    /// <summary>
    /// Scores a sheet: <paramref name="answers"/>[position] is the ORIGINAL option chosen at
    /// that position of <paramref name="set"/> (0 = A), or <see cref="Blank"/>. Writes per
    /// subtest scores into <paramref name="subtests"/> and returns the total.
    /// </summary>
    public int Score(QuestionSet set, ReadOnlySpan<sbyte> answers, Span<int> subtests)
    {
        ArgumentNullException.ThrowIfNull(set);
        var items = set.Items;
        if (answers.Length != items.Length || items.Length != _subtestOfPosition.Length)
        {
            throw new ArgumentException($"lembar jawaban memiliki {answers.Length} posisi, perangkat soal {items.Length}", nameof(answers));
        }
        subtests.Clear();
        var points = _points;
        var subtestOf = _subtestOfPosition;
        for (var i = 0; i < items.Length; i++)
        {
            var a = answers[i];
            if ((uint)a < Options.Count)
            {
                subtests[subtestOf[i]] += points[(items[i] * Options.Count) + a];
            }
            else if (a != Blank)
            {
                throw new ArgumentOutOfRangeException(nameof(answers), $"posisi {i + 1}: opsi {a} di luar A-E");
            }
        }
        var total = 0;
        foreach (var s in subtests)
        {
            total += s;
        }
        return total;
    }

    public ScoreCard Score(QuestionSet set, ReadOnlySpan<sbyte> answers)
    {
        var subtests = new int[Pool.Blueprint.Subtests.Count];
        var total = Score(set, answers, subtests);
        return new ScoreCard(subtests, total);
    }
}
