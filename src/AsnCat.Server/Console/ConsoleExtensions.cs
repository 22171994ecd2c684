using AsnCat.Server.Exam;
using AsnCat.ExamClient.Components;
namespace AsnCat.Server.Console;

/// <summary>
/// The committee console: Blazor Server pages under <see cref="Home"/> (this assembly's
/// components, added to the terminal's document through <see cref="AppShellOptions"/>) and the
/// services behind them. Every page requires a staff role; proctors see only their venues.
/// </summary>
public static class ConsoleExtensions
{
    public const string Home = "/konsol";

    public static WebApplicationBuilder AddAsnCatConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<AppShellOptions>(o =>
        {
            o.AdditionalAssemblies.Add(typeof(ConsoleExtensions).Assembly);
            o.Stylesheets.Add("console.css");
        });
        builder.Services.AddSingleton<SessionAdmin>();
        builder.Services.AddSingleton<SeatMonitor>();
        builder.Services.AddSingleton<ITerminalPresence>(sp => sp.GetRequiredService<SeatMonitor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SeatMonitor>());
        return builder;
    }

    /// <summary>The console's JSON API (<see cref="SessionsApi"/>); the pages are mapped with the app's components.</summary>
    public static WebApplication MapAsnCatConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapSessionsApi();
        return app;
    }
}
