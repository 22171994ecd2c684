namespace AsnCat.Scoring;

/// <summary>Difficulty level of an item; every candidate gets the same count of each.</summary>
public enum Difficulty
{
    Mudah = 0,
    Sedang = 1,
    Sulit = 2,
}

/// <summary>How a subtest turns a chosen option into points.</summary>
public enum ScoringKind
{
    /// <summary>One correct option worth <see cref="SubtestSpec.CorrectPoints"/>; wrong or blank 0.</summary>
    Key,

    /// <summary>Every option carries a weight; blank 0.</summary>
    Weighted,
}

/// <summary>Allowed weights of a weighted subtest (TKP: 1..5, each used exactly once).</summary>
public sealed record WeightRule(int Min, int Max, bool Distinct);

public sealed record SubtopicSpec(string Code, string Name, int Items);

/// <summary>One subtest of a blueprint: its items per subtopic and its difficulty mix.</summary>
public sealed record SubtestSpec(
    string Code,
    string Name,
    ScoringKind Scoring,
    int CorrectPoints,
    WeightRule? Weights,
    int Items,
    IReadOnlyList<int> DifficultyMix,
    IReadOnlyList<SubtopicSpec> Subtopics)
{
    /// <summary>The highest score a candidate can reach on this subtest.</summary>
    public int MaxScore => Scoring == ScoringKind.Key ? Items * CorrectPoints : Items * (Weights?.Max ?? 0);

    public int SubtopicIndex(string code)
    {
        for (var i = 0; i < Subtopics.Count; i++)
        {
            if (Subtopics[i].Code == code)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>A kisi-kisi: subtests in exam order, their quotas and the duration. Data, not code.</summary>
public sealed record Blueprint(string Code, string Name, int DurationMinutes, IReadOnlyList<SubtestSpec> Subtests)
{
    public int TotalItems => Subtests.Sum(s => s.Items);

    public int MaxTotal => Subtests.Sum(s => s.MaxScore);

    public int SubtestIndex(string code)
    {
        for (var i = 0; i < Subtests.Count; i++)
        {
            if (Subtests[i].Code == code)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Checks the blueprint's own arithmetic; returns problems in plain words (empty when sound).</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (Subtests.Count == 0)
        {
            problems.Add($"kisi-kisi {Code} tidak memiliki subtes");
        }
        if (DurationMinutes <= 0)
        {
            problems.Add($"kisi-kisi {Code}: durasi harus lebih dari 0 menit");
        }
        foreach (var s in Subtests)
        {
            if (s.Items <= 0)
            {
                problems.Add($"subtes {s.Code}: jumlah soal harus lebih dari 0");
            }
            var byTopic = s.Subtopics.Sum(t => t.Items);
            if (byTopic != s.Items)
            {
                problems.Add($"subtes {s.Code}: jumlah kuota subtopik {byTopic} tidak sama dengan jumlah soal {s.Items}");
            }
            if (s.DifficultyMix.Count != 3 || s.DifficultyMix.Sum() != s.Items)
            {
                problems.Add($"subtes {s.Code}: komposisi tingkat kesulitan ({string.Join("/", s.DifficultyMix)}) tidak berjumlah {s.Items}");
            }
            if (s.Scoring == ScoringKind.Weighted && (s.Weights is null || s.Weights.Min < 0 || s.Weights.Max < s.Weights.Min))
            {
                problems.Add($"subtes {s.Code}: bobot tidak valid");
            }
            if (s.Scoring == ScoringKind.Weighted && s.Weights is { Distinct: true } w && w.Max - w.Min + 1 != Options.Count)
            {
                problems.Add($"subtes {s.Code}: bobot berbeda (distinct) harus tepat {Options.Count} nilai");
            }
            if (s.Scoring == ScoringKind.Key && s.CorrectPoints <= 0)
            {
                problems.Add($"subtes {s.Code}: nilai jawaban benar harus lebih dari 0");
            }
        }
        return problems;
    }
}

/// <summary>The five options every item has.</summary>
public static class Options
{
    public const int Count = 5;

    public static char Letter(int index) => (char)('A' + index);

    /// <summary>0..4 for 'A'..'E' (either case); -1 otherwise.</summary>
    public static int Index(char letter)
    {
        var upper = char.ToUpperInvariant(letter);
        return upper is >= 'A' and <= 'E' ? upper - 'A' : -1;
    }
}
