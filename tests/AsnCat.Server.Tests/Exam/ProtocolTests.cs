using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Hosts;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// What docs/protocol.md promises a terminal in any language, over both hub protocols: strict
/// requests, one writing connection per attempt, refusals as replies (and quietly logged), and the
/// set as references to content fetched once.
/// </summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(KestrelHost.T0);
    private readonly InProcessHost.LogSink _log = new();
    private KestrelHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _host = KestrelHost.Start(new ServerOptions
        {
            DataDir = _dir.Path,
            Time = _time,
            // the rate limit off: a thousand refused calls must reach the hub
            // production's log level (Testing writes warnings only)
            Settings = new Dictionary<string, string> { ["HubGuard:Exam:PerSecond"] = "0", ["Serilog:MinimumLevel:Default"] = "Information" },
            Services = s => s.AddSingleton<ILogEventSink>(_log),
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<HubConnection> ConnectAsync(string protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(_host.Url + ExamHub.Path);
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance));
        }
        var connection = builder.Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    private static Task<LoginReply> Login(HubConnection c, (string Number, string Pin, int AttemptId) p) =>
        c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(p.Number, p.Pin, "T-01"), Ct);

    private async Task<int> StoredAnswersAsync(int attemptId)
    {
        await using var db = _host.Db();
        return await db.AnswerEvents.CountAsync(e => e.AttemptId == attemptId, Ct);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task Missing_misspelt_null_and_mistyped_fields_are_refused_naming_the_field_and_store_nothing(string protocol)
    {
        var (_, people) = await _host.SeedSessionAsync(1);
        await using var c = await ConnectAsync(protocol);
        Assert.True((await Login(c, people[0])).Ok);

        // the outside client's defect: these were stored as answer E at position 0 and acknowledged
        var cases = new (Dictionary<string, object?> Request, string Problem)[]
        {
            (new() { ["slot"] = 4, ["seq"] = 1L }, "kolom 'position' wajib diisi (bilangan bulat)"),
            (new() { ["posisi"] = 9, ["slot"] = 4, ["seq"] = 2L }, "kolom 'posisi' tidak dikenal; kolom yang dikenal: position, slot, seq"),
            (new() { ["position"] = 3, ["seq"] = 3L }, "kolom 'slot' wajib diisi (bilangan bulat atau null)"),
            (new() { ["position"] = null, ["slot"] = 1, ["seq"] = 4L }, "kolom 'position' tidak boleh null (bilangan bulat)"),
            (new() { ["position"] = "3", ["slot"] = 1, ["seq"] = 5L }, "kolom 'position' harus bilangan bulat, bukan teks"),
            (new() { ["position"] = 1.5, ["slot"] = 1, ["seq"] = 6L }, "kolom 'position' harus bilangan bulat, bukan bilangan pecahan atau bilangan di luar jangkauan"),
            (new() { ["position"] = 3, ["slot"] = 1, ["seq"] = 9_007_199_254_740_992L }, "kolom 'seq' harus bilangan bulat 1..9007199254740991"),
            (new() { ["position"] = 3, ["slot"] = true, ["seq"] = 7L }, "kolom 'slot' harus bilangan bulat, bukan true/false"),
        };
        foreach (var (request, problem) in cases)
        {
            var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), request, Ct);
            Assert.Equal((false, false, ExamError.InvalidRequest), (reply.Ok, reply.Applied, reply.Error));
            Assert.Equal($"Permintaan SaveAnswer tidak valid: {problem}. Tidak ada yang disimpan.", reply.Message);
        }
        var mark = await c.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), new Dictionary<string, object?> { ["position"] = 0, ["seq"] = 8L }, Ct);
        Assert.Equal("Permintaan MarkDoubtful tidak valid: kolom 'doubtful' wajib diisi (true atau false). Tidak ada yang disimpan.", mark.Message);
        var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new Dictionary<string, object?>(), Ct);
        Assert.Equal((ExamError.InvalidRequest, "Permintaan Finish tidak valid: kolom 'confirmed' wajib diisi (true atau false). Tidak ada yang disimpan."), (finish.Error, finish.Message));
        Assert.Equal(0, await StoredAnswersAsync(people[0].AttemptId));

        // the same fields, well formed and in any case, are stored
        var ok = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new Dictionary<string, object?> { ["Position"] = 3, ["slot"] = null, ["SEQ"] = 9L }, Ct);
        Assert.Equal((true, true, new AnswerView(3, null, false)), (ok.Ok, ok.Applied, ok.Current));
        Assert.Equal(1, await StoredAnswersAsync(people[0].AttemptId));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task A_reattach_from_a_second_connection_takes_the_attempt_over_tells_the_first_and_is_audited(string protocol)
    {
        var (_, people) = await _host.SeedSessionAsync(1);
        await using var first = await ConnectAsync(protocol);
        var released = new TaskCompletionSource<string>();
        first.On<string>(nameof(IExamClient.TerminalReleased), r => released.TrySetResult(r));
        var login = await Login(first, people[0]);
        Assert.True((await KestrelHost.SaveAsync(first, 0, 1, 1)).Ok);

        await using var second = await ConnectAsync(protocol);
        var taken = await second.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(login.Token!, login.Exam!.SetHash), Ct);
        Assert.True(taken.Ok, taken.Message);
        Assert.Null(taken.Exam!.Set);   // it presented the set it holds: not sent again
        Assert.Equal(login.Exam.SetHash, taken.Exam.SetHash);

        Assert.Equal(ExamService.TakenOverMessage, await released.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var late = await KestrelHost.SaveAsync(first, 1, 2, 2);
        Assert.Equal((false, ExamError.Released, ExamService.TakenOverMessage), (late.Ok, late.Error, late.Message));
        var clock = await first.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct);
        Assert.Equal(ExamError.Released, clock.Error);
        Assert.True((await KestrelHost.SaveAsync(second, 1, 3, 2)).Ok);
        Assert.Equal(2, await StoredAnswersAsync(people[0].AttemptId));

        await using var db = _host.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Attempt.TakenOver, Ct);
        Assert.Equal((people[0].Number, $"attempt:{people[0].AttemptId}", "127.0.0.1"), (audit.Actor, audit.Subject, audit.Address));
        Assert.Contains(second.ConnectionId!, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_refused_calls_from_one_connection_write_a_handful_of_log_lines_and_no_stack_trace()
    {
        var (_, people) = await _host.SeedSessionAsync(1);
        await using var c = await ConnectAsync("json");
        var before = _log.Events.Count;
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(ExamError.NotLoggedIn, (await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Error);
        }
        Assert.True((await Login(c, people[0])).Ok);
        for (var i = 0; i < 250; i++)
        {
            Assert.Equal(ExamError.InvalidPosition, (await KestrelHost.SaveAsync(c, 500, 0, i + 1)).Error);
            Assert.Equal(ExamError.InvalidRequest, (await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new { slot = 1, seq = 1 }, Ct)).Error);
        }
        await c.StopAsync(Ct);
        var summary = await WaitForAsync(() => _log.Events.Skip(before).Any(e => e.MessageTemplate.Text.StartsWith("Exam hub connection", StringComparison.Ordinal)));

        var window = _log.Events.Skip(before).Where(e => e.Level >= LogEventLevel.Information).ToList();
        // what the calls could have written: the server's own areas and ASP.NET Core's (SignalR among them);
        // the host's background start-up (Hangfire announcing its server) may log in the same window
        var written = window.Where(e => Source(e).StartsWith("AsnCat.", StringComparison.Ordinal) || Source(e).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)).ToList();
        Assert.True(summary, "no summary line when the connection closed");
        Assert.True(written.Count is >= 1 and <= 5, $"{written.Count} lines: " + string.Join(" | ", window.Select(e => $"{Source(e)}: {e.MessageTemplate.Text}")));
        Assert.All(window, e => Assert.Null(e.Exception));
        Assert.DoesNotContain(window, e => e.Level >= LogEventLevel.Error);
        var line = Assert.Single(written, e => e.MessageTemplate.Text.StartsWith("Exam hub connection", StringComparison.Ordinal)).RenderMessage();
        Assert.Contains("after 1000 refused calls", line, StringComparison.Ordinal);
        Assert.Contains("NotLoggedIn 500", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_set_is_references_and_its_content_is_served_once_per_hash_only_while_the_session_is_open()
    {
        var (sessionId, people) = await _host.SeedSessionAsync(2, start: false);
        await using var c = await ConnectAsync("messagepack");
        var waiting = await Login(c, people[0]);
        Assert.Equal((ExamPhase.Waiting, (ExamSet?)null, (string?)null), (waiting.Exam!.Phase, waiting.Exam.Set, waiting.Exam.SetHash));   // nobody reads a question before the start

        Assert.True(await _host.Control.StartSessionAsync(sessionId, "pengawas-1"));
        var view = (await c.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(waiting.Token!, null), Ct)).Exam!;
        var set = view.Set!;
        Assert.Equal(110, set.Questions.Count);
        Assert.All(set.Questions, q => Assert.Equal([0, 1, 2, 3, 4], q.Order.Order()));

        using var http = _host.Anonymous();
        var first = set.Questions[0].Content;
        using (var response = await http.GetAsync(new Uri(set.ContentUrl + first, UriKind.Relative), Ct))
        {
            response.EnsureSuccessStatusCode();
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            var body = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(first, Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(body)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        }
        using (var again = new HttpRequestMessage(HttpMethod.Get, new Uri(set.ContentUrl + first, UriKind.Relative)))
        {
            again.Headers.TryAddWithoutValidation("If-None-Match", $"\"{first}\"");
            Assert.Equal(System.Net.HttpStatusCode.NotModified, (await http.SendAsync(again, Ct)).StatusCode);
        }
        var wrongAccess = set.ContentUrl.Replace("/exam/content/", "/exam/content/x", StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(wrongAccess + first, UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(set.ContentUrl + "AAAAAAAAAAAAAAAAAAAAAA", UriKind.Relative), Ct)).StatusCode);

        // another candidate of the session: the same content URL, other positions, shared hashes
        await using var other = await ConnectAsync("json");
        var otherSet = (await Login(other, people[1])).Exam!.Set!;
        Assert.Equal(set.ContentUrl, otherSet.ContentUrl);
        Assert.NotEqual(set.Hash, otherSet.Hash);

        Assert.True(await _host.Control.EndSessionAsync(sessionId, "pengawas-1", "selesai"));
        _time.Advance(TimeSpan.FromSeconds(2));   // the open state is read at most once a second
        var ended = await http.GetAsync(new Uri(set.ContentUrl + first, UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ended.StatusCode);
        Assert.Contains("sesi ujian tidak sedang dibuka", await ended.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static string Source(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string name } ? name : "";

    private static async Task<bool> WaitForAsync(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(25, Ct);
        }
        return done();
    }
}
