using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AsnCat.Server.Api;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Api;

/// <summary>
/// The OpenAPI document describes every <c>/api</c> endpoint the server maps: a name, an
/// Indonesian summary, the role the endpoint really requires, and problem responses; the staff
/// reference page is built from it. Neither is open to anonymous users.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document_with_a_summary_its_role_and_problem_responses()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var anonymous = await host.Client().GetAsync(ApiExtensions.DocumentPath, Ct);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"anonymous: {(int)anonymous.StatusCode}");
        var staff = await host.LoggedInAsync(await host.CreateUserAsync("uji-pengawas", StaffRoles.Pengawas));
        using var document = JsonDocument.Parse(await staff.GetStringAsync(ApiExtensions.DocumentPath, Ct));
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        // the walk means something only with the new API mapped
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.TrimEnd('/') == "/api/sessions/{id:int}/start");
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = Parameter().Replace("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), "{$1}").TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var where = $"{method} {path}";
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    failures.Add($"{where}: not in the document");
                    continue;
                }
                if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    failures.Add($"{where}: no summary");
                }
                if (!operation.TryGetProperty("operationId", out _))
                {
                    failures.Add($"{where}: no name (operationId)");
                }
                var role = ApiRoles.Of([.. endpoint.Metadata]);
                if (!operation.TryGetProperty(ApiRoles.Extension, out var peran) || peran.GetString() != role)
                {
                    failures.Add($"{where}: {ApiRoles.Extension} is not {role}");
                }
                var problems = operation.GetProperty("responses").EnumerateObject()
                    .Where(r => r.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/problem+json", out _))
                    .Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                if (role != "publik" && !(problems.Contains("401") && (role == StaffPolicies.Staff || problems.Contains("403"))))
                {
                    failures.Add($"{where}: a staff endpoint without problem responses 401 and 403 ({string.Join(", ", problems)})");
                }
                var takesInput = operation.TryGetProperty("parameters", out _) || operation.TryGetProperty("requestBody", out _);
                if (takesInput && !problems.Any(p => p is not ("401" or "403")))
                {
                    failures.Add($"{where}: takes input but declares no problem response for bad input or a missing subject");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_reference_page_lists_every_operation_by_tag_with_role_and_summary_for_staff_only()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var anonymous = await host.Client().GetAsync(ApiExtensions.ReferencePath, Ct);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"anonymous: {(int)anonymous.StatusCode}");
        var staff = await host.LoggedInAsync(await host.CreateUserAsync("uji-pengawas", StaffRoles.Pengawas));

        var html = await staff.GetStringAsync(ApiExtensions.ReferencePath, Ct);

        Assert.Single(Regex.Matches(html, "<h1>"));
        Assert.Contains("<main>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Peran</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2 id=\"tag-sesiujian\">Sesi ujian</h2>", html, StringComparison.Ordinal);
        // the session creation row: method, path, role, summary and the request's fields
        var row = Regex.Match(html, "<tr><td>POST</td><th scope=\"row\"><code>/api/sessions</code></th>.*?</tr>").Value;
        Assert.Contains("<td>panitia</td>", row, StringComparison.Ordinal);
        Assert.Contains("Menjadwalkan sesi", row, StringComparison.Ordinal);
        Assert.Contains("startsAt: string", row, StringComparison.Ordinal);
        Assert.Contains("400", row, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
