using AsnCat.Contracts.Live;
using AsnCat.ExamClient.Components;
using AsnCat.Server.Exam;
using AsnCat.Server.Guard;
using Microsoft.AspNetCore.SignalR;
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
        // HubGuard:Live: 30 calls at once, 2 a second (an observer watches a few boards, then listens)
        services.AddHubGuard<LiveHub>(new HubGuardPolicy("HubGuard:Live", Burst: 30, PerSecond: 2), o =>
        {
            o.MaximumReceiveMessageSize = 1024;   // two calls with a name each
            o.MaximumParallelInvocationsPerClient = 1;
        });
        services.Configure<AppShellOptions>(o => o.Stylesheets.Add("board.css"));
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section)
            .Validate(o => o.PushInterval >= TimeSpan.FromMilliseconds(100), "Live:PushInterval minimal 00:00:00.1 (100 milidetik)")
            .ValidateOnStart();
        services.AddSingleton<LiveScores>();
        services.AddSingleton<PublicationAnnouncer>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveScores>());
        return builder;
    }

    public static WebApplication MapAsnCatLive(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<LiveHub>(LiveHubContract.Path).AllowAnonymous();
        app.Services.GetRequiredService<PublicationAnnouncer>().Attach(app.Services.GetRequiredService<Publishing.Publisher>());
        app.MapPublicLiveApi();
        return app;
    }
}
