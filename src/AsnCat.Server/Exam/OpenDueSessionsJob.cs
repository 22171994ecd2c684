using AsnCat.Server.Data;
using Hangfire;
namespace AsnCat.Server.Exam;

/// <summary>
/// Opens every <see cref="SessionState.Scheduled"/> session whose start time has come, so
/// candidates can log in and wait for the proctor's start. One conditional UPDATE
/// (<c>WHERE State = 'Scheduled' AND StartsAt &lt;= now</c>), so running it twice, or twice at
/// once, opens each session once. It runs in the <see cref="ExamWriter"/> rather than on its own
/// DbContext because the writer keeps sessions in memory and refuses logins to a session it
/// believes Scheduled: opening behind its back would leave that copy stale.
/// </summary>
public sealed partial class OpenDueSessionsJob(ExamWriter writer, ILogger<OpenDueSessionsJob> logger)
{
    public const string Id = "open-sessions";

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync()
    {
        var opened = await OpenDueAsync();
        if (opened.Count > 0)
        {
            LogOpened(logger, opened.Count, opened);
        }
    }

    /// <summary>Opens the due sessions; returns the ids this call opened (none if another call got there first).</summary>
    public Task<IReadOnlyList<int>> OpenDueAsync() =>
        writer.RunAsync<IReadOnlyList<int>>(async b =>
        {
            var ids = b.Query(
                "UPDATE ExamSessions SET State = 'Open' WHERE State = 'Scheduled' AND StartsAt <= @now RETURNING Id",
                r => r.GetInt32(0), ("@now", b.Now.UtcTicks));
            foreach (var id in ids)
            {
                // the writer's copy (loaded now if it was not kept) must say Open too
                (await b.SessionAsync(id)).State = SessionState.Open;
                b.Audit("system", null, AuditActions.Session.Opened, $"session:{id}", null);
            }
            return ids;
        }, () => []);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Count} sessions at their start time: {Ids}")]
    private static partial void LogOpened(ILogger logger, int count, IReadOnlyList<int> ids);
}
