using AsnCat.Contracts.Exam;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Exam;

/// <summary>
/// Refusals are answers, not failures: each is logged at Debug only, counted per connection, and
/// summarised in one line when the connection closes, so a terminal that is refused a thousand
/// times writes one line, never a thousand errors with stack traces.
/// </summary>
public sealed partial class RefusalLog(ILogger<RefusalLog> logger) : IHubFilter
{
    private const string CountsKey = "asncat.refusals";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(invocationContext);
        if (result is IExamReply { Ok: false } reply)
        {
            var items = invocationContext.Context.Items;
            var counts = items.TryGetValue(CountsKey, out var value) && value is Dictionary<ExamError, int> known ? known : new Dictionary<ExamError, int>();
            lock (counts)
            {
                counts[reply.Error] = counts.GetValueOrDefault(reply.Error) + 1;
            }
            items[CountsKey] = counts;
            LogRefused(logger, invocationContext.HubMethodName, reply.Error, invocationContext.Context.ConnectionId);
        }
        return result;
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.Items.TryGetValue(CountsKey, out var value) && value is Dictionary<ExamError, int> counts)
        {
            string summary;
            int total;
            lock (counts)
            {
                total = counts.Values.Sum();
                summary = string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
            }
            LogSummary(logger, context.Context.ConnectionId, total, summary);
        }
        await next(context, exception);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Exam hub refused {Method} with {Error} on connection {ConnectionId}")]
    private static partial void LogRefused(ILogger logger, string method, ExamError error, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exam hub connection {ConnectionId} closed after {Refused} refused calls ({Counts})")]
    private static partial void LogSummary(ILogger logger, string connectionId, int refused, string counts);
}
