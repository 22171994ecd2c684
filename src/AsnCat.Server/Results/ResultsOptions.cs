namespace AsnCat.Server.Results;

/// <summary>The <c>Results</c> section: where <see cref="RebuildStandingsJob"/> writes the exports and the ledger writes result bundles.</summary>
public sealed class ResultsOptions
{
    public const string Section = "Results";

    /// <summary>The exports folder; relative to the content root. Default <c>data/exports</c>.</summary>
    public string ExportDirectory { get; set; } = Path.Combine("data", "exports");

    /// <summary>The folder as a full path.</summary>
    public string ResolveExportDirectory(string contentRoot) => Path.GetFullPath(ExportDirectory, contentRoot);

    /// <summary>Where each ended session's result bundle is written; relative to the content root. Default <c>data/bundles</c>.</summary>
    public string BundleDirectory { get; set; } = Path.Combine("data", "bundles");

    public string ResolveBundleDirectory(string contentRoot) => Path.GetFullPath(BundleDirectory, contentRoot);
}
