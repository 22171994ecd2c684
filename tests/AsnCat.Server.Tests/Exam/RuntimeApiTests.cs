using System.Net;
using System.Net.Http.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Runtime;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
namespace AsnCat.Server.Tests.Exam;

/// <summary>The admin's runtime view counts connections per hub as they open and close (the soak run relies on it).</summary>
public sealed class RuntimeApiTests
{
    private const string Password = "kopi-pagi-di-teras-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_exam_and_live_connections_while_open_and_zero_after_they_close_admin_only()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.CreateStaffAsync("admin-uji", "admin", Password);
        await host.CreateStaffAsync("panitia-uji", "panitia", Password);
        using var admin = await LoggedInAsync(host, "admin-uji");
        using var panitia = await LoggedInAsync(host, "panitia-uji");

        Assert.Equal(HttpStatusCode.Forbidden, (await panitia.GetAsync(RuntimeApi.Path, Ct)).StatusCode);
        var before = await ReadAsync(admin);
        Assert.Equal((0, 0), (before.ExamConnections, before.LiveConnections));

        var exam1 = await host.ConnectAsync();
        var exam2 = await host.ConnectAsync();
        var live = new HubConnectionBuilder().WithUrl(host.Url + LiveHubContract.Path).Build();
        await live.StartAsync(Ct);
        var open = await ReadAsync(admin);
        Assert.Equal((2, 1), (open.ExamConnections, open.LiveConnections));

        await exam1.DisposeAsync();
        await exam2.DisposeAsync();
        await live.DisposeAsync();
        // the server notices a close asynchronously
        var after = await ReadAsync(admin);
        for (var i = 0; i < 50 && (after.ExamConnections, after.LiveConnections) != (0, 0); i++)
        {
            await Task.Delay(100, Ct);
            after = await ReadAsync(admin);
        }
        Assert.Equal((0, 0), (after.ExamConnections, after.LiveConnections));

        var collected = await admin.GetFromJsonAsync<RuntimeView>(RuntimeApi.Path + "?collect=true", Ct);
        Assert.True(collected!.Collected);
        Assert.True(collected.HeapBytes > 0 && collected.WorkingSetBytes > collected.HeapBytes);
        // Kestrel's pool served these connections: its free blocks are counted, and lie on the heap
        Assert.InRange(collected.PooledBytes, 1, collected.HeapBytes);
    }

    [Fact]
    public async Task A_finished_candidates_terminal_presence_is_forgotten_with_its_last_connection_a_running_ones_is_kept()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.CreateStaffAsync("admin-uji", "admin", Password);
        using var admin = await LoggedInAsync(host, "admin-uji");
        var (_, people) = await host.SeedSessionAsync(2);
        var finishing = await host.LoginAsync(people[0]);
        var leaving = await host.LoginAsync(people[1]);
        Assert.Equal(2, (await ReadAsync(admin)).TerminalsRemembered);
        var saved = await KestrelHost.SaveAsync(leaving, 0, 1, 1);
        Assert.True(saved.Ok, saved.Message);
        Assert.Equal(1, (await ReadAsync(admin)).AckCounts.Sum());   // the server timed that answer (the logins are not counted)

        var finish = await finishing.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        Assert.True(finish.Ok, finish.Message);
        await finishing.DisposeAsync();
        await leaving.DisposeAsync();   // still running: the proctor sees "terputus sejak ..." and needs the time it dropped
        var view = await ReadAsync(admin);
        for (var i = 0; i < 50 && (view.ExamConnections, view.TerminalsRemembered) != (0, 1); i++)
        {
            await Task.Delay(100, Ct);
            view = await ReadAsync(admin);
        }
        Assert.Equal((0, 1), (view.ExamConnections, view.TerminalsRemembered));
    }

    private static async Task<RuntimeView> ReadAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<RuntimeView>(RuntimeApi.Path, Ct))!;

    private static async Task<HttpClient> LoggedInAsync(KestrelHost host, string userName)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(host.Url) };
        var login = await client.PostAsJsonAsync("/api/account/login", new { userName, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }
}
