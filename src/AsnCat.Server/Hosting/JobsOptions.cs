using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Hosting;

/// <summary>Where Hangfire keeps its queue, schedules and locks (<c>Jobs:Storage</c>).</summary>
public enum JobStorageKind
{
    /// <summary>In this process's memory: one node only (the default).</summary>
    InMemory,

    /// <summary>
    /// In PostgreSQL (schema <c>hangfire</c>): shared by every node, so a recurring job runs once per
    /// schedule across them and a job left behind by a dead node is taken up by another.
    /// </summary>
    Postgres,
}

/// <summary>The <c>Jobs</c> section: the in-process Hangfire server and its storage.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Hangfire workers in this process; the jobs are short sweeps, so a few are plenty.</summary>
    [Range(1, 20)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// <c>InMemory</c> or <c>Postgres</c>. With <c>Postgres</c> the storage's database is
    /// <c>ConnectionStrings:Jobs</c> when set, else <c>ConnectionStrings:AsnCat</c> when
    /// <c>Database:Provider</c> is <c>Postgres</c>; with neither, the start stops with a message.
    /// </summary>
    [EnumDataType(typeof(JobStorageKind))]
    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary>How often this node looks for a due recurring or delayed job (Hangfire's default: 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>Postgres</c> only: how often an idle worker asks the shared queue for work.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>Postgres</c> only: a job taken by a node that then stops renewing its hold (the node died)
    /// becomes visible to the other nodes after this long. Running jobs renew their hold, so this
    /// does not limit how long a job may run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
