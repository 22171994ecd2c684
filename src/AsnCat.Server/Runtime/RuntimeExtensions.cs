using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;

namespace AsnCat.Server.Runtime;

/// <summary>The process's own counters (connections per hub, circuits) and the admin's view of them.</summary>
public static class RuntimeExtensions
{
    public static WebApplicationBuilder AddAsnCatRuntime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // created now, before the server's pools exist: the pooled-bytes counter sums their every change
        builder.Services.AddSingleton(new RuntimeCounters());
        builder.Services.AddSingleton<ConnectionCounter>();
        builder.Services.AddSignalR();
        builder.Services.AddOptions<HubOptions>().Configure<ConnectionCounter>((o, counter) => o.AddFilter(counter));   // the singleton: no lookup per hub call
        builder.Services.AddScoped<CircuitHandler, CircuitCounter>();
        return builder;
    }

    public static WebApplication MapAsnCatRuntime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRuntimeApi();
        return app;
    }
}
