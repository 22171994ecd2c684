using AsnCat.Server.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
namespace AsnCat.Server.Runtime;

/// <summary>The keys of a check's <see cref="HealthCheckResult.Data"/> that <c>/health/ready</c> shows.</summary>
internal static class ReadinessData
{
    /// <summary>The engine behind the dependency: SQLite, PostgreSQL, Redis, memori proses.</summary>
    public const string Engine = "engine";

    public static IReadOnlyDictionary<string, object> For(string engine) => new Dictionary<string, object> { [Engine] = engine };

    /// <summary>A failure's reason in a line: the exception's message, not its stack.</summary>
    public static string Reason(Exception e) => e.GetBaseException().Message.ReplaceLineEndings(" ");
}

/// <summary>The application's database (SQLite or PostgreSQL, named by its EF Core provider) answers.</summary>
public sealed class DatabaseReadiness(IDbContextFactory<AsnCatDb> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var engine = Engine(db.Database.ProviderName);
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"Basis data {engine} menjawab.", ReadinessData.For(engine))
                : new HealthCheckResult(context.Registration.FailureStatus, $"Basis data {engine} tidak dapat dibuka.", data: ReadinessData.For(engine));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Basis data {engine} tidak menjawab: {ReadinessData.Reason(e)}", e, ReadinessData.For(engine));
        }
    }

    internal static string Engine(string? provider) => provider switch
    {
        null => "tidak dikenal",
        _ when provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => "SQLite",
        _ when provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) => "PostgreSQL",
        _ => provider,
    };
}

/// <summary>
/// The Redis that joins the nodes answers a ping. Not required: without it this node still serves
/// pages, APIs and the exam; only pushes between nodes wait.
/// </summary>
public sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = ReadinessData.For("Redis");
        if (!redis.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Redis tidak tersambung: halaman dan API tetap dilayani, tetapi pesan langsung antar-node tertunda sampai Redis kembali.", data: data);
        }
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis menjawab dalam {latency.TotalMilliseconds:0.#} ms.", data);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis tidak menjawab: {ReadinessData.Reason(e)}", e, data);
        }
    }
}

/// <summary>Hangfire's storage answers (for PostgreSQL: the list of live job servers is read from it).</summary>
public sealed class JobStorageReadiness(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var engine = storage is PostgreSqlStorage ? "PostgreSQL" : "memori proses";
        var data = ReadinessData.For(engine);
        try
        {
            // Hangfire's storage API is synchronous: off the request's thread
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers().Count, cancellationToken);
            return HealthCheckResult.Healthy($"Antrean pekerjaan latar ({engine}) menjawab; {servers} server pekerjaan aktif.", data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Antrean pekerjaan latar ({engine}) tidak menjawab: {ReadinessData.Reason(e)}", e, data);
        }
    }
}
