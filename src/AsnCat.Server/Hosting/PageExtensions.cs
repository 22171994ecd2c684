using AsnCat.ExamClient.Components;
using AsnCat.ExamClient.Terminal;
using AsnCat.Server.Console;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Hosting;

/// <summary>
/// The Blazor Server pages of every role: the exam terminal of AsnCat.ExamClient (roles <c>all</c>
/// and <c>terminal</c>, wired by <see cref="Exam.TerminalExtensions"/>), and the console, boards and
/// public pages of this assembly (roles <c>all</c> and <c>server</c>), added through <see cref="AppShellOptions"/>.
/// </summary>
public static class PageExtensions
{
    /// <summary>What every role with pages needs: Razor components, authentication state, persisted keys.</summary>
    public static WebApplicationBuilder AddAsnCatPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Run from the build output (dotnet run), the static files and blazor.web.js live in
        // the project and package folders, found through the static web assets manifest; this is
        // otherwise done only in Development. Published output has them in wwwroot (no manifest: no-op).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthorizationCore();
        builder.Services.AddOptions<AppShellOptions>();
        // The terminal keeps its token in the browser and staff keep their sign-in cookie, both
        // protected with these keys: they must survive a restart, or everyone would have to log in again.
        var keys = builder.Configuration.GetSection(TerminalOptions.SectionName).Get<TerminalOptions>()?.KeysDirectory is { Length: > 0 } configured
            ? configured : Path.Combine(builder.Environment.ContentRootPath, "data", "keys");
        builder.Services.AddDataProtection().SetApplicationName("AsnCat").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }

    public static WebApplication MapAsnCatPages(this WebApplication app, ProcessRole role)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (role is ProcessRole.Server or ProcessRole.Pusat)
        {
            // no terminal pages: an exam server's front page is the console, the centre's the public results
            var front = role == ProcessRole.Server ? ConsoleExtensions.Home : Publishing.PublicResultsPages.Home;
            app.Use((context, next) =>
            {
                if (context.Request.Path == "/")
                {
                    context.Response.Redirect(front);
                    return Task.CompletedTask;
                }
                return next(context);
            });
        }
        app.MapStaticAssets();
        var shell = app.Services.GetRequiredService<IOptions<AppShellOptions>>().Value;
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies([.. shell.AdditionalAssemblies]);
        return app;
    }
}
