using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Api;

/// <summary>
/// How the API refuses: problem details (application/problem+json) with an Indonesian title and
/// detail, the bad fields named, and nothing stored.
/// </summary>
public sealed class ApiRefusalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_refused_session_is_a_problem_in_indonesian_naming_each_bad_field_and_stores_nothing()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var ketua = await host.LoggedInAsync(await host.CreateUserAsync("uji-ketua", StaffRoles.Panitia));
        var bank = (await ketua.GetFromJsonAsync<List<BankVersionView>>("/api/banks", Json, Ct))!.First();
        var before = await CountsAsync(host);

        // a month ahead of the real clock: a start already past is refused too (and once was here, when the fixed date passed)
        var day = DateTime.UtcNow.Date.AddDays(30);
        var indiaTime = await ketua.PostAsJsonAsync("/api/sessions",
            new CreateSessionRequest("SKD-X-001", "Gedung X", new DateTimeOffset(day.Year, day.Month, day.Day, 8, 0, 0, TimeSpan.FromMinutes(330)), 10, bank.Id, "skd-2024"), Json, Ct);
        var empty = await ketua.PostAsJsonAsync("/api/sessions",
            new CreateSessionRequest(" ", "", new DateTimeOffset(day.Year, day.Month, day.Day, 8, 0, 0, TimeSpan.FromHours(7)), 0, bank.Id, "skd-1999"), Json, Ct);
        var malformed = await ketua.PostAsync("/api/sessions", new StringContent("{\"code\": 5,", Encoding.UTF8, "application/json"), Ct);

        var zone = await ProblemAsync(indiaTime, HttpStatusCode.BadRequest);
        Assert.Contains("+08:00 (WITA)", zone.GetProperty("errors").GetProperty("startsAt")[0].GetString(), StringComparison.Ordinal);
        var fields = (await ProblemAsync(empty, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["code", "seats", "thresholdSetCode", "venue"], fields.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("Kode sesi wajib diisi", fields.GetProperty("code")[0].GetString(), StringComparison.Ordinal);
        var unreadable = await ProblemAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Equal("Permintaan tidak dapat dibaca", unreadable.GetProperty("title").GetString());
        Assert.Equal(before, await CountsAsync(host));
    }

    [Fact]
    public async Task Wrong_roles_and_anonymous_callers_get_indonesian_problems_and_change_nothing()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var pengawas = await host.LoggedInAsync(await host.CreateUserAsync("uji-pengawas", StaffRoles.Pengawas));
        var before = await CountsAsync(host);

        var create = await pengawas.PostAsJsonAsync("/api/sessions", new { code = "X" }, Json, Ct);
        var anonymous = await host.Client().GetAsync("/api/sessions", Ct);
        var missing = await pengawas.GetAsync("/api/sessions/4242", Ct);
        var noReason = await pengawas.PostAsJsonAsync("/api/attempts/4242/pause", new SeatActionRequest(""), Json, Ct);

        Assert.Equal("Peran Anda tidak diizinkan", (await ProblemAsync(create, HttpStatusCode.Forbidden)).GetProperty("title").GetString());
        Assert.Equal("Belum masuk", (await ProblemAsync(anonymous, HttpStatusCode.Unauthorized)).GetProperty("title").GetString());
        Assert.Contains("GET /api/sessions", (await ProblemAsync(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(SessionAdmin.ReasonRequired, (await ProblemAsync(noReason, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal(before, await CountsAsync(host));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private static async Task<(int Sessions, int Audit)> CountsAsync(InProcessHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContextAsync(Ct);
        return (await db.ExamSessions.CountAsync(Ct), await db.AuditEntries.CountAsync(e => e.Action != AuditActions.Staff.Login, Ct));
    }
}
