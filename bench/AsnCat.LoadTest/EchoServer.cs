using System.Diagnostics;
using AsnCat.Contracts.Exam;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsnCat.LoadTest;

/// <summary>
/// The yardstick: a bare SignalR hub on the same machine whose one method returns its argument
/// (a <see cref="SaveAnswerRequest"/>, the same shape as an answer). Started as a child process
/// of this program, like the AsnCat server, with the same Kestrel defaults and the same GC (workstation).
/// </summary>
public static class EchoServer
{
    public const string Verb = "echo-server";

    public const string Path = "/hubs/echo";

    /// <summary>The yardstick's memory after a full collection, as <c>/api/admin/runtime?collect=true</c> on the server.</summary>
    public const string MemoryPath = "/memory";

    private static EchoMemory ReadMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new EchoMemory(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        // both protocols, as the exam hub: the yardstick speaks whatever the run speaks
        builder.Services.AddSignalR().AddMessagePackProtocol(o => o.SerializerOptions = Connections.MessagePack);
        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok());
        app.MapGet(MemoryPath, ReadMemory);
        app.MapHub<EchoHub>(Path);
        await app.RunAsync();
        return 0;
    }
}

/// <summary>The echo hub's working set, managed heap and GC-committed memory, in bytes, after a full collection.</summary>
public sealed record EchoMemory(long WorkingSetBytes, long HeapBytes, long CommittedBytes);

public sealed class EchoHub : Hub
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "SignalR calls hub methods on a hub instance")]
    public SaveAnswerRequest Echo(SaveAnswerRequest request) => request;
}

/// <summary>N connections to the echo hub, each calling back to back, as the closed loop against AsnCat.</summary>
public sealed class EchoTerminal(int index, Uri hubUrl) : IAsyncDisposable
{
    private readonly HubConnection _connection = Connections.Build(hubUrl);
    private readonly Random _random = new(index);
    private long _seq;

    public List<long> Latencies { get; } = [];

    public List<long> PacedLatencies { get; } = [];

    public Errors Errors { get; } = new();

    public async Task ConnectAsync(CancellationToken ct)
    {
        try
        {
            await _connection.StartAsync(ct);
            Connected = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Errors.Fail($"connect: {e.GetType().Name}: {e.Message}");
        }
    }

    public bool Connected { get; private set; }

    /// <summary>One call per <paramref name="interval"/> from a random offset, as <see cref="Terminal.RunPacedAsync"/>.</summary>
    public async Task RunPacedAsync(long start, long end, TimeSpan interval, CancellationToken ct)
    {
        if (!Connected)
        {
            return;
        }
        var step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var due = start + (long)(_random.NextDouble() * step);
        while (due < end && !ct.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            await CallAsync(PacedLatencies, ct);
            due += step;
        }
    }

    public async Task RunClosedLoopAsync(long end, CancellationToken ct)
    {
        if (!Connected)
        {
            return;
        }
        while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
        {
            if (!await CallAsync(Latencies, ct))
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private async Task<bool> CallAsync(List<long> latencies, CancellationToken ct)
    {
        var request = new SaveAnswerRequest(_random.Next(110), _random.Next(Scoring.Options.Count), ++_seq);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await _connection.InvokeAsync<SaveAnswerRequest>(nameof(EchoHub.Echo), request, ct).WaitAsync(LoadTestOptions.CallTimeout, ct);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            if (reply != request)
            {
                Errors.Fail("echo: reply differs from request");
            }
            return true;
        }
        catch (TimeoutException)
        {
            Errors.Timeout();
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Errors.Fail($"echo: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
