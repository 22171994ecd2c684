using System.Buffers;
using System.Collections.Concurrent;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
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
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The real server on a loopback Kestrel port, with its own SQLite file, a fake clock, no demo
/// data, and a hub protocol that records every byte sent to terminals.
/// </summary>
internal sealed class ExamHost : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private readonly WebApplicationFactory<Program> _factory;

    private ExamHost(WebApplicationFactory<Program> factory, string url, RecordingProtocol protocol)
    {
        _factory = factory;
        Url = url;
        Sent = protocol.Sent;
    }

    public string Url { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Every message the server serialized for a terminal, as text.</summary>
    public ConcurrentQueue<string> Sent { get; }

    public ExamControl Control => Services.GetRequiredService<ExamControl>();

    public static ExamHost Start(TempDir dir, TimeProvider time, bool deadlineSweep = true, bool recordHubFrames = true)
    {
        var protocol = new RecordingProtocol();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:AsnCat", $"Data Source={Path.Combine(dir.Path, "asncat.db")};Pooling=False");
            b.UseSetting("Exam:PinKeyFile", Path.Combine(dir.Path, "pin.key"));
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Exam:DeadlineSweep", deadlineSweep ? "true" : "false");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(time);
                if (recordHubFrames)
                {
                    // JSON only, recorded: the Blazor circuit's blazorpack goes with it (no pages in these tests)
                    s.RemoveAll<IHubProtocol>();
                    s.AddSingleton<IHubProtocol>(protocol);
                }
            });
        });
        factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0)); // a free port per host: test classes run in parallel
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new ExamHost(factory, address, protocol);
        return host;
    }

    /// <summary>A staff account that has already chosen its password (<paramref name="password"/>).</summary>
    public async Task CreateStaffAsync(string userName, string role, string password, params string[] venues)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = "Uji " + userName, Venues = venues };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
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

    public AsnCatDb Db() => Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext();

    /// <summary>A session on the sample bank with <paramref name="count"/> candidates, PINs issued; started unless told otherwise.</summary>
    public async Task<(int SessionId, List<(string Number, string Pin, int AttemptId)> People)> SeedSessionAsync(int count, bool start = true, string category = "umum")
    {
        await Services.GetRequiredService<ExamWriter>().Ready;
        var ct = TestContext.Current.CancellationToken;
        int sessionId;
        List<(int Id, string Number)> attempts;
        await using (var db = Db())
        {
            var bank = await db.BankVersions.OrderByDescending(v => v.Id).FirstAsync(ct);
            var tag = Guid.NewGuid().ToString("N")[..6];
            var formation = new Formation { Code = "F-" + tag, Agency = "Instansi Uji", Position = "Analis", Location = "Jakarta", Quota = 1, Education = "S-1" };
            var session = new ExamSession
            {
                Code = "S-" + tag, Venue = "Ruang uji", TimeZone = "WIB", StartsAt = T0, BlueprintCode = "skd",
                BlueprintSnapshotId = bank.BlueprintSnapshotId, BankVersionId = bank.Id, ThresholdSetCode = "skd-2024",
                Seed = "seed-" + tag, State = SessionState.Open,
            };
            for (var i = 1; i <= count; i++)
            {
                var c = new Candidate
                {
                    ParticipantNumber = $"{tag}-{i:D4}", Name = $"Peserta {i}", Nik = "3171010101010" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                    BirthDate = new DateOnly(1999, 1, 1), Formation = formation, Category = CandidateCategories.Parse(category),
                };
                db.Attempts.Add(new Attempt { ExamSession = session, Candidate = c, State = AttemptState.Waiting });
            }
            await db.SaveChangesAsync(ct);
            sessionId = session.Id;
            attempts = await db.Attempts.Where(a => a.ExamSessionId == sessionId).OrderBy(a => a.Id).Select(a => new ValueTuple<int, string>(a.Id, a.Candidate!.ParticipantNumber)).ToListAsync(ct);
        }
        var people = new List<(string, string, int)>();
        foreach (var (id, number) in attempts)
        {
            people.Add((number, (await Control.IssuePinAsync(id, "uji"))!, id));
        }
        if (start)
        {
            Assert.True(await Control.StartSessionAsync(sessionId, "uji"));
        }
        return (sessionId, people);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>JSON hub protocol that keeps a copy of every outgoing message.</summary>
    private sealed class RecordingProtocol : IHubProtocol
    {
        private readonly JsonHubProtocol _inner = new(Options.Create(new JsonHubProtocolOptions()));

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
