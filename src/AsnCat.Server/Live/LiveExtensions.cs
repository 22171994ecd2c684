using AsnCat.Contracts.Live;
using AsnCat.ExamClient.Components;
using AsnCat.Server.Exam;
using AsnCat.Server.Guard;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Live;

/// <summary>
/// Live scores for observers: <see cref="LiveScores"/> (the boards), the public read-only hub
/// <see cref="LiveHubContract.Path"/> (admitted up to <see cref="LiveOptions.MaxObservers"/>, its
/// pushes fanned out by <see cref="LiveFanOut"/>), the public JSON <c>/api/public/live</c> and the
/// public board pages <c>/papan/sesi/{code}</c> and <c>/papan/lokasi/{venue}</c> (components of
/// this assembly, routed with the console's). Needs the exam area (the writer and the materials).
/// </summary>
public static class LiveExtensions
{
    public static WebApplicationBuilder AddAsnCatLive(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // HubGuard:Live: 30 calls at once, 2 a second (an observer watches a few boards, then listens)
        services.AddHubGuard<LiveHub>(new HubGuardPolicy("HubGuard:Live", Burst: 30, PerSecond: 2), (o, _) =>
        {
            o.MaximumReceiveMessageSize = 1024;   // two calls with a name each
            o.MaximumParallelInvocationsPerClient = 1;
        });
        services.Configure<AppShellOptions>(o => o.Stylesheets.Add("board.css"));
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section)
            .Validate(o => o.PushInterval >= TimeSpan.FromMilliseconds(100), "Live:PushInterval minimal 00:00:00.1 (100 milidetik)")
            .Validate(o => o.MaxObservers >= 1, "Live:MaxObservers minimal 1")
            .Validate(o => o.DropAfter >= TimeSpan.FromSeconds(1), "Live:DropAfter minimal 00:00:01 (1 detik)")
            .Validate(o => o.SendBufferBytes is >= 4096 and <= 1024 * 1024, "Live:SendBufferBytes antara 4096 dan 1048576 byte")
            .ValidateOnStart();
        services.AddSingleton<LiveCounters>();
        services.AddSingleton<PublicBoards>();
        // unless the centre's backplane took the live hub (Hosting/ScaleOutExtensions): this fan-out
        // is one node's, and on a centre of several nodes a publication must reach every node's watchers
        services.TryAddSingleton<HubLifetimeManager<LiveHub>, LiveFanOut>();
        services.AddSingleton<LiveScores>();
        services.AddSingleton<PublicationAnnouncer>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveScores>());
        return builder;
    }

    public static WebApplication MapAsnCatLive(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<LiveOptions>>().Value;
        app.UseWhen(c => c.Request.Path.StartsWithSegments(LiveHubContract.Path), a => a.Use(LiveAdmission.RefuseWhenFullAsync));
        app.MapHub<LiveHub>(LiveHubContract.Path, o =>
        {
            o.TransportMaxBufferSize = options.SendBufferBytes;   // outgoing: what may wait for one observer before its writes do
            o.ApplicationMaxBufferSize = 4096;                    // incoming: an observer sends a few short calls
        }).AllowAnonymous();
        app.Services.GetRequiredService<PublicationAnnouncer>().Attach(app.Services.GetRequiredService<Publishing.Publisher>());
        app.MapPublicLiveApi();
        return app;
    }
}
