namespace AsnCat.Server.Imports;

/// <summary>
/// The problems of one row; <see cref="Clean"/> while it has none. A problem names its column as
/// the file does: <paramref name="names"/> maps the template's column to the file's (the earlier
/// English header is still accepted).
/// </summary>
internal sealed class RowProblems(int row, List<ImportProblem> problems, IReadOnlyDictionary<string, string>? names = null)
{
    private readonly int _before = problems.Count;

    public bool Clean => problems.Count == _before;

    /// <summary>Template column → the file's column name, from the template's header and the header the file used.</summary>
    public static IReadOnlyDictionary<string, string> Names(string[] template, string[] used) =>
        template.Zip(used).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    public void Add(string column, string message) =>
        problems.Add(new ImportProblem(row, names is not null && names.TryGetValue(column, out var used) ? used : column, message));

    /// <summary>The value, or null with a problem when it is empty or too long (or null when its cell was unreadable, already reported).</summary>
    public string? Required(string? value, string column, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length == 0)
        {
            Add(column, "wajib diisi");
            return null;
        }
        if (value.Length > maxLength)
        {
            Add(column, $"paling banyak {maxLength} karakter (tertulis {value.Length})");
            return null;
        }
        return value;
    }

    public bool Flag(string? value, string column)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "tidak" or "false" or "0":
                return false;
            case "ya" or "true" or "1":
                return true;
            default:
                Add(column, $"isi ya atau tidak, bukan '{value}'");
                return false;
        }
    }
}
