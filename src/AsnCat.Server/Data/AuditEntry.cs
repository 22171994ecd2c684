namespace AsnCat.Server.Data;

/// <summary>Who did what to what, when and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A user name, <c>peserta:&lt;nomor&gt;</c> or <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The remote address, when the action came over the network.</summary>
    public string? Address { get; set; }

    public required string Action { get; set; }

    /// <summary>What the action was on (<c>sesi:S-001</c>, <c>attempt:42</c>).</summary>
    public string? Subject { get; set; }

    /// <summary>Details as a JSON object.</summary>
    public string? Details { get; set; }

    /// <summary>
    /// The entry's link in the audit hash chain (lowercase hex SHA-256 over the previous link and
    /// this entry's fields); null until the sealing job has chained it.
    /// </summary>
    public string? Hash { get; set; }
}
