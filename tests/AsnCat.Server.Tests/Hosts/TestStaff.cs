using System.Net;
using System.Net.Http.Json;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Hosts;

/// <summary>Staff accounts as the tests make them, through the server's own <see cref="UserManager{TUser}"/>.</summary>
internal static class TestStaff
{
    public const string Password = "sandi-uji-yang-panjang";

    /// <summary>A staff user with <paramref name="password"/>; role null for a user with no role.</summary>
    public static async Task CreateAsync(IServiceProvider services, string userName, string? role, string password = Password, bool mustChangePassword = false, params string[] venues)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = "Uji " + userName, MustChangePassword = mustChangePassword, Venues = venues };
        Check(await users.CreateAsync(user, password));
        if (role is not null)
        {
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    /// <summary>Logs <paramref name="client"/> in through the account API; fails the test if refused.</summary>
    public static async Task LogInAsync(HttpClient client, string userName, string password = Password)
    {
        var response = await client.PostAsJsonAsync("/api/account/login", new { userName, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void Check(IdentityResult result) => Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
