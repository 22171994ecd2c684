using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Hosting;

/// <summary>The <c>Jobs</c> section: the in-process Hangfire server.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Hangfire workers in this process; the jobs are short sweeps, so a few are plenty.</summary>
    [Range(1, 20)]
    public int WorkerCount { get; set; } = 2;
}
