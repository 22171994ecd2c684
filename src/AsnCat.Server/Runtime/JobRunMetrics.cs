using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire.Server;
namespace AsnCat.Server.Runtime;

/// <summary>
/// A Hangfire server filter: every job this node performs, counted by job (<c>Type.Method</c>) and
/// outcome, with its duration, on the meter <see cref="MeterName"/> (exported at <c>/metrics</c>).
/// </summary>
public sealed class JobRunMetrics : IServerFilter
{
    public const string MeterName = "AsnCat.Jobs";
    private const string StartedKey = "asncat.metrics.started";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;

    public JobRunMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _runs = meter.CreateCounter<long>("asncat.jobs.runs", "{run}", "Pekerjaan latar yang dijalankan node ini, per pekerjaan dan hasil (succeeded/failed)");
        _duration = meter.CreateHistogram<double>("asncat.jobs.duration", "s", "Lama satu pekerjaan latar berjalan");
    }

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.BackgroundJob.Job;
        var tags = new TagList
        {
            { "job", job is null ? "?" : $"{job.Type.Name}.{job.Method.Name}" },
            { "outcome", context.Exception is null || context.ExceptionHandled ? "succeeded" : "failed" },
        };
        _runs.Add(1, tags);
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long timestamp)
        {
            _duration.Record(Stopwatch.GetElapsedTime(timestamp).TotalSeconds, tags);
        }
    }
}
