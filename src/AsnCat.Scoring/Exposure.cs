namespace AsnCat.Scoring;

/// <summary>How often each item of a bank was used across a session's sets.</summary>
public sealed class ExposureReport
{
    private readonly int[] _uses;

    public ExposureReport(ItemPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        Pool = pool;
        _uses = new int[pool.Items.Count];
    }

    public ItemPool Pool { get; }

    public int Sets { get; private set; }

    public void Add(QuestionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var i in set.Items)
        {
            _uses[i]++;
        }
        Sets++;
    }

    /// <summary>Per cell that sets draw from: min, max and the ideal (sets x take / available) uses.</summary>
    public IEnumerable<CellExposure> Cells()
    {
        var bp = Pool.Blueprint;
        for (var s = 0; s < bp.Subtests.Count; s++)
        {
            for (var t = 0; t < bp.Subtests[s].Subtopics.Count; t++)
            {
                foreach (var d in Enum.GetValues<Difficulty>())
                {
                    var take = Pool.Take(s, t, d);
                    if (take == 0)
                    {
                        continue;
                    }
                    int min = int.MaxValue, max = 0, count = 0;
                    for (var i = 0; i < Pool.Items.Count; i++)
                    {
                        var it = Pool.Items[i];
                        if (it.Subtest == s && it.Subtopic == t && it.Difficulty == d)
                        {
                            min = Math.Min(min, _uses[i]);
                            max = Math.Max(max, _uses[i]);
                            count++;
                        }
                    }
                    yield return new CellExposure(bp.Subtests[s].Code, bp.Subtests[s].Subtopics[t].Code, d, take, count, min, max, (double)Sets * take / count);
                }
            }
        }
    }
}

public sealed record CellExposure(string Subtest, string Subtopic, Difficulty Difficulty, int Take, int Available, int MinUses, int MaxUses, double IdealUses);
