using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsnCat.Server.Tests.Hosting;

/// <summary>
/// Role <c>pusat</c>, the centre: console, APIs, public results and the live hub answer; the exam
/// hub is not mapped, the exam writer and its clock are not started, and there is no terminal page.
/// </summary>
public sealed class PusatRoleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_centre_serves_console_public_pages_and_live_hub_but_no_exam_hub_or_terminal_page()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(new ServerOptions
        {
            DataDir = dir.Path,
            Settings = new Dictionary<string, string> { ["AsnCat:Role"] = "pusat" },
        });
        using var anonymous = host.Anonymous();

        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health", Ct);
        Assert.Equal("pusat", health.GetProperty("role").GetString());
        // not mapped: the negotiate POST finds no endpoint (404, or 405 where a page route takes the GET)
        Assert.Contains((await anonymous.PostAsync(ExamHub.Path + "/negotiate?negotiateVersion=1", null, Ct)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(LiveHubContract.Path + "/negotiate?negotiateVersion=1", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/hasil", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/public/results", Ct)).StatusCode);
        var front = await anonymous.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, front.StatusCode);
        Assert.Equal("/hasil", front.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(StaffPaths.Login, Ct)).StatusCode);

        using var admin = await host.StaffAsync("ketua-pusat", StaffRoles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/konsol", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/konsol/publikasi", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/publications", Ct)).StatusCode);

        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.DoesNotContain(typeof(ExamWriter), hosted);
        Assert.DoesNotContain(typeof(ExamClockService), hosted);
        // a command for the writer that never runs is refused at once, not left waiting
        var refused = await host.Services.GetRequiredService<ExamWriter>().RunAsync(_ => Task.FromResult("disimpan"), () => "ditolak").WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("ditolak", refused);
    }
}
