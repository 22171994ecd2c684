using Serilog;

namespace AsnCat.Server.Extensions;

/// <summary>All DI wiring of the server, one method per area.</summary>
public static class ServiceExtensions
{
    public static WebApplicationBuilder AddAsnCatServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, config) => config
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAsnCatDatabase();
        builder.AddAsnCatExam();
        builder.AddAsnCatTerminal();
        return builder;
    }

    public static WebApplication MapAsnCat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSerilogRequestLogging();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        app.MapAsnCatExam();
        app.MapAsnCatTerminal();
        return app;
    }
}
