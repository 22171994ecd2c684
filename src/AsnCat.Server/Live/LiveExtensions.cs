using AsnCat.Contracts.Live;
using AsnCat.ExamClient.Components;
using AsnCat.Server.Exam;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Live;

/// <summary>
/// Live scores for observers: <see cref="LiveScores"/> (the boards), the public read-only hub
/// <see cref="LiveHubContract.Path"/>, the public JSON <c>/api/public/live</c> and the public
/// board pages <c>/papan/sesi/{code}</c> and <c>/papan/lokasi/{venue}</c> (components of this
/// assembly, routed with the console's). Needs the exam area (the writer and the materials).
/// </summary>
public static class LiveExtensions
{
    public static WebApplicationBuilder AddAsnCatLive(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSignalR().AddHubOptions<LiveHub>(o =>
        {
            o.MaximumReceiveMessageSize = 1024;   // two calls with a name each
            o.MaximumParallelInvocationsPerClient = 1;
            o.AddFilter<HubGuard>();
        });
        services.TryAddSingleton<HubGuard>();
        services.AddSingleton<HubConnectionHandler<LiveHub>, GuardedHubConnectionHandler<LiveHub>>();
        services.Configure<AppShellOptions>(o => o.Stylesheets.Add("board.css"));
        services.AddSingleton<LiveScores>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveScores>());
        return builder;
    }

    public static WebApplication MapAsnCatLive(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<LiveHub>(LiveHubContract.Path).AllowAnonymous();
        app.MapPublicLiveApi();
        return app;
    }
}
