using System.Text.Json;
using AsnCat.Server.Exam;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
namespace AsnCat.Server.Runtime;

/// <summary>
/// What an operator watches on every node: <c>/health/ready</c> (each dependency by name, its state
/// and a line of Indonesian; 503 when a required one is down) and <c>/metrics</c> for Prometheus
/// (requests, hub connections, the runtime, the writer's batches, job runs), the latter for admins
/// and the address ranges in <see cref="MetricsOptions.AllowedNetworks"/> only.
/// <c>/health</c> stays the liveness answer it always was.
/// </summary>
public static class OperationsExtensions
{
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    /// <summary>Tag of a check whose failure makes this node not ready (503).</summary>
    public const string Required = "required";

    /// <summary>How long one check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <param name="hasDatabase">This node's role has the database (and so the job queue and staff sign-in).</param>
    /// <remarks>The Redis check is added with the backplane (Hosting's scale-out wiring), where Redis is known.</remarks>
    public static WebApplicationBuilder AddAsnCatOperations(this WebApplicationBuilder builder, bool hasDatabase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var checks = services.AddHealthChecks();
        if (hasDatabase)
        {
            checks.AddCheck<DatabaseReadiness>("database", HealthStatus.Unhealthy, [Required], CheckTimeout);
            // the job queue does not serve a page or an exam: a node without it is degraded, not down
            checks.AddCheck<JobStorageReadiness>("jobs", HealthStatus.Degraded, [], CheckTimeout);
        }

        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            // requests, Kestrel's connections, hub connections (SignalR's transports report here)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
            .AddMeter(WriterMetrics.MeterName, JobRunMetrics.MeterName)
            .AddPrometheusExporter());
        // every scrape sees the figures of that moment (the exporter would otherwise answer a second scrape within 300 ms from a copy)
        services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        services.AddSingleton(sp => new MetricsGate(sp.GetRequiredService<IOptions<MetricsOptions>>(), hasSignIn: hasDatabase));
        return builder;
    }

    /// <summary><c>/health/ready</c>: every check, by name, with its engine, state and description.</summary>
    /// <param name="role">This process's role, as <c>/health</c> names it.</param>
    public static WebApplication MapAsnCatReadiness(this WebApplication app, string role)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = (context, report) => WriteReadiness(context, report, role),
        }).AllowAnonymous();
        return app;
    }

    /// <summary><c>/metrics</c> behind <see cref="MetricsGate"/>. After the sign-in middleware, so an admin's cookie is read.</summary>
    public static WebApplication MapAsnCatMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<MetricsGate>();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: b => b.Use(gate.InvokeAsync), optionsName: null)
            .AllowAnonymous();
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static Task WriteReadiness(HttpContext context, HealthReport report, string role)
    {
        var checks = report.Entries.Select(e => new ReadinessCheck(
            e.Key,
            e.Value.Data.TryGetValue(ReadinessData.Engine, out var engine) ? engine.ToString()! : "",
            e.Value.Tags.Contains(Required),
            e.Value.Status.ToString(),
            e.Value.Description ?? (e.Value.Status == HealthStatus.Healthy ? "Baik." : "Pemeriksaan gagal atau melewati batas waktu."),
            Math.Round(e.Value.Duration.TotalMilliseconds, 1)));
        var body = new ReadinessView(report.Status.ToString(), Describe(report.Status), role, [.. checks]);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static string Describe(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "Siap: semua ketergantungan menjawab.",
        HealthStatus.Degraded => "Siap, dengan gangguan: ketergantungan yang tidak wajib sedang tidak menjawab.",
        _ => "Tidak siap: ketergantungan wajib tidak menjawab.",
    };
}

/// <summary>The body of <c>/health/ready</c>.</summary>
public sealed record ReadinessView(string Status, string Description, string Role, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>One dependency: <c>database</c>, <c>redis</c> or <c>jobs</c>; its engine; whether its failure makes the node not ready.</summary>
public sealed record ReadinessCheck(string Name, string Engine, bool Required, string Status, string Description, double DurationMs);
