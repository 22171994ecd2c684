using Hangfire;

namespace AsnCat.Server.Audit;

/// <summary>
/// Chains the audit entries written since the last run (<see cref="AuditChain.SealAsync"/>), so an
/// entry is open to change for about a minute at most. Reentrant: two runs at once seal each entry once.
/// </summary>
public sealed class AuditSealJob(AuditChain chain)
{
    public const string Id = "audit-seal";

    // the next minute's run does the same work
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync() => chain.SealAsync();
}
