namespace AsnCat.Server.Guard;

/// <summary>
/// Where the guard's audit entries go. Called while a message is parsed (synchronously), so an
/// implementation queues the entry and never waits for the database.
/// </summary>
public interface IHubMisuseAudit
{
    Task WriteAsync(string actor, string? address, string action, string subject, string details);
}
