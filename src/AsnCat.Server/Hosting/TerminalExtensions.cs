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
/// The Blazor Server pages: the exam terminal of AsnCat.ExamClient (roles <c>all</c> and
/// <c>terminal</c>), each circuit with its own hub connection to <c>Terminal:HubUrl</c> or, when
/// unset, to this server's own address; and the committee console (roles <c>all</c> and
/// <c>server</c>), added by <see cref="ConsoleExtensions"/> through <see cref="AppShellOptions"/>.
/// </summary>
public static class TerminalExtensions
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
        var keys = builder.Configuration["Terminal:KeysDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, "data", "keys");
        builder.Services.AddDataProtection().SetApplicationName("AsnCat").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }

    public static WebApplicationBuilder AddAsnCatTerminal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TerminalOptions>()
            .BindConfiguration(TerminalOptions.SectionName)
            .Validate(o => o.HubUrl is null || o.HubUrl.IsAbsoluteUri, "Terminal:HubUrl must be an absolute URL (http://host:port/hubs/exam)")
            .ValidateOnStart();
        builder.Services.AddExamTerminal(sp =>
            sp.GetRequiredService<IOptions<TerminalOptions>>().Value.HubUrl
            ?? TerminalHubUrl.FromServerAddresses(sp.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses));
        return builder;
    }

    public static WebApplication MapAsnCatPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.Role() == "server")
        {
            // an exam server without terminal pages: its front page is the console
            app.Use((context, next) =>
            {
                if (context.Request.Path == "/")
                {
                    context.Response.Redirect(ConsoleExtensions.Home);
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
