using System.Net;
using AsnCat.Server.Hosting;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Jobs;

/// <summary>The Hangfire dashboard: admins see it; everyone else is refused (the walker checks the refusals too).</summary>
[Collection(typeof(SerialLogTests))]
public sealed class DashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_an_admin_sees_the_dashboard()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.RawText?.StartsWith(JobExtensions.DashboardPath, StringComparison.Ordinal) == true);
        Assert.True(mapped, $"the dashboard is not mapped at {JobExtensions.DashboardPath}");

        var anonymous = await host.Client().GetAsync(JobExtensions.DashboardPath, Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains(StaffPaths.Login, anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var panitia = await host.LoggedInAsync(await host.CreateUserAsync("uji-panitia", StaffRoles.Panitia));
        Assert.Equal(HttpStatusCode.Forbidden, (await panitia.GetAsync(JobExtensions.DashboardPath, Ct)).StatusCode);

        var admin = await host.LoggedInAsync(await host.CreateUserAsync("uji-admin", StaffRoles.Admin));
        var page = await admin.GetAsync(JobExtensions.DashboardPath, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("AsnCat", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var recurring = await (await admin.GetAsync(JobExtensions.DashboardPath + "/recurring", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("deadline-sweep", recurring, StringComparison.Ordinal);
        Assert.Contains("open-sessions", recurring, StringComparison.Ordinal);
    }
}
