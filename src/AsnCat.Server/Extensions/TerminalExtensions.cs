using AsnCat.ExamClient.Components;
using AsnCat.ExamClient.Terminal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Extensions;

/// <summary>
/// The exam terminal area: the Blazor Server pages of AsnCat.ExamClient, each circuit with its
/// own hub connection to <c>Terminal:HubUrl</c>, or, when unset, to this server's own address.
/// </summary>
public static class TerminalExtensions
{
    public static WebApplicationBuilder AddAsnCatTerminal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Run from the build output (dotnet run), the terminal's files and blazor.web.js live in
        // the project and package folders, found through the static web assets manifest; this is
        // otherwise done only in Development. Published output has them in wwwroot (no manifest: no-op).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddOptions<TerminalOptions>()
            .BindConfiguration(TerminalOptions.SectionName)
            .Validate(o => o.HubUrl is null || o.HubUrl.IsAbsoluteUri, "Terminal:HubUrl must be an absolute URL (http://host:port/hubs/exam)")
            .ValidateOnStart();
        // The terminal keeps its token in the browser, encrypted with these keys: they must
        // survive a server restart, or every terminal would have to log in again.
        var keys = builder.Configuration["Terminal:KeysDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, "data", "keys");
        builder.Services.AddDataProtection().SetApplicationName("AsnCat").PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddExamTerminal(sp =>
            sp.GetRequiredService<IOptions<TerminalOptions>>().Value.HubUrl
            ?? TerminalHubUrl.FromServerAddresses(sp.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses));
        return builder;
    }

    public static WebApplication MapAsnCatTerminal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
