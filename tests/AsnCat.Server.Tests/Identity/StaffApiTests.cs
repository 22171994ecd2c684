using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Identity;

/// <summary>
/// The admin's staff accounts over <c>/api/staff</c> on a real port: known venues only, Indonesian
/// problems, disable, enable, unlock and reset, each audited with the admin and their address.
/// </summary>
public sealed class StaffApiTests : KestrelHostTest
{
    private const string Admin = "admin-uji";

    // the venue of every session SeedSessionAsync schedules
    private const string KnownVenue = "Ruang uji";

    private static readonly string[] UnknownVenue = ["Kanreg XIV BKN Manokwari"];

    private static readonly string[] KnownVenues = [KnownVenue];

    private async Task<HttpClient> AdminAsync()
    {
        await Host.SeedSessionAsync(1, start: false);
        return await Host.StaffAsync(Admin, StaffRoles.Admin);
    }

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Host.Url) };

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        await client.PostAsJsonAsync("/api/account/login", new { userName, password }, Ct);

    private static async Task<string> CreateAsync(HttpClient admin, string userName, string role, params string[] venues)
    {
        var created = await admin.PostAsJsonAsync("/api/staff", new { userName, displayName = "Budi Santoso", role, venues }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<CreatedStaff>(Ct))!.OneTimePassword;
    }

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = Host.Db();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync(Ct);
    }

    private static async Task<(string Title, string[] Errors)> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (json.RootElement.GetProperty("title").GetString()!, [.. json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)]);
    }

    [Fact]
    public async Task A_pengawas_for_a_known_venue_is_created_with_a_one_time_password_and_the_creation_is_audited()
    {
        var admin = await AdminAsync();
        Assert.Equal([KnownVenue], (await admin.GetFromJsonAsync<string[]>("/api/staff/venues", Ct))!);

        var password = await CreateAsync(admin, "pengawas.jkt1", StaffRoles.Pengawas, KnownVenue);

        var listed = (await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Single(s => s.UserName == "pengawas.jkt1");
        Assert.Equal(("Budi Santoso", StaffRoles.Pengawas, KnownVenue, false, true), (listed.DisplayName, listed.Role, Assert.Single(listed.Venues), listed.Disabled, listed.MustChangePassword));
        var login = await LoginAsync(Browser(), "pengawas.jkt1", password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("\"mustChangePassword\":true", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync(AuditActions.Staff.Created));
        Assert.Equal((Admin, "staf:pengawas.jkt1"), (audit.Actor, audit.Subject));
        Assert.False(string.IsNullOrEmpty(audit.Address));
        Assert.DoesNotContain(password, audit.Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_venue_a_missing_venue_and_a_duplicate_name_are_refused_in_Indonesian_and_change_nothing()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, "panitia1", StaffRoles.Panitia);

        var unknown = await admin.PostAsJsonAsync("/api/staff", new { userName = "pengawas2", displayName = "Sari", role = "pengawas", venues = UnknownVenue }, Ct);
        var none = await admin.PostAsJsonAsync("/api/staff", new { userName = "pengawas3", displayName = "Sari", role = "pengawas", venues = Array.Empty<string>() }, Ct);
        var duplicate = await admin.PostAsJsonAsync("/api/staff", new { userName = "panitia1", displayName = "Lain", role = "panitia" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var (unknownTitle, unknownErrors) = await ProblemAsync(unknown);
        Assert.Equal("Akun staf tidak dibuat", unknownTitle);
        Assert.Equal(["Lokasi 'Kanreg XIV BKN Manokwari' tidak dikenal: pilih salah satu lokasi sesi yang terjadwal (Ruang uji)."], unknownErrors);
        Assert.Equal(["Pilih sedikitnya satu lokasi ujian untuk pengawas."], (await ProblemAsync(none)).Errors);
        var (title, errors) = await ProblemAsync(duplicate);
        Assert.Equal("Akun staf tidak dibuat", title);
        Assert.Equal(["Nama pengguna 'panitia1' sudah dipakai. Pilih nama lain, misalnya dengan menambahkan angka."], errors);
        var names = (await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Select(s => s.UserName);
        Assert.Equal(["admin", Admin, "panitia1"], names.Order(StringComparer.Ordinal));
        Assert.Single(await AuditAsync(AuditActions.Staff.Created));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_until_enabled_and_an_admin_cannot_disable_themselves()
    {
        var admin = await AdminAsync();
        await Host.CreateStaffAsync("panitia1", StaffRoles.Panitia, TestStaff.Password);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/staff/panitia1/disable", null, Ct)).StatusCode);
        var refused = await LoginAsync(Browser(), "panitia1", TestStaff.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("dinonaktifkan", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True((await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Single(s => s.UserName == "panitia1").Disabled);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/staff/panitia1/enable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Browser(), "panitia1", TestStaff.Password)).StatusCode);

        var self = await admin.PostAsync($"/api/staff/{Admin}/disable", null, Ct);
        Assert.Equal(["Anda tidak dapat menonaktifkan akun Anda sendiri."], (await ProblemAsync(self)).Errors);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/staff/tidak-ada/disable", null, Ct)).StatusCode);
        foreach (var action in new[] { AuditActions.Staff.Disabled, AuditActions.Staff.Enabled })
        {
            var entry = Assert.Single(await AuditAsync(action));
            Assert.Equal((Admin, "staf:panitia1"), (entry.Actor, entry.Subject));
            Assert.False(string.IsNullOrEmpty(entry.Address));
        }
    }

    [Fact]
    public async Task Unlock_lifts_a_lockout_after_wrong_passwords()
    {
        var admin = await AdminAsync();
        await Host.CreateStaffAsync("panitia1", StaffRoles.Panitia, TestStaff.Password);
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(Browser(), "panitia1", "bukan-sandinya-" + i);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(Browser(), "panitia1", TestStaff.Password)).StatusCode);
        Assert.NotNull((await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Single(s => s.UserName == "panitia1").LockedUntil);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/staff/panitia1/unlock", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(Browser(), "panitia1", TestStaff.Password)).StatusCode);
        var entry = Assert.Single(await AuditAsync(AuditActions.Staff.Unlocked));
        Assert.Equal(Admin, entry.Actor);
        Assert.False(string.IsNullOrEmpty(entry.Address));
    }

    [Fact]
    public async Task A_reset_password_works_once_must_be_changed_refuses_a_weak_new_one_and_the_change_is_audited()
    {
        var admin = await AdminAsync();
        await Host.CreateStaffAsync("panitia1", StaffRoles.Panitia, TestStaff.Password);

        var reset = await admin.PostAsync("/api/staff/panitia1/reset-password", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var oneTime = (await reset.Content.ReadFromJsonAsync<CreatedStaff>(Ct))!.OneTimePassword;
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(Browser(), "panitia1", TestStaff.Password)).StatusCode);
        var user = Browser();
        var login = await LoginAsync(user, "panitia1", oneTime);
        Assert.Contains("\"mustChangePassword\":true", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var weak = await ChangeAsync(user, oneTime, "abcdefghijklm");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("deretan berurutan", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var changed = await ChangeAsync(user, oneTime, "kopi pagi di teras rumah");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var resetEntry = Assert.Single(await AuditAsync(AuditActions.Staff.PasswordReset));
        Assert.Equal((Admin, "staf:panitia1"), (resetEntry.Actor, resetEntry.Subject));
        var changeEntry = Assert.Single(await AuditAsync(AuditActions.Staff.PasswordChanged));
        Assert.Equal(("panitia1", "staf:panitia1"), (changeEntry.Actor, changeEntry.Subject));
        Assert.All(new[] { resetEntry, changeEntry }, e => Assert.False(string.IsNullOrEmpty(e.Address)));
    }

    [Fact]
    public async Task A_proctors_name_and_venues_change_only_to_venues_the_server_knows()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, "pengawas1", StaffRoles.Pengawas, KnownVenue);

        var refused = await admin.PutAsJsonAsync("/api/staff/pengawas1", new { displayName = "Sari Dewi", venues = UnknownVenue }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Akun staf tidak diubah", (await ProblemAsync(refused)).Title);
        Assert.Equal("Budi Santoso", (await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Single(s => s.UserName == "pengawas1").DisplayName);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/staff/pengawas1", new { displayName = "Sari Dewi", venues = KnownVenues }, Ct)).StatusCode);
        var changed = (await admin.GetFromJsonAsync<StaffView[]>("/api/staff", Ct))!.Single(s => s.UserName == "pengawas1");
        Assert.Equal(("Sari Dewi", KnownVenue), (changed.DisplayName, Assert.Single(changed.Venues)));
        var entry = Assert.Single(await AuditAsync(AuditActions.Staff.Updated));
        Assert.Equal((Admin, "staf:pengawas1"), (entry.Actor, entry.Subject));
        Assert.False(string.IsNullOrEmpty(entry.Address));
    }

    [Fact]
    public async Task Only_admins_manage_staff()
    {
        await Host.SeedSessionAsync(1, start: false);
        var panitia = await Host.StaffAsync("panitia1", StaffRoles.Panitia);
        Assert.Equal(HttpStatusCode.Forbidden, (await panitia.GetAsync("/api/staff", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await panitia.PostAsJsonAsync("/api/staff", new { userName = "x1", displayName = "X", role = "admin" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Anonymous().GetAsync("/api/staff", Ct)).StatusCode);
    }

    private static async Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next)
    {
        var token = await InProcessHost.FormTokenAsync(client, StaffPaths.ChangePassword);
        return await client.PostAsync(StaffPaths.ChangePassword, new FormUrlEncodedContent(
        [
            token,
            new("currentPassword", current),
            new("newPassword", next),
            new("confirmPassword", next),
        ]), Ct);
    }
}
