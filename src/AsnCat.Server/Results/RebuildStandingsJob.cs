using Hangfire;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Results;

/// <summary>
/// Rebuilds the results of one exam session: the standings of every formation with a candidate
/// in it, written as <c>formation-&lt;code&gt;.csv/.xlsx</c>, and the session's own results as
/// <c>session-&lt;code&gt;.csv/.xlsx</c>, in <see cref="ResultsOptions.ExportDirectory"/>. Each
/// file is written beside its target and moved over it, so a reader sees the old file or the new
/// one, never half of one. Reentrant: it only reads the database, and a second run writes the
/// same files again (the same CSV bytes). A formation that cannot be ranked (e.g. mixed threshold
/// sets) is logged and skipped, the session files are then not written, and the job fails so the
/// dashboard shows it; the other formations' files are still written.
/// </summary>
public sealed partial class RebuildStandingsJob(Standings standings, IOptions<ResultsOptions> options, IHostEnvironment environment, ILogger<RebuildStandingsJob> logger)
{
    /// <summary>Queues a rebuild for the session (e.g. when the committee ends it); returns the job id.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, int sessionId)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Enqueue<RebuildStandingsJob>(j => j.RunForSessionAsync(sessionId));
    }

    public string ExportDirectory => options.Value.ResolveExportDirectory(environment.ContentRootPath);

    // two rebuilds at once (two sessions sharing a formation) would write the same files: one at a time
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunForSessionAsync(int sessionId)
    {
        var ct = CancellationToken.None;
        var directory = ExportDirectory;
        Directory.CreateDirectory(directory);
        var found = await standings.SessionFormationCodesAsync(sessionId, ct);
        if (found is not { } session)
        {
            LogNoSession(logger, sessionId);
            return;
        }

        var failed = new List<string>();
        foreach (var code in session.FormationCodes)
        {
            try
            {
                var standing = await standings.ForFormationAsync(code, ct);
                if (standing is null)
                {
                    continue;   // removed since the session was read
                }
                await WriteAsync(directory, ResultExports.FormationFileName(code, "csv"), ResultExports.Csv(standing.Subtests, standing.Rows), ct);
                await WriteAsync(directory, ResultExports.FormationFileName(code, "xlsx"), ResultExports.Xlsx(standing.Subtests, standing.Rows, code, $"Peringkat formasi {code}"), ct);
            }
            catch (StandingsException e)
            {
                LogFormationFailed(logger, e, code, sessionId);
                failed.Add(e.Message);
            }
        }
        if (failed.Count > 0)
        {
            throw new StandingsException($"Hasil sesi {session.Code} tidak dibuat: {string.Join(" ", failed)}");
        }

        // the session's rows: its candidates' rows from one more read of the same formations
        if (await standings.ForSessionAsync(sessionId, ct) is { } results)
        {
            var rows = results.Session.Rows;
            await WriteAsync(directory, ResultExports.SessionFileName(results.Session.SessionCode, "csv"), ResultExports.Csv(results.Session.Subtests, rows), ct);
            await WriteAsync(directory, ResultExports.SessionFileName(results.Session.SessionCode, "xlsx"), ResultExports.Xlsx(results.Session.Subtests, rows, results.Session.SessionCode, $"Hasil sesi {results.Session.SessionCode}"), ct);
            LogRebuilt(logger, results.Session.SessionCode, results.Formations.Count, rows.Count, directory);
        }
    }

    /// <summary>Writes a file atomically: a temporary file in the same folder, then a move over the target.</summary>
    internal static async Task WriteAsync(string directory, string fileName, byte[] content, CancellationToken ct)
    {
        var target = Path.Combine(directory, fileName);
        var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(content, ct);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuild standings: session {SessionId} not found")]
    private static partial void LogNoSession(ILogger logger, int sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuild standings: formation {FormationCode} (session {SessionId}) cannot be ranked")]
    private static partial void LogFormationFailed(ILogger logger, Exception exception, string formationCode, int sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt results of session {SessionCode}: {FormationCount} formations, {RowCount} rows, in {Directory}")]
    private static partial void LogRebuilt(ILogger logger, string sessionCode, int formationCount, int rowCount, string directory);
}
