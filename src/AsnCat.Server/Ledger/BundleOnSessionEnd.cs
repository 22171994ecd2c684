using AsnCat.Server.Exam;
using Hangfire;

namespace AsnCat.Server.Ledger;

/// <summary>When a session ends: its ledger and result bundle, in the background (no keys until publication).</summary>
public sealed class BundleOnSessionEnd(IBackgroundJobClient jobs) : ISessionEndFollowUp
{
    public void SessionEnded(int sessionId) => WriteBundleJob.Enqueue(jobs, sessionId, includeKeys: false);
}
