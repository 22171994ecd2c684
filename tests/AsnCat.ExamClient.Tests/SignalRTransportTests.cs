using System.Net;
using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsnCat.ExamClient.Tests;

/// <summary>The production transport against a real SignalR hub on Kestrel: names, payloads, pushes, and a server restart.</summary>
public sealed class SignalRTransportTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private WebApplication? server;

    [Fact]
    public async Task Calls_and_pushes_cross_the_wire_with_the_contracts_names_and_shapes()
    {
        server = await StartServerAsync(port: 0);
        var hubUrl = TerminalHubUrl.FromServerAddresses(Addresses(server));
        await using var transport = new SignalRExamTransport(hubUrl, TimeProvider.System, NullLogger<SignalRExamTransport>.Instance);
        var client = new RecordingClient();
        transport.Receive(client);
        await transport.StartAsync(TestContext.Current.CancellationToken);

        var reply = await transport.Login(new LoginRequest("DEMO-0001", "123456", "R1-012"));
        var saved = await transport.SaveAnswer(new SaveAnswerRequest(3, 2, 9));
        await Hub(server).Clients.All.ClockChanged(ExamHubForTests.ServerClock);
        await Hub(server).Clients.All.TerminalReleased("dilepas");

        Assert.True(reply.Ok);
        Assert.Equal("token:DEMO-0001:R1-012", reply.Token);
        Assert.Equal(10, reply.Exam!.Set!.Questions.Count);
        Assert.Equal((1, "c1"), (reply.Exam.Set.Questions[1].Position, reply.Exam.Set.Questions[1].Content));
        Assert.Equal([4, 3, 2, 1, 0], reply.Exam.Set.Questions[1].Order);
        Assert.Equal(new SaveReply(true, true, 9, ExamError.None, null, new AnswerView(3, 2, false)), saved);
        Assert.Equal(ExamHubForTests.ServerClock, await client.Clock.Task.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal("dilepas", await client.Released.Task.WaitAsync(Patience, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_server_restart_is_survived_and_reported_as_reconnected()
    {
        server = await StartServerAsync(port: 0);
        var hubUrl = TerminalHubUrl.FromServerAddresses(Addresses(server));
        await using var transport = new SignalRExamTransport(hubUrl, TimeProvider.System, NullLogger<SignalRExamTransport>.Instance);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Reconnecting += () => Signal(lost);
        transport.Closed += () => Signal(lost);
        transport.Reconnected += () => Signal(back);
        transport.Receive(new RecordingClient());
        await transport.StartAsync(TestContext.Current.CancellationToken);

        await server.StopAsync(TestContext.Current.CancellationToken);
        await server.DisposeAsync();
        await lost.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => transport.Clock());
        server = await StartServerAsync(hubUrl.Port);

        await back.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(ExamHubForTests.ServerClock, await ClockOnceActiveAsync(transport));
    }

    /// <summary>
    /// The clock, asked until the connection takes calls: a graceful server stop can leave the old
    /// connection half-closed, so a reconnect may be followed by one more drop and reconnect
    /// (seen about once in ten clean-clone runs); the terminal retries a failed re-attach the same
    /// way. Fails if calls do not work again within the patience.
    /// </summary>
    private static async Task<ClockView> ClockOnceActiveAsync(SignalRExamTransport transport)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return (await transport.Clock()).Clock!;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private static Task Signal(TaskCompletionSource source)
    {
        source.TrySetResult();
        return Task.CompletedTask;
    }

    private static async Task<WebApplication> StartServerAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        // the terminal speaks MessagePack with enums as numbers, as the exam server does
        builder.Services.AddSignalR().AddMessagePackProtocol(o => o.SerializerOptions = MessagePack.MessagePackSerializerOptions.Standard
            .WithResolver(MessagePack.Resolvers.ContractlessStandardResolver.Instance));
        var app = builder.Build();
        app.MapHub<ExamHubForTests>(ExamHub.Path);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static ICollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;

    private static IHubContext<ExamHubForTests, IExamClient> Hub(WebApplication app) =>
        app.Services.GetRequiredService<IHubContext<ExamHubForTests, IExamClient>>();

    private sealed class RecordingClient : IExamClient
    {
        public TaskCompletionSource<ClockView> Clock { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ClockChanged(ClockView clock)
        {
            Clock.TrySetResult(clock);
            return Task.CompletedTask;
        }

        public Task AttemptEnded(ExamResult result) => Task.CompletedTask;

        public Task TerminalReleased(string reason)
        {
            Released.TrySetResult(reason);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A hub answering with canned replies, named and shaped by the shared contract.</summary>
public sealed class ExamHubForTests : Hub<IExamClient>, IExamHub
{
    public static readonly ClockView ServerClock = new(ExamPhase.Running, FakeExamServer.ServerEpoch, FakeExamServer.ServerEpoch, FakeExamServer.ServerEpoch.AddMinutes(100), 100);

    public Task<LoginReply> Login(LoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var set = new ExamSet("set-1", "/exam/content/uji/", Enumerable.Range(0, 10).Select(p => new QuestionRef(p, $"c{p}", [4, 3, 2, 1, 0])).ToList());
        var view = new ExamView(Sample.Candidate(), ExamPhase.Running, ServerClock, Sample.Subtests, set.Hash, set, [], 0, null);
        return Task.FromResult(new LoginReply(true, ExamError.None, null, $"token:{request.ParticipantNumber}:{request.TerminalName}", view));
    }

    public Task<LoginReply> Reattach(ResumeRequest request) => Task.FromResult(LoginReply.Refused(ExamError.NotLoggedIn, "tidak"));

    public Task<SaveReply> SaveAnswer(SaveAnswerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new SaveReply(true, true, request.Seq, ExamError.None, null, new AnswerView(request.Position, request.Slot, false)));
    }

    public Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request) => throw new HubException("tidak dipakai");

    public Task<FinishReply> Finish(FinishRequest request) => throw new HubException("tidak dipakai");

    public Task<ClockReply> Clock() => Task.FromResult(new ClockReply(true, ExamError.None, null, ServerClock));

    public Task<DisplayReply> SaveDisplay(DisplayRequest request) => Task.FromResult(new DisplayReply(true, ExamError.None, null));
}
