using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
namespace AsnCat.Server.Tests.Identity;

/// <summary>The real server (in memory) on its own SQLite file, no demo data, every Warning log kept.</summary>
internal sealed partial class StaffHost : IAsyncDisposable
{
    public const string Password = "sandi-uji-yang-panjang";

    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="time">The server's clock; the real one when null.</param>
    public StaffHost(TempDir dir, TimeProvider? time = null)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:AsnCat", $"Data Source={Path.Combine(dir.Path, "asncat.db")};Pooling=False");
            b.UseSetting("Exam:PinKeyFile", Path.Combine(dir.Path, "pin.key"));
            b.UseSetting("Terminal:KeysDirectory", Path.Combine(dir.Path, "keys"));
            b.UseSetting("Demo:Enabled", "false");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<ILogEventSink>(Log);
                if (time is not null)
                {
                    s.AddSingleton(time);
                }
            });
        });
        _ = _factory.Services;   // starts the server: migrations and the first-run seeding are done
    }

    public LogSink Log { get; } = new();

    public IServiceProvider Services => _factory.Services;

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A staff user with <see cref="Password"/>; role null for a user with no role.</summary>
    public async Task<string> CreateUserAsync(string userName, string? role, bool mustChangePassword = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = "Uji " + userName, MustChangePassword = mustChangePassword, Venues = ["LOK-01"] };
        Check(await users.CreateAsync(user, Password));
        if (role is not null)
        {
            Check(await users.AddToRoleAsync(user, role));
        }
        return userName;
    }

    public async Task<HttpClient> LoggedInAsync(string userName, string password = Password)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/account/login", new { userName, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static void Check(IdentityResult result) => Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

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
