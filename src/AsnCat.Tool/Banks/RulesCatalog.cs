using AsnCat.Scoring;

namespace AsnCat.Tool.Banks;

/// <summary>
/// Finds blueprints and threshold sets by code in a question-banks folder
/// (<c>blueprints/&lt;code&gt;.yaml</c>, <c>thresholds/&lt;code&gt;.yaml</c>). The default is the
/// folder shipped beside the executable.
/// </summary>
public sealed class RulesCatalog(string root)
{
    private readonly Dictionary<string, Blueprint?> _blueprints = new(StringComparer.Ordinal);

    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "question-banks");

    public string Root { get; } = root;

    public List<FileError> Errors { get; } = [];

    private readonly Lock _lock = new();

    public Blueprint? Blueprint(string code)
    {
        lock (_lock)
        {
            if (!_blueprints.TryGetValue(code, out var bp))
            {
                bp = IsCode(code) ? RuleFiles.LoadBlueprint(Path.Combine(Root, "blueprints", code + ".yaml"), Errors) : null;
                _blueprints[code] = bp;
            }
            return bp;
        }
    }

    /// <summary>A threshold set by code (<c>skd-2024</c>) or by path to its YAML file.</summary>
    public ThresholdSet? Thresholds(string codeOrPath)
    {
        ArgumentNullException.ThrowIfNull(codeOrPath);
        var path = IsCode(codeOrPath) ? Path.Combine(Root, "thresholds", codeOrPath + ".yaml") : codeOrPath;
        lock (_lock)
        {
            return RuleFiles.LoadThresholds(path, Blueprint, Errors);
        }
    }

    /// <summary>For a bank folder: use the blueprints beside it when there are any, else the shipped ones.</summary>
    public static RulesCatalog ForBank(string bankDir)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(bankDir));
        return parent is not null && Directory.Exists(Path.Combine(parent, "blueprints"))
            ? new RulesCatalog(parent)
            : new RulesCatalog(DefaultRoot);
    }

    private static bool IsCode(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
