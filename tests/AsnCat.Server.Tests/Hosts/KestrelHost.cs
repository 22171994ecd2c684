using System.Buffers;
using System.Collections.Concurrent;
using AsnCat.Contracts.Exam;
using System.Net;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Hosts;

/// <summary>
/// The real server on a loopback Kestrel port (a free one per host: test classes run in parallel),
/// with its own files (<see cref="ServerOptions"/>), no demo data, and by default a hub protocol
/// that records every byte sent to terminals.
/// </summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    public const string Password = TestStaff.Password;

    private readonly WebApplicationFactory<Program> _factory;

    private KestrelHost(WebApplicationFactory<Program> factory, string url, RecordingProtocol protocol)
    {
        _factory = factory;
        Url = url;
        Sent = protocol.Sent;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Every message the server serialized for a terminal, as text (empty unless hub frames are recorded).</summary>
    public ConcurrentQueue<string> Sent { get; }

    public ExamControl Control => Services.GetRequiredService<ExamControl>();

    /// <summary>The server on its own SQLite file in <paramref name="dir"/>, with <paramref name="time"/> as its clock.</summary>
    public static KestrelHost Start(TempDir dir, TimeProvider time, bool deadlineSweep = true, bool recordHubFrames = true) =>
        Start(new ServerOptions { DataDir = dir.Path, Time = time, DeadlineSweep = deadlineSweep }, recordHubFrames);

    public static KestrelHost Start(ServerOptions options, bool recordHubFrames = false)
    {
        var protocol = new RecordingProtocol();
        var factory = ServerFactory.Create(options with
        {
            Services = s =>
            {
                options.Services?.Invoke(s);
                if (recordHubFrames)
                {
                    // the JSON protocol recorded; MessagePack (the .NET terminal's) and blazorpack stay as they are
                    foreach (var json in s.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType == typeof(JsonHubProtocol)).ToList())
                    {
                        s.Remove(json);
                    }
                    s.AddSingleton<IHubProtocol>(sp => protocol.Over(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>()));
                }
            },
        });
        factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(factory, address, protocol);
    }

    /// <summary>A staff account that has already chosen its password (<paramref name="password"/>).</summary>
    public Task CreateStaffAsync(string userName, string role, string password, params string[] venues) =>
        TestStaff.CreateAsync(Services, userName, role, password, mustChangePassword: false, venues);

    /// <summary>A plain client of the real port: no cookies, no redirects followed.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(Url) };

    /// <summary>A signed-in staff client with the role (a new account with <see cref="Password"/>).</summary>
    public async Task<HttpClient> StaffAsync(string userName, string role, params string[] venues)
    {
        await TestStaff.CreateAsync(Services, userName, role, Password, mustChangePassword: false, venues);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        await TestStaff.LogInAsync(client, userName);
        return client;
    }

    public async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(Url + ExamHub.Path).Build();
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>A terminal connected and logged in as <paramref name="person"/> (terminal id <c>T-</c> and the attempt id); fails the test if refused.</summary>
    public async Task<HubConnection> LoginAsync((string Number, string Pin, int AttemptId) person)
    {
        var c = await ConnectAsync();
        var reply = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(person.Number, person.Pin, "T-" + person.AttemptId), TestContext.Current.CancellationToken);
        Assert.True(reply.Ok, reply.Message);
        return c;
    }

    /// <summary>One answer as a terminal sends it (<paramref name="slot"/>: the option's place on screen; null clears).</summary>
    public static Task<SaveReply> SaveAsync(HubConnection c, int position, int? slot, long seq) =>
        c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(position, slot, seq), TestContext.Current.CancellationToken);

    /// <summary>A view's set as a terminal shows it: its content fetched from this server (docs/protocol.md, "ExamSet").</summary>
    public Task<IReadOnlyList<QuestionView>> QuestionsAsync(ExamView view) =>
        new AsnCat.ExamClient.Terminal.HttpExamContent(new HttpClient(), new Uri(Url)).QuestionsAsync(view.Set!, view.Subtests, TestContext.Current.CancellationToken);

    public AsnCatDb Db() => Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext();

    /// <summary>
    /// A session on the sample bank with <paramref name="count"/> candidates, seeded by the server's
    /// <see cref="SessionSeeder"/> through its <see cref="ExamControl"/>: PINs issued; started unless told otherwise.
    /// </summary>
    public async Task<(int SessionId, List<(string Number, string Pin, int AttemptId)> People)> SeedSessionAsync(int count, bool start = true, string category = "umum")
    {
        await Services.GetRequiredService<ExamWriter>().Ready;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var session = await SessionSeeder.SeedAsync(Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), Control, new SessionSpec
        {
            Code = "S-" + tag,
            Formation = SessionSpec.TestFormation("F-" + tag),
            Candidates = SessionSpec.Crowd(tag, count, CandidateCategories.Parse(category)),
            StartsAt = T0,
            Seed = "seed-" + tag,
        }, "uji", start, TestContext.Current.CancellationToken);
        Assert.NotNull(session);
        Assert.All(session.People, p => Assert.Equal(6, p.Pin.Length));
        Assert.Equal(start, session.Running);
        return (session.Id, [.. session.People.Select(p => (p.ParticipantNumber, p.Pin, p.AttemptId))]);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The server's JSON hub protocol (its options: the strict request readers too), keeping a copy of every outgoing message.</summary>
    private sealed class RecordingProtocol : IHubProtocol
    {
        private JsonHubProtocol _inner = new(Options.Create(new JsonHubProtocolOptions()));

        public RecordingProtocol Over(IOptions<JsonHubProtocolOptions> options)
        {
            _inner = new JsonHubProtocol(options);
            return this;
        }

        public ConcurrentQueue<string> Sent { get; } = new();

        public string Name => _inner.Name;

        public int Version => _inner.Version;

        public TransferFormat TransferFormat => _inner.TransferFormat;

        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
        {
            var buffer = new ArrayBufferWriter<byte>();
            _inner.WriteMessage(message, buffer);
            Sent.Enqueue(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            output.Write(buffer.WrittenSpan);
        }

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
        {
            var bytes = _inner.GetMessageBytes(message);
            Sent.Enqueue(System.Text.Encoding.UTF8.GetString(bytes.Span));
            return bytes;
        }
    }
}
