using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Hosting;

/// <summary>What one process runs (<c>AsnCat:Role</c>).</summary>
public enum ProcessRole
{
    /// <summary>Database, hubs, console and terminal pages in one process (the default).</summary>
    All,

    /// <summary>Database, hubs and the committee console; no terminal pages.</summary>
    Server,

    /// <summary>Terminal pages only, talking to the exam hub named by <c>Terminal:HubUrl</c>.</summary>
    Terminal,

    /// <summary>
    /// The centre (several nodes behind a proxy, one database): console, APIs, results,
    /// publication, public boards and the live hub; no exam hub, no exam writer or deadline sweep,
    /// no terminal pages. Exams run on the venues' own servers.
    /// </summary>
    Pusat,
}

/// <summary>The <c>AsnCat</c> section.</summary>
public sealed class AsnCatOptions
{
    public const string Section = "AsnCat";

    /// <summary><c>all</c>, <c>server</c>, <c>terminal</c> or <c>pusat</c> (any case).</summary>
    [EnumDataType(typeof(ProcessRole))]
    public ProcessRole Role { get; set; } = ProcessRole.All;

    public bool HasDatabase => Role != ProcessRole.Terminal;

    public bool HasTerminalPages => Role is ProcessRole.All or ProcessRole.Terminal;

    /// <summary>Whether this process runs exams: the exam hub, the exam writer and its deadline sweeps.</summary>
    public bool RunsExams => Role is ProcessRole.All or ProcessRole.Server;
}

/// <summary>The <c>Logging</c> section's own key beside the framework's: where the JSON log goes.</summary>
public sealed class LogFileOptions
{
    public const string Section = "Logging";

    /// <summary>The rolling JSON log (one event per line); relative to the working folder.</summary>
    [Required]
    public string File { get; set; } = "logs/asncat-.json";
}
