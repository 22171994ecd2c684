using AsnCat.Scoring;
using YamlDotNet.RepresentationModel;

namespace AsnCat.Tool.Banks;

/// <summary>Reads blueprints (kisi-kisi) and threshold sets from their YAML files.</summary>
public static class RuleFiles
{
    public static Blueprint? LoadBlueprint(string path, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var file = new YamlFile(path, errors);
        if (!File.Exists(path))
        {
            file.Error(1, "berkas kisi-kisi tidak ditemukan");
            return null;
        }
        return ParseBlueprint(path, File.ReadAllText(path), errors);
    }

    /// <summary>A blueprint from its YAML text (e.g. the snapshot a session recorded); <paramref name="path"/> names it in errors.</summary>
    public static Blueprint? ParseBlueprint(string path, string text, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var file = new YamlFile(path, errors);
        var before = errors.Count;
        var root = file.LoadRoot(text);
        if (root is null)
        {
            return null;
        }
        file.OnlyKeys(root, "kisi-kisi", "code", "name", "duration_minutes", "subtests");
        var code = file.Text(root, "code", "kisi-kisi");
        var name = file.Text(root, "name", "kisi-kisi");
        var duration = file.Int(root, "duration_minutes", "kisi-kisi");
        var subtests = new List<SubtestSpec>();
        foreach (var node in file.Seq(root, "subtests", "kisi-kisi")?.Children ?? [])
        {
            if (node is not YamlMappingNode s)
            {
                file.Error(node, "subtes harus berupa pemetaan");
                continue;
            }
            file.OnlyKeys(s, "subtes", "code", "name", "scoring", "correct_points", "weights", "items", "difficulty", "subtopics");
            var sc = file.Text(s, "code", "subtes") ?? "?";
            var what = $"subtes {sc}";
            var scoring = file.Text(s, "scoring", what);
            var kind = scoring switch
            {
                "key" => ScoringKind.Key,
                "weighted" => ScoringKind.Weighted,
                _ => (ScoringKind?)null,
            };
            if (scoring is not null && kind is null)
            {
                file.Error(YamlFile.Get(s, "scoring")!, $"{what}: scoring '{scoring}' tidak dikenal (key atau weighted)");
            }
            var points = kind == ScoringKind.Key ? file.Int(s, "correct_points", what) ?? 0 : 0;
            WeightRule? weights = null;
            if (kind == ScoringKind.Weighted && file.Map(s, "weights", what) is { } w)
            {
                file.OnlyKeys(w, $"{what} weights", "min", "max", "distinct");
                weights = new WeightRule(file.Int(w, "min", what) ?? 0, file.Int(w, "max", what) ?? 0, file.Text(w, "distinct", what, required: false) == "true");
            }
            var items = file.Int(s, "items", what) ?? 0;
            var mix = new int[3];
            if (file.Map(s, "difficulty", what) is { } d)
            {
                file.OnlyKeys(d, $"{what} difficulty", "mudah", "sedang", "sulit");
                mix = [file.Int(d, "mudah", what) ?? 0, file.Int(d, "sedang", what) ?? 0, file.Int(d, "sulit", what) ?? 0];
            }
            var topics = new List<SubtopicSpec>();
            if (file.Map(s, "subtopics", what) is { } t)
            {
                foreach (var (key, value) in t.Children)
                {
                    var tc = ((YamlScalarNode)key).Value ?? "";
                    if (value is not YamlMappingNode tm)
                    {
                        file.Error(value, $"{what}: subtopik {tc} harus berupa pemetaan");
                        continue;
                    }
                    file.OnlyKeys(tm, $"subtopik {tc}", "name", "items");
                    topics.Add(new SubtopicSpec(tc, file.Text(tm, "name", $"subtopik {tc}") ?? tc, file.Int(tm, "items", $"subtopik {tc}") ?? 0));
                }
            }
            subtests.Add(new SubtestSpec(sc, file.Text(s, "name", what) ?? sc, kind ?? ScoringKind.Key, points, weights, items, mix, topics));
        }
        if (errors.Count > before || code is null)
        {
            return null;
        }
        var blueprint = new Blueprint(code, name ?? code, duration ?? 0, subtests);
        foreach (var problem in blueprint.Check())
        {
            file.Error(1, problem);
        }
        return errors.Count > before ? null : blueprint;
    }

    public static ThresholdSet? LoadThresholds(string path, Func<string, Blueprint?> blueprints, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(path))
        {
            new YamlFile(path, errors).Error(1, "berkas ambang batas tidak ditemukan");
            return null;
        }
        return ParseThresholds(path, File.ReadAllText(path), blueprints, errors);
    }

    /// <summary>A threshold set from its YAML text; <paramref name="path"/> only names it in errors.</summary>
    public static ThresholdSet? ParseThresholds(string path, string text, Func<string, Blueprint?> blueprints, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(blueprints);
        ArgumentNullException.ThrowIfNull(errors);
        var file = new YamlFile(path, errors);
        var before = errors.Count;
        var root = file.LoadRoot(text);
        if (root is null)
        {
            return null;
        }
        file.OnlyKeys(root, "ambang batas", "code", "name", "blueprint", "positions", "categories", "ranking", "final");
        var code = file.Text(root, "code", "ambang batas");
        var name = file.Text(root, "name", "ambang batas");
        var bpCode = file.Text(root, "blueprint", "ambang batas");
        var blueprint = bpCode is null ? null : blueprints(bpCode);
        if (bpCode is not null && blueprint is null)
        {
            file.Error(YamlFile.Get(root, "blueprint")!, $"kisi-kisi '{bpCode}' tidak ditemukan");
        }
        var positions = Positions(file, root);
        var categories = new List<ThresholdCategory>();
        if (file.Map(root, "categories", "ambang batas") is { } cats)
        {
            foreach (var (key, value) in cats.Children)
            {
                var cc = ((YamlScalarNode)key).Value ?? "";
                if (value is not YamlMappingNode cm)
                {
                    file.Error(value, $"kategori {cc} harus berupa pemetaan");
                    continue;
                }
                file.OnlyKeys(cm, $"kategori {cc}", "name", "require");
                var reqs = new List<Requirement>();
                // no require, or an empty one: ranked without a threshold (PPPK's kebutuhan khusus, PPPK 2024)
                foreach (var r in file.Seq(cm, "require", $"kategori {cc}", required: false)?.Children ?? [])
                {
                    if (ReadRequirement(file, r, cc, blueprint, positions) is { } requirement)
                    {
                        reqs.Add(requirement);
                    }
                }
                categories.Add(new ThresholdCategory(cc, file.Text(cm, "name", $"kategori {cc}") ?? cc, reqs));
            }
        }
        RankingRule? ranking = null;
        if (file.Map(root, "ranking", "ambang batas") is { } rk)
        {
            file.OnlyKeys(rk, "ranking", "tie_break", "advance_multiple", "advance");
            ranking = new RankingRule(Scalars(file, rk, "tie_break", "ranking"), file.Int(rk, "advance_multiple", "ranking") ?? 0,
                file.Text(rk, "advance", "ranking", required: false) ?? RankingRule.DefaultAdvance);
        }
        // no final section: the selection has no SKB stage (PPPK)
        FinalRule? final = null;
        if (file.Map(root, "final", "ambang batas", required: false) is { } fm)
        {
            file.OnlyKeys(fm, "final", "skd_weight", "skb_weight", "tie_break");
            final = new FinalRule(file.Int(fm, "skd_weight", "final") ?? 0, file.Int(fm, "skb_weight", "final") ?? 0, Scalars(file, fm, "tie_break", "final"));
            if (final.SkdWeight + final.SkbWeight != 100)
            {
                file.Error(fm, $"final: skd_weight + skb_weight harus 100, bukan {final.SkdWeight + final.SkbWeight}");
            }
        }
        if (errors.Count > before || code is null || blueprint is null || ranking is null)
        {
            return null;
        }
        try
        {
            return new ThresholdSet(code, name ?? code, blueprint, categories, ranking, final, positions);
        }
        catch (ArgumentException e)
        {
            file.Error(1, e.Message);
            return null;
        }
    }

    /// <summary>The value a <c>min</c> takes when the minimum is the formation's position's value in <c>positions</c>.</summary>
    public const string ByPosition = "by_position";

    /// <summary><c>positions</c>: position name to minimum (optional).</summary>
    private static Dictionary<string, int>? Positions(YamlFile file, YamlMappingNode root)
    {
        if (file.Map(root, "positions", "ambang batas", required: false) is not { } map)
        {
            return null;
        }
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var position = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlScalarNode { Value: { } text } || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var min))
            {
                file.Error(value, $"positions: nilai ambang batas jabatan '{position}' harus bilangan bulat 0 atau lebih");
                continue;
            }
            positions[position] = min;
        }
        return positions;
    }

    private static Requirement? ReadRequirement(YamlFile file, YamlNode node, string category, Blueprint? blueprint, Dictionary<string, int>? positions)
    {
        if (node is not YamlMappingNode rm)
        {
            file.Error(node, $"kategori {category}: syarat harus berupa {{ score, min }}");
            return null;
        }
        file.OnlyKeys(rm, $"syarat kategori {category}", "score", "min");
        var score = file.Text(rm, "score", $"kategori {category}");
        if (score is not null && blueprint is not null && score != AsnCat.Scoring.Requirement.Total
            && score.Split(AsnCat.Scoring.Requirement.Plus).Any(part => blueprint.SubtestIndex(part) < 0))
        {
            file.Error(rm, $"kategori {category}: nilai '{score}' bukan subtes {blueprint.Code}, 'total', atau subtes yang dijumlah dengan '+' (mis. MANAJERIAL+SOSIOKULTURAL)");
        }
        if (YamlFile.Get(rm, "min") is YamlScalarNode { Value: ByPosition } byPosition)
        {
            if (positions is null)
            {
                file.Error(byPosition, $"kategori {category}: min '{ByPosition}' memerlukan tabel 'positions' (nilai ambang batas per jabatan)");
            }
            return new Requirement(score ?? "?", 0, ByPosition: true);
        }
        return new Requirement(score ?? "?", file.Int(rm, "min", $"kategori {category}") ?? 0);
    }

    private static List<string> Scalars(YamlFile file, YamlMappingNode map, string key, string what) =>
        (file.Seq(map, key, what)?.Children ?? []).Select(n => (n as YamlScalarNode)?.Value ?? "").ToList();
}
