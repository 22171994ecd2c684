using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
namespace AsnCat.Server.Tests.Hosts;

/// <summary>
/// The in-process host (TestServer, no socket), in one of two shapes: the whole server
/// (<see cref="StartServer"/>: <c>Program</c> on its own SQLite file, no demo data, every Warning
/// log kept), or one feature's endpoints on a bare host (<see cref="StartFeatureAsync"/>) with the
/// server's own staff policies (<see cref="IdentityExtensions.AddStaffPolicies"/>) and a header
/// sign-in (<see cref="HeaderAuthentication"/>) in place of the staff cookie.
/// </summary>
internal sealed partial class InProcessHost : IAsyncDisposable
{
    public const string Password = TestStaff.Password;

    private const string AntiforgeryPath = "/antiforgery";

    private readonly WebApplicationFactory<Program>? _factory;
    private readonly WebApplication? _app;

    private InProcessHost(WebApplicationFactory<Program> factory) => _factory = factory;

    private InProcessHost(WebApplication app) => _app = app;

    public LogSink Log { get; } = new();

    public IServiceProvider Services => _factory?.Services ?? _app!.Services;

    /// <summary>The whole server in memory; <paramref name="time"/> its clock (the real one when null).</summary>
    public static InProcessHost StartServer(TempDir dir, TimeProvider? time = null)
    {
        LogSink? log = null;
        var factory = ServerFactory.Create(new ServerOptions
        {
            DataDir = dir.Path,
            Time = time,
            Services = s => s.AddSingleton<ILogEventSink>(log!),
        });
        var host = new InProcessHost(factory);
        log = host.Log;
        _ = factory.Services;   // starts the server: migrations and the first-run seeding are done
        return host;
    }

    /// <summary>
    /// One feature on a bare host: <paramref name="services"/> registers what its endpoints need,
    /// <paramref name="map"/> maps them; authentication by header, the server's staff policies,
    /// and antiforgery (with <c>GET /antiforgery</c> handing out a token pair) when asked.
    /// </summary>
    public static async Task<InProcessHost> StartFeatureAsync(Action<IServiceCollection> services, Action<WebApplication> map, bool antiforgery = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddStaffPolicies();
        if (antiforgery)
        {
            builder.Services.AddAntiforgery(o => o.Cookie.Name = "af");
        }
        services(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        if (antiforgery)
        {
            app.UseAntiforgery();
            app.MapGet(AntiforgeryPath, (IAntiforgery af, HttpContext http) =>
            {
                var tokens = af.GetAndStoreTokens(http);
                return TypedResults.Ok(new[] { tokens.CookieToken, tokens.RequestToken });
            });
        }
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InProcessHost(app);
    }

    /// <summary>
    /// The whole server: a browser-like client (keeps cookies, does not follow redirects). A
    /// feature: a client of its TestServer, signed in by whatever headers the test adds.
    /// </summary>
    public HttpClient Client() => _factory is not null
        ? _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
        : _app!.GetTestClient();

    /// <summary>A feature client that sends an antiforgery token pair with every request (the feature started with antiforgery).</summary>
    public static async Task WithAntiforgeryAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var tokens = (await client.GetFromJsonAsync<string[]>(AntiforgeryPath, TestContext.Current.CancellationToken))!;
        client.DefaultRequestHeaders.Add("Cookie", "af=" + tokens[0]);
        client.DefaultRequestHeaders.Add("RequestVerificationToken", tokens[1]);
    }

    /// <summary>A staff user with <see cref="Password"/>; role null for a user with no role.</summary>
    public async Task<string> CreateUserAsync(string userName, string? role, bool mustChangePassword = false)
    {
        await TestStaff.CreateAsync(Services, userName, role, Password, mustChangePassword, "LOK-01");
        return userName;
    }

    public async Task<HttpClient> LoggedInAsync(string userName, string password = Password)
    {
        var client = Client();
        await TestStaff.LogInAsync(client, userName, password);
        return client;
    }

    /// <summary>GETs a form page and returns its antiforgery field (name, value).</summary>
    public static async Task<KeyValuePair<string, string>> FormTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page, TestContext.Current.CancellationToken);
        var m = TokenInput().Match(html);
        Assert.True(m.Success, "no antiforgery field in " + page);
        return new(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]+)">""")]
    private static partial Regex TokenInput();

    internal sealed class LogSink : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

        /// <summary>The one-time admin passwords logged so far.</summary>
        public List<string> AdminPasswords() =>
            [.. Events.Where(e => e.Properties.ContainsKey("Password") && e.MessageTemplate.Text.Contains("Sandi sekali pakai", StringComparison.Ordinal))
                .Select(e => ((ScalarValue)e.Properties["Password"]).Value!.ToString()!)];
    }
}
