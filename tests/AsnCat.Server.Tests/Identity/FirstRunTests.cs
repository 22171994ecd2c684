using System.Net;
using System.Net.Http.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Identity;

/// <summary>
/// Alone: the server's Serilog setup writes through the static logger, so hosts started in
/// parallel by other tests would take each other's log events (and the one-time password).
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class SerialLogTests;

[Collection(typeof(SerialLogTests))]
public sealed class FirstRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_start_creates_one_admin_with_a_logged_one_time_password_and_a_second_start_does_not()
    {
        using var dir = new TempDir();
        string hash;
        await using (var host = InProcessHost.StartServer(dir))
        {
            var users = await UsersAsync(host);
            var admin = Assert.Single(users);
            Assert.Equal("admin", admin.UserName);
            Assert.True(admin.MustChangePassword);
            Assert.True(admin.LockoutEnabled);
            hash = admin.PasswordHash!;
            var password = Assert.Single(host.Log.AdminPasswords());
            Assert.True(password.Length >= 16);
            Assert.Contains(host.Log.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning && e.RenderMessage().Contains("hanya ditampilkan sekali", StringComparison.Ordinal));
            await using var scope = host.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().IsInRoleAsync(admin, StaffRoles.Admin));
        }
        await using (var again = InProcessHost.StartServer(dir))
        {
            var admin = Assert.Single(await UsersAsync(again));
            Assert.Equal(hash, admin.PasswordHash);
            Assert.Empty(again.Log.AdminPasswords());
            await using var scope = again.Services.CreateAsyncScope();
            Assert.Null(await AdminSeeder.SeedAsync(scope.ServiceProvider, NullLogger.Instance, Ct));
        }
    }

    [Fact]
    public async Task The_one_time_password_works_once_and_forces_a_change_before_anything_else()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var oneTime = Assert.Single(host.Log.AdminPasswords());
        var client = host.Client();

        var login = await client.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = oneTime }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("\"mustChangePassword\":true", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/account/users", Ct)).StatusCode);
        var home = await client.GetAsync(StaffPaths.Home, Ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(StaffPaths.ChangePassword, home.Headers.Location?.OriginalString);

        // without the antiforgery token the form is refused
        var forged = await client.PostAsync(StaffPaths.ChangePassword, Form(("currentPassword", oneTime), ("newPassword", "sandi-baru-kepala-1"), ("confirmPassword", "sandi-baru-kepala-1")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = await InProcessHost.FormTokenAsync(client, StaffPaths.ChangePassword);
        var tooShort = await client.PostAsync(StaffPaths.ChangePassword, Form(token, ("currentPassword", oneTime), ("newPassword", "pendek"), ("confirmPassword", "pendek")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("minimal 12 karakter", await tooShort.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        token = await InProcessHost.FormTokenAsync(client, StaffPaths.ChangePassword);
        var changed = await client.PostAsync(StaffPaths.ChangePassword, Form(token, ("currentPassword", oneTime), ("newPassword", "sandi-baru-kepala-1"), ("confirmPassword", "sandi-baru-kepala-1")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(StaffPaths.Home, changed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(StaffPaths.Home, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(StaffPaths.Logout, Form(), Ct)).StatusCode);
        var logout = await client.PostAsync(StaffPaths.Logout, Form(await InProcessHost.FormTokenAsync(client, StaffPaths.Home)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/users", Ct)).StatusCode);

        var again = await host.Client().PostAsJsonAsync("/api/account/login", new { userName = "admin", password = oneTime }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var fresh = await host.Client().PostAsJsonAsync("/api/account/login", new { userName = "admin", password = "sandi-baru-kepala-1" }, Ct);
        Assert.Contains("\"mustChangePassword\":false", await fresh.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_form_signs_in_with_its_antiforgery_token_and_sends_a_one_time_password_to_the_change_page()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("pengawas1", StaffRoles.Pengawas, mustChangePassword: true);
        var client = host.Client();

        var forged = await client.PostAsync(StaffPaths.Login, Form(("userName", "pengawas1"), ("password", InProcessHost.Password)), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = await InProcessHost.FormTokenAsync(client, StaffPaths.Login);
        var wrong = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "pengawas1"), ("password", "salah-salah-salah")), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Nama pengguna atau sandi salah.", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var ok = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "pengawas1"), ("password", InProcessHost.Password)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(StaffPaths.ChangePassword, ok.Headers.Location?.OriginalString);
    }

    private static async Task<List<StaffUser>> UsersAsync(InProcessHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().Users.AsNoTracking().ToListAsync(Ct);
    }

    private static FormUrlEncodedContent Form(KeyValuePair<string, string> token, params (string Key, string Value)[] fields) =>
        new([token, .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
