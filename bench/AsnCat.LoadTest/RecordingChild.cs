using System.Diagnostics;

namespace AsnCat.LoadTest;

/// <summary>
/// A process of this program that records in the background (<see cref="ObserverProcess"/>,
/// <see cref="PollerProcess"/>): started with its verb, it says one line when ready; told
/// <c>stop</c>, it writes its recording to <see cref="File"/> and says <c>written</c>; disposed,
/// it is given 10 s to end, then killed, and its file deleted (a run that failed halfway leaves no
/// recording behind, in memory when under /dev/shm).
/// </summary>
internal sealed class RecordingChild(Process process, string what, string file) : IDisposable
{
    public string File { get; } = file;

    /// <summary>Starts <c>dotnet &lt;this program&gt; &lt;verb&gt; &lt;args&gt;</c>; returns it and its first line once <paramref name="ready"/> accepts that line (within <paramref name="wait"/> when given).</summary>
    public static async Task<(RecordingChild Child, string Line)> StartAsync(
        string what, string verb, IEnumerable<string> args, string file, Func<string, bool> ready, TimeSpan? wait, CancellationToken ct)
    {
        var dll = typeof(RecordingChild).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var a in new[] { dll, verb }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"the {what} process did not start");
        var line = await ReadLineAsync(process, wait, ct);
        if (line is null || !ready(line))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the {what} process failed: {line ?? "(no output)"}");
        }
        return (new RecordingChild(process, what, file), line);
    }

    /// <summary>Tells the child to stop and waits (within <paramref name="wait"/> when given) until its recording is written to <see cref="File"/>.</summary>
    public async Task HandOverAsync(TimeSpan? wait, CancellationToken ct)
    {
        await process.StandardInput.WriteLineAsync("stop".AsMemory(), ct);
        await process.StandardInput.FlushAsync(ct);
        var line = await ReadLineAsync(process, wait, ct);
        if (line != "written")
        {
            throw new InvalidOperationException($"the {what} process failed to hand over its recording: {line ?? "(exited)"}");
        }
    }

    public void Dispose()
    {
        if (!process.WaitForExit(10_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process.Dispose();
        System.IO.File.Delete(File);
    }

    private static async Task<string?> ReadLineAsync(Process process, TimeSpan? wait, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (wait is { } most)
        {
            limit.CancelAfter(most);
        }
        return await process.StandardOutput.ReadLineAsync(limit.Token);
    }
}
