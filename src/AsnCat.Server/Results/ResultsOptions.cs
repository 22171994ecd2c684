namespace AsnCat.Server.Results;

/// <summary>The <c>Results</c> section: where <see cref="Jobs.RebuildStandingsJob"/> writes the exports.</summary>
public sealed class ResultsOptions
{
    public const string Section = "Results";

    /// <summary>The exports folder; relative to the content root. Default <c>data/exports</c>.</summary>
    public string ExportDirectory { get; set; } = Path.Combine("data", "exports");

    /// <summary>The folder as a full path.</summary>
    public string ResolveExportDirectory(string contentRoot) => Path.GetFullPath(ExportDirectory, contentRoot);
}
