using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Identity;

/// <summary>
/// Walks every endpoint, page and hub of the real app: each is either on the reviewed public list
/// below or requires authorization, and anonymous users and wrong roles are actually refused.
/// A new endpoint without authorization fails here.
/// </summary>
public sealed partial class AuthorizationWalkerTests
{
    /// <summary>
    /// The reviewed public surface: route pattern (exact, or with "/**" that path and everything below it) and why.
    /// Add to this list only with a reason a reviewer agrees with.
    /// </summary>
    private static readonly Dictionary<string, string> Public = new(StringComparer.Ordinal)
    {
        ["/health"] = "readiness probe; says only ok and the role",
        ["/health/ready"] = "the load balancer's readiness probe: each dependency's name, engine, state and a line of text; no connection string, address or data",
        ["/metrics"] = "Prometheus scraping: MetricsGate admits only Metrics:AllowedNetworks and signed-in admins, everyone else gets 401/403 (ScaleOut/MetricsTests)",
        ["/"] = "the candidates' exam terminal; candidates log in with participant number + PIN over the exam hub",
        ["/_blazor/**"] = "the terminal's Blazor circuit",
        ["/_framework/**"] = "Blazor's framework scripts",
        ["/_content/**"] = "static files of referenced libraries",
        ["/{**path:file}"] = "MapStaticAssets' fallback for files not in the manifest (development builds): serves files only",
        ["/hubs/exam/**"] = "the exam hub: candidates authenticate inside the hub by participant number + PIN (ExamService.LoginAsync)",
        [StaffPaths.Login] = "the staff login form",
        ["/api/account/login"] = "the staff login API",
        ["/hubs/live/**"] = "the public live score hub: read-only (WatchSession, WatchVenue, WatchPublications), names, participant numbers and scores only, at most 4 boards per connection; announcements of what is already public",
        ["/papan/**"] = "the public live score boards (venue screens and phones): read-only, names, participant numbers and scores only",
        ["/api/public/live/**"] = "the public live score JSON: the same read-only board as the live hub",
        ["/api/sync/v1/enrol"] = "a venue's enrolment: admitted by a single-use enrolment code (only its hash stored, 24 h) and a proof of possession of the key sent (docs/national.md)",
        ["/api/public/national/commitments"] = "the seed commitments, public by design (SHA-256 of each venue session's seed; the seed only once its bundle is accepted)",
        ["/exam/content/{access}/{hash}"] = "a session's shared item content by hash, for its terminals: the access name is handed out only in that session's login replies, served only while the session is open, never a key or a weight (docs/protocol.md)",
        ["/hasil"] = "published results: the list of announcements the committee published (rows carry no NIK or birth date)",
        ["/hasil/{id:int}"] = "published results: one frozen announcement with its ledger head and rows SHA-256",
        ["/hasil/{id:int}.csv"] = "published results: the announcement's cells as CSV",
        ["/hasil/{id:int}.xlsx"] = "published results: the announcement's cells as XLSX",
        ["/hasil/{id:int}.pdf"] = "published results: the announcement (pengumuman) as PDF",
        ["/hasil/{id:int}/sertifikat/{participantNumber}.pdf"] = "published results: a candidate's score certificate, only the published row",
        ["/hasil/verifikasi/{id:int}/{participantNumber}"] = "published results: the page a certificate's QR code opens, only the published row",
        ["/hasil/{id:int}/bundel/{session}.json"] = "published results: a venue bundle a national announcement names, the exact bytes the centre accepted (its SHA-256 is on the page); only sessions the announcement names",
        ["/hasil/{id:int}/nasional.json"] = "published results: a national announcement's asncat-national/1 file, read from the frozen announcement (its formation and bundles only)",
        ["/api/public/results"] = "published results as JSON: the list",
        ["/api/public/results/{id:int}"] = "published results as JSON: one announcement with its table and hashes",
    };

    /// <summary>Hubs that authenticate their callers themselves.</summary>
    private static readonly Dictionary<Type, string> PublicHubs = new()
    {
        [typeof(Server.Exam.ExamTerminalHub)] = "candidates log in by participant number + PIN; every later call is bound to that login's attempt",
        [typeof(Server.Live.LiveHub)] = "public by design (live scores are shown to the public): two read-only watch calls, no method changes anything",
    };

    /// <summary>Who each role policy admits; any other role is a wrong role.</summary>
    private static readonly Dictionary<string, string[]> PolicyRoles = new(StringComparer.Ordinal)
    {
        [StaffPolicies.Admin] = [StaffRoles.Admin],
        [StaffPolicies.Panitia] = [StaffRoles.Admin, StaffRoles.Panitia],
        [StaffPolicies.Pengawas] = [StaffRoles.Admin, StaffRoles.Panitia, StaffRoles.Pengawas],
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_endpoint_is_public_by_review_or_refuses_anonymous_users_and_wrong_roles()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var patterns = endpoints.Select(e => Route(e)).ToList();
        // the walk means something only if the staff area is mapped at all
        Assert.Contains(StaffPaths.Login, patterns);
        Assert.Contains(StaffPaths.Home, patterns);

        var unprotected = endpoints
            .Where(e => !IsPublic(e) && !IsStaticAsset(e) && (e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0))
            .Select(e => $"{Methods(e)} {Route(e)} ({e.DisplayName})")
            .ToList();
        Assert.True(unprotected.Count == 0, "Endpoints without authorization (add RequireAuthorization(policy), or review and add to the public list):\n" + string.Join("\n", unprotected));

        var protectedEndpoints = endpoints.Where(e => !IsPublic(e) && !IsStaticAsset(e)).ToList();
        Assert.NotEmpty(protectedEndpoints);
        var anonymous = host.Client();
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var role in new[] { StaffRoles.Pengawas, StaffRoles.Panitia, StaffRoles.Admin })
        {
            clients[role] = await host.LoggedInAsync(await host.CreateUserAsync("uji-" + role, role));
        }
        clients["tanpa-peran"] = await host.LoggedInAsync(await host.CreateUserAsync("uji-tanpa-peran", null));
        var mustChange = await host.LoggedInAsync(await host.CreateUserAsync("uji-sandi-lama", StaffRoles.Admin, mustChangePassword: true));

        var failures = new List<string>();
        foreach (var endpoint in protectedEndpoints)
        {
            var url = Url(endpoint);
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            foreach (var method in MethodList(endpoint))
            {
                var response = await SendAsync(anonymous, method, url);
                if (!IsRefusal(response, StaffPaths.Login))
                {
                    failures.Add($"anonymous {method} {url}: {(int)response.StatusCode} {response.Headers.Location}");
                }
                foreach (var policy in policies.Where(PolicyRoles.ContainsKey))
                {
                    foreach (var (who, client) in clients.Where(c => !PolicyRoles[policy].Contains(c.Key)))
                    {
                        response = await SendAsync(client, method, url);
                        if (response.StatusCode != HttpStatusCode.Forbidden)
                        {
                            failures.Add($"{who} {method} {url} (policy {policy}): {(int)response.StatusCode}");
                        }
                    }
                    response = await SendAsync(mustChange, method, url);
                    if (!IsRefusal(response, StaffPaths.ChangePassword))
                    {
                        failures.Add($"admin with a one-time password {method} {url}: {(int)response.StatusCode}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, "Not refused:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_hub_is_public_by_review_or_requires_authorization()
    {
        var hubs = typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Hub).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(Server.Exam.ExamTerminalHub), hubs);
        var failures = new List<string>();
        foreach (var hub in hubs)
        {
            // what SignalR would invoke: public instance methods not declared by the Hub base classes
            var methods = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => !m.IsSpecialName && m.DeclaringType is { } d && d != typeof(object) && d != typeof(Hub) && !(d.IsGenericType && d.GetGenericTypeDefinition() == typeof(Hub<>)))
                .ToList();
            Assert.NotEmpty(methods);
            if (PublicHubs.TryGetValue(hub, out var reason))
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{hub.Name} public by review ({reason}): {string.Join(", ", methods.Select(m => m.Name))}");
                continue;
            }
            var classAuthorized = hub.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any();
            foreach (var method in methods)
            {
                var anonymous = method.GetCustomAttribute<AllowAnonymousAttribute>() is not null || hub.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
                if (anonymous || !(classAuthorized || method.GetCustomAttributes<AuthorizeAttribute>().Any()))
                {
                    failures.Add($"{hub.Name}.{method.Name}");
                }
            }
        }
        Assert.True(failures.Count == 0, "Hub methods without [Authorize]:\n" + string.Join("\n", failures));
    }

    private static bool IsPublic(RouteEndpoint e)
    {
        var route = Route(e);
        return Public.Keys.Any(p => p.EndsWith("/**", StringComparison.Ordinal)
            ? route == p[..^3] || route.StartsWith(p[..^2], StringComparison.Ordinal)
            : route == p);
    }

    // MapStaticAssets: fingerprinted files of wwwroot, served to everyone by design.
    private static bool IsStaticAsset(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    private static string Route(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static string Methods(RouteEndpoint e) => string.Join(",", MethodList(e));

    private static IReadOnlyList<string> MethodList(RouteEndpoint e) =>
        e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? [.. methods] : ["GET"];

    // Parameters get harmless values: the request must be refused before anything is looked up.
    private static string Url(RouteEndpoint e)
    {
        var url = Route(e);
        foreach (var parameter in e.RoutePattern.Parameters)
        {
            var value = parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1" : parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.Empty.ToString() : "x";
            url = Regex.Replace(url, "\\{\\*{0,2}" + Regex.Escape(parameter.Name) + "[^}]*\\}", value);
        }
        return url;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

    private static bool IsRefusal(HttpResponseMessage response, string redirectTo) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains(redirectTo, StringComparison.Ordinal) == true);
}
