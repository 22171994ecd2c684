using Hangfire;

namespace AsnCat.Server.Audit;

/// <summary>
/// The nightly integrity check of the audit log: seals what is pending, then recomputes the whole
/// chain, logs the result and records it as <c>audit.integrity_checked</c> (with the head and count)
/// or <c>audit.integrity_failed</c> (with the first broken id); see <see cref="AuditChain.CheckAsync"/>.
/// Reentrant: a second run seals nothing new and records one more check.
/// </summary>
public sealed class AuditIntegrityJob(AuditChain chain)
{
    public const string Id = "audit-integrity";

    public const string Actor = "system";

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync() => CheckAsync();

    /// <summary>Seals, verifies, logs and records; returns the verification.</summary>
    public async Task<AuditChainVerification> CheckAsync(CancellationToken ct = default)
    {
        await chain.SealAsync(ct);
        return await chain.CheckAsync(Actor, null, ct);
    }
}
