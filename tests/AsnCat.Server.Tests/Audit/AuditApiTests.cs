using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using AsnCat.Tool.Csv;
using AsnCat.Server.Audit;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.Audit;

/// <summary>
/// The /api/audit group on a bare host with a migrated SQLite file, the server's own staff
/// policies and a header that signs a test user in with a role.
/// </summary>
public sealed class AuditApiTests : IAsyncDisposable
{
    private const string UserHeader = HeaderAuthentication.UserHeader;

    private const string RoleHeader = HeaderAuthentication.RoleHeader;

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase? _database;

    private InProcessHost? _app;

    [Fact]
    public async Task Lists_newest_first_with_details_as_json()
    {
        var client = await StartAsync();
        var page = await GetPageAsync(client, "/api/audit");
        Assert.Equal(Seed.Length, page.Entries.Count);
        Assert.Equal(page.Entries.Select(e => e.Id).OrderDescending(), page.Entries.Select(e => e.Id));
        Assert.Null(page.Next);
        var import = Assert.Single(page.Entries, e => e.Action == "import.candidates");
        Assert.Equal("panitia1", import.Actor);
        Assert.Equal("10.0.0.5", import.Address);
        Assert.Equal(T0.AddMinutes(30), import.At);
        Assert.Equal(12, import.Details!.Value.GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task Action_filters_by_prefix()
    {
        var client = await StartAsync();
        var page = await GetPageAsync(client, "/api/audit?action=login.");
        Assert.Equal(["login.ok", "login.failed", "login.ok"], page.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Actions_lists_every_catalogue_action_with_its_label_for_the_filter()
    {
        var client = await StartAsync();
        var actions = await client.GetFromJsonAsync<KnownAction[]>("/api/audit/actions", JsonSerializerOptions.Web, Ct);
        Assert.Equal(AuditActions.Known, actions);
        Assert.Contains(new KnownAction("attempt.time_granted", "Waktu peserta ditambah"), actions!);
    }

    [Fact]
    public async Task Actor_and_subject_filter_exactly()
    {
        var client = await StartAsync();
        var byActor = await GetPageAsync(client, "/api/audit?actor=pengawas1");
        Assert.All(byActor.Entries, e => Assert.Equal("pengawas1", e.Actor));
        Assert.Equal(2, byActor.Entries.Count);
        var bySubject = await GetPageAsync(client, "/api/audit?subject=" + Uri.EscapeDataString("attempt:42"));
        Assert.Equal(["proctor.pause"], bySubject.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        var client = await StartAsync();
        // 08:10 to 08:40 in Jakarta (UTC+7) is 01:10 to 01:40 UTC; the '+' is sent unencoded on purpose
        var page = await GetPageAsync(client, "/api/audit?from=2026-03-02T08:10:00+07:00&to=2026-03-02T01:40:00Z");
        Assert.Equal([T0.AddMinutes(30), T0.AddMinutes(20), T0.AddMinutes(10)], page.Entries.Select(e => e.At));
        var fromOnly = await GetPageAsync(client, "/api/audit?from=2026-03-02T01:50");
        Assert.Equal([T0.AddMinutes(60), T0.AddMinutes(50)], fromOnly.Entries.Select(e => e.At));
    }

    [Fact]
    public async Task Pages_follow_the_next_cursor_without_gaps_or_repeats()
    {
        var client = await StartAsync();
        var seen = new List<long>();
        string? url = "/api/audit?limit=3";
        var pages = 0;
        while (url is not null)
        {
            var page = await GetPageAsync(client, url);
            Assert.True(page.Entries.Count <= 3);
            seen.AddRange(page.Entries.Select(e => e.Id));
            url = page.Next is { } next ? $"/api/audit?limit=3&before={next}" : null;
            pages++;
        }
        Assert.Equal(3, pages);   // 7 entries: 3 + 3 + 1
        Assert.Equal(Seed.Length, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Theory]
    [InlineData("from=kemarin", "from")]
    [InlineData("from=02-03-2026", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=sepuluh", "limit")]
    [InlineData("before=-5", "before")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string queryString, string parameter)
    {
        var client = await StartAsync();
        foreach (var path in new[] { "/api/audit", "/api/audit/export.csv" })
        {
            if (path.EndsWith(".csv", StringComparison.Ordinal) && parameter == "limit")
            {
                continue;   // an export ignores limit
            }
            var response = await client.GetAsync($"{path}?{queryString}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Ct);
            var message = Assert.Single(Assert.Contains(parameter, problem!.Errors));
            Assert.Contains($"'{parameter}'", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Csv_export_holds_the_filtered_entries_and_parses_back()
    {
        var client = await StartAsync();
        var response = await client.GetAsync("/api/audit/export.csv?action=proctor.", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audit.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.False(response.Headers.Contains(AuditApi.TruncatedHeader));
        var text = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF');
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
        var records = CsvTable.Records(text).ToList();
        Assert.All(records, r => Assert.Null(r.Error));
        Assert.Equal(AuditApi.CsvColumns, records[0].Fields);
        var rows = records.Skip(1).Select(r => r.Fields).ToList();
        Assert.Equal(["proctor.resume", "proctor.pause"], rows.Select(r => r[4]));
        var pause = rows[1];
        Assert.Equal("2026-03-02T01:20:00.0000000Z", pause[1]);
        Assert.Equal("pengawas1", pause[2]);
        Assert.Equal("attempt:42", pause[5]);
        // the reason, with a comma, quotes and a line break, survives the quoting
        Assert.Equal("Peserta sakit, \"izin\" ke toilet\nkembali 5 menit", JsonDocument.Parse(pause[6]).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Csv_export_defuses_formulas_in_recorded_text()
    {
        var client = await StartAsync();
        var text = await client.GetStringAsync("/api/audit/export.csv?action=login.failed", Ct);
        var row = CsvTable.Records(text.TrimStart('\uFEFF')).Skip(1).Single().Fields;
        Assert.Equal("'=HYPERLINK(\"http://x\")", row[2]);
    }

    [Fact]
    public async Task Csv_export_bytes_are_utf8_with_a_bom_crlf_quoted_where_needed_with_formulas_defused()
    {
        var client = await StartAsync();
        var entry = new AuditEntry { At = T0.AddHours(2), Actor = "Siti Aminah, S.Pd.", Address = "=1+1", Action = "csv.bytes", Subject = "Jalan \"Merdeka\"", Details = "Bali\nNTB Ñ" };
        await using (var db = _database!.Open())
        {
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(Ct);
        }

        var bytes = await client.GetByteArrayAsync("/api/audit/export.csv?action=csv.", Ct);

        var expected = $"\uFEFFid,at,actor,address,action,subject,details\r\n{entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)},2026-03-02T03:00:00.0000000Z,\"Siti Aminah, S.Pd.\",'=1+1,csv.bytes,\"Jalan \"\"Merdeka\"\"\",\"Bali\nNTB Ñ\"\r\n";
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), bytes);
    }

    [Fact]
    public async Task Anonymous_users_and_proctors_are_refused()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Remove(UserHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/audit/export.csv", Ct)).StatusCode);
        client.DefaultRequestHeaders.Add(UserHeader, "pengawas1");
        client.DefaultRequestHeaders.Remove(RoleHeader);
        client.DefaultRequestHeaders.Add(RoleHeader, StaffRoles.Pengawas);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/export.csv", Ct)).StatusCode);
        client.DefaultRequestHeaders.Remove(RoleHeader);
        client.DefaultRequestHeaders.Add(RoleHeader, StaffRoles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/audit", Ct)).StatusCode);
    }

    [Fact]
    public void The_group_uses_the_committee_policy()
    {
        Assert.Equal(StaffPolicies.Panitia, AuditApi.Policy);
    }

    private static readonly AuditEntry[] Seed =
    [
        new() { At = T0, Actor = "admin", Address = "10.0.0.2", Action = "login.ok" },
        new() { At = T0.AddMinutes(10), Actor = "=HYPERLINK(\"http://x\")", Address = "10.0.0.9", Action = "login.failed", Details = """{"reason":"wrong-password"}""" },
        new() { At = T0.AddMinutes(20), Actor = "pengawas1", Address = "10.0.0.7", Action = "proctor.pause", Subject = "attempt:42",
            Details = JsonSerializer.Serialize(new { reason = "Peserta sakit, \"izin\" ke toilet\nkembali 5 menit" }) },
        new() { At = T0.AddMinutes(30), Actor = "panitia1", Address = "10.0.0.5", Action = "import.candidates", Subject = "peserta", Details = """{"file":"peserta.csv","imported":12}""" },
        new() { At = T0.AddMinutes(40), Actor = "pengawas1", Address = "10.0.0.7", Action = "proctor.resume", Subject = "attempt:43" },
        new() { At = T0.AddMinutes(50), Actor = "panitia1", Address = "10.0.0.5", Action = "login.ok" },
        new() { At = T0.AddMinutes(60), Actor = "system", Action = "publication.results", Subject = "sesi:S-001" },
    ];

    private async Task<HttpClient> StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.Open())
        {
            // fresh objects: the seed array is shared by every test
            db.AuditEntries.AddRange(Seed.Select(e => new AuditEntry { At = e.At, Actor = e.Actor, Address = e.Address, Action = e.Action, Subject = e.Subject, Details = e.Details }));
            await db.SaveChangesAsync(Ct);
        }
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            s.AddSingleton<IDbContextFactory<AsnCatDb>>(new TestDbFactory(_database));
        }, a => a.MapAuditApi());
        var client = _app.Client();
        client.DefaultRequestHeaders.Add(UserHeader, "panitia1");
        client.DefaultRequestHeaders.Add(RoleHeader, StaffRoles.Panitia);
        return client;
    }

    private static async Task<AuditEntriesPage> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<AuditEntriesPage>(JsonSerializerOptions.Web, Ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _database?.Dispose();
    }
}
