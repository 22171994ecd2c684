using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Identity;

/// <summary>Staff logins, failed logins and logouts, by form and by API, each leave an audit entry.</summary>
public sealed class LoginAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_and_a_successful_form_login_each_leave_an_entry_with_the_typed_name()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("pengawas1", StaffRoles.Pengawas);
        var client = host.Client();
        var token = await InProcessHost.FormTokenAsync(client, StaffPaths.Login);

        var wrong = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "pengawas1"), ("password", "salah-salah-salah")), Ct);
        var unknown = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "=tidak-ada"), ("password", "salah-salah-salah")), Ct);
        var ok = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "pengawas1"), ("password", InProcessHost.Password)), Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Redirect), (wrong.StatusCode, unknown.StatusCode, ok.StatusCode));
        var entries = await StaffEntriesAsync(host);
        Assert.Equal(
            [("pengawas1", "staff.login_failed", "wrong"), ("=tidak-ada", "staff.login_failed", "wrong"), ("pengawas1", "staff.login", null)],
            entries.Select(e => (e.Actor, e.Action, Reason(e))).ToList());

        var logout = await client.PostAsync(StaffPaths.Logout, Form(await InProcessHost.FormTokenAsync(client, StaffPaths.Home)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(("pengawas1", "staff.logout"), (await StaffEntriesAsync(host)).Select(e => (e.Actor, e.Action)).Last());
    }

    [Fact]
    public async Task Api_logins_record_wrong_then_locked_and_a_login_and_logout()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("panitia1", StaffRoles.Panitia);
        await host.CreateUserAsync("panitia2", StaffRoles.Panitia);
        var client = host.Client();

        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = "salah-salah-salah" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var other = await host.LoggedInAsync("panitia2");
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsync("/api/account/logout", null, Ct)).StatusCode);

        var entries = await StaffEntriesAsync(host);
        Assert.Equal(
            [.. Enumerable.Repeat(("panitia1", "staff.login_failed", (string?)"wrong"), 4), ("panitia1", "staff.login_failed", "locked"), ("panitia2", "staff.login", null), ("panitia2", "staff.logout", null)],
            entries.Select(e => (e.Actor, e.Action, Reason(e))).ToList());
    }

    [Fact]
    public async Task One_address_trying_a_password_over_many_names_is_stopped_at_its_budget_and_audited_once()
    {
        using var dir = new TempDir();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = InProcessHost.StartServer(dir, time);
        await host.CreateUserAsync("panitia1", StaffRoles.Panitia);
        var guard = host.Services.GetRequiredService<StaffLoginGuard>();
        var client = host.Client();

        // one password over many names: no account sees a second failure, so no lockout would stop it
        for (var i = 0; i < guard.FailuresPerAddress; i++)
        {
            var guess = await client.PostAsJsonAsync("/api/account/login", new { userName = "tebakan" + i, password = "Rahasia-2026!" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // from now on even the right password is refused from this address, by API and by form, unchecked
        var api = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = InProcessHost.Password }, Ct);
        var token = await InProcessHost.FormTokenAsync(client, StaffPaths.Login);
        var form = await client.PostAsync(StaffPaths.Login, Form(token, ("userName", "panitia1"), ("password", InProcessHost.Password)), Ct);
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (api.StatusCode, form.StatusCode));
        Assert.Contains("Terlalu banyak percobaan masuk yang gagal dari alamat ini", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Terlalu banyak percobaan masuk yang gagal dari alamat ini", await form.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // the budget's failures each have their entry; the refusals after it one entry, not one each
        var entries = await StaffEntriesAsync(host);
        Assert.Equal(guard.FailuresPerAddress, entries.Count(e => e.Action == "staff.login_failed"));
        Assert.Equal(["staff.login_throttled"], entries.Skip(guard.FailuresPerAddress).Select(e => e.Action));

        // the account itself was never locked: once the window has passed, its password works
        time.Advance(guard.Window);
        var later = await client.PostAsJsonAsync("/api/account/login", new { userName = "panitia1", password = InProcessHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    private static async Task<List<AuditEntry>> StaffEntriesAsync(InProcessHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("staff.")).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private static string? Reason(AuditEntry e)
    {
        if (e.Details is null)
        {
            return null;
        }
        using var details = JsonDocument.Parse(e.Details);
        return details.RootElement.GetProperty("reason").GetString();
    }

    private static FormUrlEncodedContent Form(KeyValuePair<string, string> token, params (string Key, string Value)[] fields) =>
        new([token, .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}
