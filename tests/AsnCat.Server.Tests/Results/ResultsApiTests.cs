using System.Net;
using System.Text.Json;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Hosts;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
namespace AsnCat.Server.Tests.Results;

/// <summary>
/// The /api/results group on a bare host with the server's own staff policies and a header that
/// signs a test user in with a role.
/// </summary>
public sealed class ResultsApiTests : IAsyncDisposable
{
    private const string UserHeader = HeaderAuthentication.UserHeader;
    private const string RoleHeader = HeaderAuthentication.RoleHeader;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ResultsFixture? _fixture;

    private InProcessHost? _app;

    private async Task<HttpClient> StartAsync()
    {
        _fixture = await ResultsFixture.CreateAsync();
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            s.AddSingleton(_fixture.Standings);
            s.AddProblemDetails();
        }, a => a.MapResultsApi());
        return _app.Client();
    }

    private string[] Urls() =>
    [
        "/api/results/formations/F-A", "/api/results/formations/F-A.csv", "/api/results/formations/F-A.xlsx",
        $"/api/results/sessions/{_fixture!.SessionIds[ResultsFixture.SessionOne]}",
        $"/api/results/sessions/{_fixture.SessionIds[ResultsFixture.SessionOne]}.csv",
        $"/api/results/sessions/{_fixture.SessionIds[ResultsFixture.SessionOne]}.xlsx",
    ];

    [Fact]
    public async Task Every_route_refuses_anonymous_users_with_401_and_a_pengawas_with_403()
    {
        var client = await StartAsync();
        var endpoints = _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.Equal(6, endpoints.Count);
        Assert.All(endpoints, e => Assert.Contains(ResultsApi.Policy, e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy)));
        // route names: one per endpoint, none shared
        Assert.Equal(6, endpoints.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().Distinct().Count());

        foreach (var url in Urls())
        {
            var anonymous = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            using var asPengawas = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { UserHeader, "pengawas-1" }, { RoleHeader, "pengawas" } } };
            var pengawas = await client.SendAsync(asPengawas, Ct);
            using var asAdmin = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { UserHeader, "admin-1" }, { RoleHeader, "admin" } } };
            var admin = await client.SendAsync(asAdmin, Ct);

            Assert.Equal((url, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK), (url, anonymous.StatusCode, pengawas.StatusCode, admin.StatusCode));
        }
    }

    [Fact]
    public async Task A_committee_member_who_has_not_yet_changed_the_one_time_password_is_refused_with_403()
    {
        var client = await StartAsync();

        foreach (var url in Urls())
        {
            using var unchanged = new HttpRequestMessage(HttpMethod.Get, url)
            {
                Headers = { { UserHeader, "panitia-baru" }, { RoleHeader, "panitia" }, { HeaderAuthentication.MustChangePasswordHeader, "1" } },
            };
            var refused = await client.SendAsync(unchanged, Ct);
            using var changed = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { UserHeader, "panitia-lama" }, { RoleHeader, "panitia" } } };
            var admitted = await client.SendAsync(changed, Ct);

            Assert.Equal((url, HttpStatusCode.Forbidden, HttpStatusCode.OK), (url, refused.StatusCode, admitted.StatusCode));
        }
    }

    [Fact]
    public async Task The_committee_gets_the_same_rows_as_json_csv_and_xlsx_and_never_a_nik()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");
        var expected = (await _fixture!.Standings.ForFormationAsync(ResultsFixture.FormationA, Ct))!;

        var json = await client.GetAsync(new Uri("/api/results/formations/F-A", UriKind.Relative), Ct);
        var csv = await client.GetAsync(new Uri("/api/results/formations/F-A.csv", UriKind.Relative), Ct);
        var xlsx = await client.GetAsync(new Uri("/api/results/formations/F-A.xlsx", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (json.StatusCode, csv.StatusCode, xlsx.StatusCode));
        var text = await json.Content.ReadAsStringAsync(Ct);
        var parsed = JsonSerializer.Deserialize<FormationStandings>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(expected.Rows, parsed.Rows);
        Assert.Equal(("F-A", 1, 3), (parsed.FormationCode, parsed.Quota, parsed.AdvanceLimit));
        Assert.All(_fixture.People, p => Assert.DoesNotContain(p.Nik, text, StringComparison.Ordinal));
        Assert.DoesNotContain("1998-07-15", text, StringComparison.Ordinal);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("formation-F-A.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var records = ResultsFixture.ParseCsv(await csv.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(parsed.Rows.Select(ResultsFixture.CsvFields).ToList(), records.Skip(1).ToList());

        Assert.Equal(ResultExports.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(parsed.Rows.Select(r => (r.ParticipantNumber, r.Total)),
            Enumerable.Range(2, parsed.Rows.Count).Select(r => (sheet.Cell(r, 3).GetString(), sheet.Cell(r, 9).IsEmpty() ? (int?)null : sheet.Cell(r, 9).GetValue<int>())));
    }

    [Fact]
    public async Task A_sessions_results_come_as_json_csv_and_xlsx()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");
        var id = _fixture!.SessionIds[ResultsFixture.SessionOne];
        var expected = (await _fixture.Standings.ForSessionAsync(id, Ct))!.Value.Session;

        var parsed = JsonSerializer.Deserialize<SessionResults>(await client.GetStringAsync(new Uri($"/api/results/sessions/{id}", UriKind.Relative), Ct), JsonSerializerOptions.Web)!;
        var csv = await client.GetAsync(new Uri($"/api/results/sessions/{id}.csv", UriKind.Relative), Ct);
        var xlsx = await client.GetAsync(new Uri($"/api/results/sessions/{id}.xlsx", UriKind.Relative), Ct);

        Assert.Equal(expected.Rows, parsed.Rows);
        Assert.Equal((ResultsFixture.SessionOne, id), (parsed.SessionCode, parsed.SessionId));
        Assert.Equal(expected.Rows.Select(ResultsFixture.CsvFields).ToList(), ResultsFixture.ParseCsv(await csv.Content.ReadAsByteArrayAsync(Ct)).Skip(1).ToList());
        Assert.Equal("session-S-1.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        Assert.Equal(expected.Rows.Count + 1, workbook.Worksheet(1).LastRowUsed().RowNumber());
    }

    [Theory]
    [InlineData("/api/results/formations/F-TIDAK-ADA", "Formasi tidak ditemukan")]
    [InlineData("/api/results/formations/F-TIDAK-ADA.csv", "Formasi tidak ditemukan")]
    [InlineData("/api/results/formations/F-TIDAK-ADA.xlsx", "Formasi tidak ditemukan")]
    [InlineData("/api/results/sessions/9999", "Sesi tidak ditemukan")]
    [InlineData("/api/results/sessions/9999.csv", "Sesi tidak ditemukan")]
    [InlineData("/api/results/sessions/9999.xlsx", "Sesi tidak ditemukan")]
    public async Task An_unknown_code_or_id_is_404_with_an_indonesian_problem(string url, string title)
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");

        var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
        Assert.Contains(url.Contains("sessions", StringComparison.Ordinal) ? "9999" : "'F-TIDAK-ADA'", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_formation_that_cannot_be_ranked_is_409_with_the_reason()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");
        await using (var db = _fixture!.Database.Open())
        {
            await db.ExamSessions.Where(s => s.Code == ResultsFixture.SessionTwo).ExecuteUpdateAsync(s => s.SetProperty(x => x.ThresholdSetCode, "skd-uji"), Ct);
        }

        var response = await client.GetAsync(new Uri("/api/results/formations/F-A.csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Peringkat tidak dapat disusun", body.RootElement.GetProperty("title").GetString());
        Assert.Contains("ambang batas yang berbeda", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _fixture?.Dispose();
    }
}
