using System.Security.Claims;
using System.Text.Encodings.Web;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests;

/// <summary>
/// Test sign-in for API tests on a bare host: the user name comes from <see cref="UserHeader"/>,
/// the role from <see cref="RoleHeader"/> (panitia when the header is absent); no header, no user.
/// The user has changed their one-time password (as the server's role policies require) unless
/// <see cref="MustChangePasswordHeader"/> is sent, which gives them the server's claim for it.
/// </summary>
internal sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string UserHeader = "X-Test-User";
    public const string RoleHeader = "X-Test-Role";
    public const string MustChangePasswordHeader = "X-Test-Must-Change-Password";
    public const string SchemeName = "test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(UserHeader, out var user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var role = Request.Headers.TryGetValue(RoleHeader, out var r) ? r.ToString() : "panitia";
        List<Claim> claims = [new(ClaimTypes.Name, user.ToString()), new(ClaimTypes.Role, role)];
        if (Request.Headers.ContainsKey(MustChangePasswordHeader))
        {
            claims.Add(new(StaffClaims.MustChangePassword, "true"));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>A context factory over a <see cref="TestDatabase"/> file.</summary>
internal sealed class TestDbFactory(TestDatabase database) : IDbContextFactory<AsnCatDb>
{
    public AsnCatDb CreateDbContext() => database.Open();
}
