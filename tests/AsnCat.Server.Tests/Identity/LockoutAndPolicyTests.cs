using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Identity;

public sealed class LockoutAndPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("panitia1", StaffRoles.Panitia);
        var client = host.Client();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = "bukan-sandinya-" + i }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var locked = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = InProcessHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("dikunci sementara", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_and_a_success_resets_the_count()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("panitia1", StaffRoles.Panitia);
        var client = host.Client();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = "bukan-sandinya-" + i }, Ct);
            }
            var ok = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = InProcessHost.Password }, Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Theory]
    [InlineData(StaffPolicies.Admin, "admin", true)]
    [InlineData(StaffPolicies.Admin, "panitia", false)]
    [InlineData(StaffPolicies.Admin, "pengawas", false)]
    [InlineData(StaffPolicies.Panitia, "admin", true)]
    [InlineData(StaffPolicies.Panitia, "panitia", true)]
    [InlineData(StaffPolicies.Panitia, "pengawas", false)]
    [InlineData(StaffPolicies.Pengawas, "admin", true)]
    [InlineData(StaffPolicies.Pengawas, "panitia", true)]
    [InlineData(StaffPolicies.Pengawas, "pengawas", true)]
    [InlineData(StaffPolicies.Pengawas, "", false)]
    public async Task Role_policies_admit_their_role_and_the_roles_above_it(string policy, string role, bool admitted)
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddAsnCatIdentity();
        await using var app = builder.Build();
        var authz = app.Services.GetRequiredService<IAuthorizationService>();
        Assert.Equal(admitted, (await authz.AuthorizeAsync(User(role), policy)).Succeeded);
        Assert.False((await authz.AuthorizeAsync(User(role, mustChangePassword: true), policy)).Succeeded);
        Assert.False((await authz.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), policy)).Succeeded);
    }

    private static ClaimsPrincipal User(string role, bool mustChangePassword = false)
    {
        List<Claim> claims = [new(ClaimTypes.Name, "uji")];
        if (role.Length > 0)
        {
            claims.Add(new(ClaimTypes.Role, role));
        }
        if (mustChangePassword)
        {
            claims.Add(new(StaffClaims.MustChangePassword, "true"));
        }
        return new(new ClaimsIdentity(claims, "uji"));
    }
}
