using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Live;

/// <summary>
/// The exam comes first: the live hub admits <c>Live:MaxObservers</c> observers; one more is
/// refused before it connects with an Indonesian problem that points to the public HTTP state,
/// a place freed is taken again, and MessagePack observers watch and get patches like JSON ones.
/// </summary>
public sealed class LiveAdmissionTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private KestrelHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LiveCounters Counters => _host.Services.GetRequiredService<LiveCounters>();

    public ValueTask InitializeAsync()
    {
        _host = KestrelHost.Start(new ServerOptions
        {
            DataDir = _dir.Path,
            Time = TimeProvider.System,
            Settings = new Dictionary<string, string> { ["Live:MaxObservers"] = "2", ["Live:PushInterval"] = "00:00:00.1" },
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_observer_over_the_limit_is_refused_with_a_pointer_to_the_HTTP_state_and_a_freed_place_is_taken_again()
    {
        var (sessionId, _) = await _host.SeedSessionAsync(1);
        var code = await CodeAsync(sessionId);
        await using var first = await ObserverAsync();
        await using var second = await ObserverAsync();
        Assert.Single((await first.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct)).Rows);
        Assert.Equal(2, Counters.Observers);

        // the .NET client: refused at negotiate, before any WebSocket
        var third = new HubConnectionBuilder().WithUrl(_host.Url + LiveHubContract.Path).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => third.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await third.DisposeAsync();

        // what any client reads: 503, Retry-After and where the board is instead
        using var http = _host.Anonymous();
        using var negotiate = await http.PostAsync(LiveHubContract.Path + "/negotiate?negotiateVersion=1", null, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
        Assert.NotNull(negotiate.Headers.RetryAfter);
        var problem = await negotiate.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Pemantau papan nilai penuh", problem.GetProperty("title").GetString());
        Assert.Contains("/api/public/live/sessions/{kode}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((2L, 2L), (Counters.Admitted, Counters.Refused));

        await second.StopAsync(Ct);
        await WaitUntilAsync(() => Counters.Observers == 1);
        await using var fourth = await ObserverAsync();
        Assert.Single((await fourth.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct)).Rows);
        Assert.Equal((2L, 3L, 2L), (Counters.Observers, Counters.Admitted, Counters.Refused));

        // the runtime view carries the same counts
        using var admin = await _host.StaffAsync("operator", AsnCat.Server.Identity.StaffRoles.Admin);
        var runtime = await admin.GetFromJsonAsync<JsonElement>(AsnCat.Server.Runtime.RuntimeApi.Path, Ct);
        var liveView = runtime.GetProperty("live");
        Assert.Equal((2, 3, 2, 0), (liveView.GetProperty("observers").GetInt64(), liveView.GetProperty("admitted").GetInt64(),
            liveView.GetProperty("refused").GetInt64(), liveView.GetProperty("dropped").GetInt64()));
    }

    [Fact]
    public async Task A_MessagePack_observer_watches_a_board_and_applies_its_patches()
    {
        var (sessionId, people) = await _host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        var connection = new HubConnectionBuilder().WithUrl(_host.Url + LiveHubContract.Path).AddMessagePackProtocol().Build();
        await using var _ = connection;
        var boards = new LiveBoardRecorder(() => connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        connection.On<BoardPatch>(nameof(ILiveClient.Patch), boards.OnPatch);
        await connection.StartAsync(Ct);
        var board = await connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct);
        Assert.Equal(2, board.Rows.Count);
        await boards.OnBoard(board);

        await using var terminal = await _host.LoginAsync(people[1]);
        Assert.True((await KestrelHost.SaveAsync(terminal, 0, 1, 1)).Ok);
        Assert.True((await KestrelHost.SaveAsync(terminal, 1, 2, 2)).Ok);
        var shown = await boards.WaitAsync(b => b.Rows.Any(r => r.ParticipantNumber == people[1].Number && r.Answered == 2));
        Assert.Equal(board.Sessions, shown.Sessions);
        Assert.True(Counters.Pushes >= 1 && Counters.PushBytes > 0);
    }

    [Fact]
    public void Over_MessagePack_a_cell_is_a_map_of_the_dotnet_names_as_the_public_api_says()
    {
        var bytes = MessagePack.MessagePackSerializer.Serialize(new RowCells(3, Total: 12, Answered: 4), AsnCat.Server.Exam.StrictMessagePack.Options, Ct);

        var reader = new MessagePack.MessagePackReader(bytes);
        var keys = new List<string?>();
        for (var n = reader.ReadMapHeader(); n > 0; n--)
        {
            keys.Add(reader.ReadString());
            reader.Skip();
        }
        Assert.Equal(["Index", "Scores", "Total", "Passed", "Answered", "State", "Final"], keys);
    }

    private async Task<HubConnection> ObserverAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(_host.Url + LiveHubContract.Path).Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    private async Task<string> CodeAsync(int sessionId)
    {
        await using var db = _host.Db();
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }
        Assert.True(condition());
    }
}
