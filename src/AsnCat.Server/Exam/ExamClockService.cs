using Microsoft.Extensions.Options;

namespace AsnCat.Server.Exam;

/// <summary>
/// The server's clock duties: every second end and score attempts past their deadline (with or
/// without a terminal connected), every two seconds record a heartbeat (the measure of downtime
/// after a crash). Both go through the writer, so a sweep is never applied twice.
/// </summary>
public sealed partial class ExamClockService(ExamWriter writer, ExamControl control, TimeProvider time, IOptions<ExamOptions> options, ILogger<ExamClockService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await writer.Ready.WaitAsync(stoppingToken);
        var sweep = options.Value.DeadlineSweep;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var tick = 0L;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var ended = sweep ? await control.EndExpiredAsync() : 0;
                if (ended > 0)
                {
                    LogEnded(logger, ended);
                }
                if (++tick % 2 == 0)
                {
                    await control.HeartbeatAsync();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended and scored {Count} attempts at their deadline")]
    private static partial void LogEnded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline sweep failed")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
