using System.Text;
using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
namespace AsnCat.Server.National.Ranking;

/// <summary>The threshold sets one run meets, each loaded once, with what reading a row against it needs.</summary>
internal sealed class ThresholdSets(RulesCatalog rules)
{
    private readonly Dictionary<string, RankingSet?> _sets = new(StringComparer.Ordinal);

    /// <summary>The set by code; null (and a problem named for <paramref name="formationCode"/>) when its file cannot be loaded.</summary>
    public RankingSet? Get(string code, string formationCode, List<string> problems)
    {
        if (!_sets.TryGetValue(code, out var set))
        {
            var before = rules.Errors.Count;
            var loaded = rules.Thresholds(code);
            set = loaded is null ? null : new RankingSet(loaded);
            _sets[code] = set;
            if (set is null)
            {
                var why = string.Join("; ", rules.Errors.Skip(before));
                problems.Add($"Formasi {formationCode}: ambang batas '{code}' tidak dapat dimuat{(why.Length > 0 ? ": " + why : "")}; periksa berkas ambang batas di question-banks/thresholds.");
            }
        }
        return set;
    }
}

/// <summary>A threshold set with its categories by stored name and its subtests by code (UTF-8), for reading rows fast.</summary>
internal sealed class RankingSet
{
    private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
    private readonly byte[][] _subtests;

    public RankingSet(ThresholdSet set)
    {
        Set = set;
        foreach (var code in CandidateCategories.Codes)
        {
            _categories[code] = set.CategoryIndex(code);
        }
        _subtests = [.. set.Blueprint.Subtests.Select(s => Encoding.UTF8.GetBytes(s.Code))];
    }

    public ThresholdSet Set { get; }

    /// <summary>The set's index of a category as stored (its code: <c>umum</c>, <c>daerah_tertinggal</c>), or -1.</summary>
    public int Category(string stored) => _categories.GetValueOrDefault(stored, -1);

    /// <summary>
    /// The scores of an attempt's JSON (<c>{"TWK":80,"TIU":95,"TKP":170}</c>) in blueprint order; null
    /// when one is missing. Read without building a dictionary: millions of rows pass here.
    /// </summary>
    public int[]? Scores(string? json)
    {
        if (json is null)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[256];
        var utf8 = json.Length * 3 <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(json, buffer)] : Encoding.UTF8.GetBytes(json);
        var scores = new int[_subtests.Length];
        var found = 0;
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            var index = -1;
            for (var s = 0; s < _subtests.Length; s++)
            {
                if (reader.ValueTextEquals(_subtests[s]))
                {
                    index = s;
                    break;
                }
            }
            reader.Read();
            if (index >= 0 && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out scores[index]))
            {
                found |= 1 << index;
            }
        }
        return found == (1 << _subtests.Length) - 1 ? scores : null;
    }
}
