using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Results;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
namespace AsnCat.Server.Tests.Final;

/// <summary>
/// The SKB and final-results routes on a bare host: the server's own staff policies, a header
/// that signs a test user in with a role, and antiforgery.
/// </summary>
public sealed class SkbApiTests : IAsyncDisposable
{
    private const string UserHeader = HeaderAuthentication.UserHeader;
    private const string RoleHeader = HeaderAuthentication.RoleHeader;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FinalFixture? _fixture;

    private InProcessHost? _app;

    private async Task<HttpClient> StartAsync()
    {
        _fixture = await FinalFixture.CreateAsync();
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            s.AddSingleton(_fixture.Import);
            s.AddSingleton(_fixture.Final);
            s.AddProblemDetails();
        }, a => a.MapSkbApi(), antiforgery: true);
        return _app.Client();
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task Every_route_refuses_anonymous_users_with_401_and_a_pengawas_with_403()
    {
        var client = await StartAsync();
        var endpoints = _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != "/antiforgery").ToList();
        Assert.Equal(3, endpoints.Count);
        Assert.All(endpoints, e => Assert.Contains(SkbApi.Policy, e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy)));
        var csv = _fixture!.Csv("skb.csv", ["A09", "80", ""]);

        foreach (var (method, url) in new[] { (HttpMethod.Get, "/api/skb/templates/xlsx"), (HttpMethod.Get, "/api/results/final/F-A"), (HttpMethod.Post, "/api/skb/import") })
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var role in new[] { null, "pengawas" })
            {
                using var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? Upload(csv, "skb.csv") : null };
                if (role is not null)
                {
                    request.Headers.Add(UserHeader, "pengawas-1");
                    request.Headers.Add(RoleHeader, role);
                }
                statuses.Add((await client.SendAsync(request, Ct)).StatusCode);
            }
            Assert.Equal((url, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (url, statuses[0], statuses[1]));
        }
        Assert.Empty(await _fixture.ScoresAsync());
    }

    [Fact]
    public async Task An_upload_without_the_antiforgery_token_is_refused()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");

        var post = await client.PostAsync(new Uri("/api/skb/import", UriKind.Relative), Upload(_fixture!.Csv("skb.csv", ["A09", "80", ""]), "skb.csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Empty(await _fixture.ScoresAsync());
    }

    [Fact]
    public async Task The_committee_imports_scores_and_reads_the_final_table()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");
        await InProcessHost.WithAntiforgeryAsync(client);

        var xlsx = await client.GetAsync(new Uri("/api/skb/templates/xlsx", UriKind.Relative), Ct);
        var csv = await client.GetAsync(new Uri("/api/skb/templates/CSV", UriKind.Relative), Ct);
        var pdf = await client.GetAsync(new Uri("/api/skb/templates/pdf", UriKind.Relative), Ct);
        var bad = await client.PostAsync(new Uri("/api/skb/import", UriKind.Relative), Upload(_fixture!.Csv("salah.csv", ["A09", "80", ""], ["A01", "90", ""]), "salah.csv"), Ct);
        var good = await client.PostAsync(new Uri("/api/skb/import", UriKind.Relative), Upload(_fixture.Csv("baik.csv", ["A09", "80", ""], ["A11", "90", "3.1"]), "baik.csv"), Ct);
        var final = await client.GetAsync(new Uri("/api/results/final/F-A", UriKind.Relative), Ct);
        var unknown = await client.GetAsync(new Uri("/api/results/final/F-TIDAK-ADA", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (xlsx.StatusCode, csv.StatusCode, pdf.StatusCode));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using (var body = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)))
        {
            var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal((3, "nomor_peserta"), (problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
        }
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using (var body = JsonDocument.Parse(await good.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Equal(("skb", "baik.csv", 2), (body.RootElement.GetProperty("kind").GetString(), body.RootElement.GetProperty("fileName").GetString(), body.RootElement.GetProperty("imported").GetInt32()));
        }
        Assert.Equal("ketua", Assert.Single((await _fixture.ScoresAsync()).Select(s => s.ImportedBy).Distinct()));

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var text = await final.Content.ReadAsStringAsync(Ct);
        var parsed = JsonSerializer.Deserialize<PublishedTable>(text, JsonSerializerOptions.Web)!;
        var expected = (await _fixture.Final.TableAsync(ResultsFixture.FormationA, Ct))!;
        Assert.Equal((expected.Kind, expected.Subject, expected.Title), (parsed.Kind, parsed.Subject, parsed.Title));
        Assert.Equal(expected.Columns, parsed.Columns);
        Assert.Equal(expected.Rows.Select(r => r.Cells.ToList()), parsed.Rows.Select(r => r.Cells.ToList()));
        Assert.Equal(["A11", "A09"], parsed.Rows.Select(r => r.ParticipantNumber));
        Assert.All(_fixture.Results.People, p => Assert.DoesNotContain(p.Nik, text, StringComparison.Ordinal));
        Assert.DoesNotContain("1998-07-15", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
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
