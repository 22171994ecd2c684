using AsnCat.Contracts.Exam;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// <see cref="IExamTransport"/> over a SignalR <see cref="HubConnection"/>. It never gives up:
/// automatic reconnect retries forever, and a connection that closes anyway (server restart,
/// failed reconnect) is started again until it is up.
/// </summary>
public sealed partial class SignalRExamTransport : IExamTransport, IAsyncDisposable
{
    private static readonly TimeSpan RestartEvery = TimeSpan.FromSeconds(2);

    private readonly HubConnection connection;
    private readonly TimeProvider time;
    private readonly ILogger<SignalRExamTransport> logger;
    private readonly CancellationTokenSource disposing = new();
    private readonly CancellationTokenRegistration stopping;

    /// <param name="terminalAddress">The candidate's browser address, sent as <c>X-Forwarded-For</c>; null sends none.</param>
    /// <param name="applicationStopping">
    /// The host's stopping signal. When it fires the connection is stopped for good, before the
    /// server closes its side: a terminal that reconnected in that moment would hold the server's
    /// shutdown open until its timeout.
    /// </param>
    public SignalRExamTransport(Uri hubUrl, TimeProvider time, ILogger<SignalRExamTransport> logger, string? terminalAddress = null,
        CancellationToken applicationStopping = default)
    {
        this.time = time;
        this.logger = logger;
        connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                if (terminalAddress is not null)
                {
                    o.Headers["X-Forwarded-For"] = terminalAddress;
                }
            })
            // MessagePack: the smaller, faster of the hub's two protocols (docs/protocol.md); enums as numbers, as the server writes them
            .AddMessagePackProtocol(o => o.SerializerOptions = MessagePack.MessagePackSerializerOptions.Standard
                .WithResolver(MessagePack.Resolvers.ContractlessStandardResolver.Instance)
                .WithSecurity(MessagePack.MessagePackSecurity.UntrustedData))
            .WithAutomaticReconnect(new NeverGiveUp())
            .Build();
        connection.Reconnecting += error =>
        {
            LogReconnecting(logger, error);
            return RaiseAsync(Reconnecting);
        };
        connection.Reconnected += _ => RaiseAsync(Reconnected);
        connection.Closed += OnClosedAsync;
        // token callbacks run newest first, so this runs before SignalR's own close of every connection
        stopping = applicationStopping.Register(() =>
        {
            disposing.Cancel();
            _ = connection.StopAsync(); // cancels a reconnect at once, then closes
        });
    }

    public event Func<Task>? Reconnecting;

    public event Func<Task>? Reconnected;

    public event Func<Task>? Closed;

    public void Receive(IExamClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        connection.On<ClockView>(nameof(IExamClient.ClockChanged), client.ClockChanged);
        connection.On<ExamResult>(nameof(IExamClient.AttemptEnded), client.AttemptEnded);
        connection.On<string>(nameof(IExamClient.TerminalReleased), client.TerminalReleased);
    }

    public Task StartAsync(CancellationToken cancellationToken) => ConnectAsync(cancellationToken);

    public Task<LoginReply> Login(LoginRequest request) =>
        connection.InvokeAsync<LoginReply>(nameof(IExamHub.Login), request);

    public Task<LoginReply> Reattach(ResumeRequest request) =>
        connection.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), request);

    public Task<SaveReply> SaveAnswer(SaveAnswerRequest request) =>
        connection.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), request);

    public Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request) =>
        connection.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), request);

    public Task<FinishReply> Finish(FinishRequest request) =>
        connection.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), request);

    public Task<ClockReply> Clock() =>
        connection.InvokeAsync<ClockReply>(nameof(IExamHub.Clock));

    public Task<DisplayReply> SaveDisplay(DisplayRequest request) =>
        connection.InvokeAsync<DisplayReply>(nameof(IExamHub.SaveDisplay), request);

    public async ValueTask DisposeAsync()
    {
        await stopping.DisposeAsync();
        await disposing.CancelAsync();
        await connection.DisposeAsync();
        disposing.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await connection.StartAsync(cancellationToken);
                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogConnectFailed(logger, error.Message);
                await Task.Delay(RestartEvery, time, cancellationToken);
            }
        }
    }

    private async Task OnClosedAsync(Exception? error)
    {
        LogClosed(logger, error);
        await RaiseAsync(Closed);
        if (!disposing.IsCancellationRequested)
        {
            _ = RestartAsync();
        }
    }

    private async Task RestartAsync()
    {
        try
        {
            await Task.Delay(RestartEvery, time, disposing.Token);
            await ConnectAsync(disposing.Token);
            // dropped again at once: the next Closed (or the client's own reconnect) reports it
            if (connection.State == HubConnectionState.Connected)
            {
                await RaiseAsync(Reconnected);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed while restarting: the terminal is gone.
        }
    }

    private static Task RaiseAsync(Func<Task>? handlers) => handlers?.Invoke() ?? Task.CompletedTask;

    /// <summary>0, 1, 2 s, then every 2 s, forever: an exam outlives a server restart.</summary>
    private sealed class NeverGiveUp : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.PreviousRetryCount switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromSeconds(1),
            _ => TimeSpan.FromSeconds(2),
        };
    }

    [LoggerMessage(LogLevel.Warning, "Exam hub connection lost; reconnecting")]
    private static partial void LogReconnecting(ILogger logger, Exception? error);

    [LoggerMessage(LogLevel.Warning, "Exam hub connection closed; restarting it")]
    private static partial void LogClosed(ILogger logger, Exception? error);

    [LoggerMessage(LogLevel.Information, "Exam hub not reachable ({Reason}); retrying")]
    private static partial void LogConnectFailed(ILogger logger, string reason);
}
