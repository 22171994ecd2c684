using AsnCat.Server.Exam;
using Hangfire;

namespace AsnCat.Server.Results;

/// <summary>When a session ends: its formations' standings and exports, rebuilt in the background.</summary>
public sealed class StandingsOnSessionEnd(IBackgroundJobClient jobs) : ISessionEndFollowUp
{
    public void SessionEnded(int sessionId) => RebuildStandingsJob.Enqueue(jobs, sessionId);
}
