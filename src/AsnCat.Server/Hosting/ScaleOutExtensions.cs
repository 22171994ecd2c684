using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
namespace AsnCat.Server.Hosting;

/// <summary>
/// What lets several nodes serve one centre: the Redis backplane for the hubs and the shared
/// data-protection keys (<see cref="SignalRRedisOptions"/>), and the job storage the nodes share
/// (<see cref="JobsOptions.Storage"/>). Redis is not needed to serve: when it is away, pages, APIs
/// and the exam go on, and only pushes between nodes wait until it is back.
/// </summary>
public static class ScaleOutExtensions
{
    /// <summary>The connection string read when <c>Jobs:Storage</c> is <c>Postgres</c> and the application's own database is not.</summary>
    public const string JobsConnectionStringName = "Jobs";

    /// <summary>Hangfire.PostgreSql's tables live in this schema of whatever database the connection names.</summary>
    public const string JobsSchema = "hangfire";

    /// <summary>
    /// The Redis backplane and the keys in Redis when <c>SignalR:Redis</c> is set. After the pages'
    /// wiring: the keys' place set here replaces the file folder set there.
    /// </summary>
    public static WebApplicationBuilder AddAsnCatScaleOut(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SignalRRedisOptions>().BindConfiguration(SignalRRedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var redis = builder.Configuration.GetSection(SignalRRedisOptions.Section).Get<SignalRRedisOptions>() ?? new SignalRRedisOptions();
        if (!redis.Enabled)
        {
            return builder;
        }
        // one connection for the keys and the health check; SignalR opens its own (one per hub type)
        // with the same settings, so a hub's lifetime manager disposing its connection touches nothing else
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConfiguration(redis)));
        // not required: a node without Redis still serves (see ResilientHubLifetimeManager)
        services.AddHealthChecks().AddCheck<Runtime.RedisReadiness>("redis", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, [], Runtime.OperationsExtensions.CheckTimeout);
        services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = RedisConfiguration(redis);
            o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix);
        });
        // the backplane behind a manager that keeps this node serving while Redis is away
        services.RemoveAll(typeof(HubLifetimeManager<>));
        services.AddSingleton(typeof(RedisHubLifetimeManager<>));
        services.AddSingleton(typeof(DefaultHubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ResilientHubLifetimeManager<>));
        // the live hub too, named so (its own bounded fan-out, Live/LiveFanOut, is one node's): boards are
        // built on every node, but a publication announced on one must reach the watchers of all
        services.AddSingleton<HubLifetimeManager<Live.LiveHub>, ResilientHubLifetimeManager<Live.LiveHub>>();
        // the same application name on every node (set with the file keys in PageExtensions) and one key ring
        services.AddDataProtection().SetApplicationName("AsnCat");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) =>
            o.XmlRepository = new RedisXmlRepository(() => sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), redis.ChannelPrefix + ":data-protection-keys"));
        return builder;
    }

    /// <summary>
    /// The settings every AsnCat connection to Redis uses: it never stops a start or a request
    /// (<c>AbortOnConnectFail=false</c>), reconnects by itself at most <see cref="SignalRRedisOptions.ReconnectMaxDelay"/>
    /// apart, and while Redis is away a command fails at once instead of queueing, so no page, API
    /// or hub connection waits on it (<see cref="ResilientHubLifetimeManager{THub}"/> then serves this
    /// node's own clients).
    /// </summary>
    public static ConfigurationOptions RedisConfiguration(SignalRRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Redis);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"SignalR:Redis '{options.Redis}' tidak dapat dibaca sebagai konfigurasi Redis (contoh: redis.pusat:6379,password=rahasia): {e.Message}", e);
        }
        configuration.AbortOnConnectFail = false;
        configuration.ConnectRetry = 3;
        configuration.ConnectTimeout = 2000;
        var max = (int)options.ReconnectMaxDelay.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(Math.Min(250, max), max);
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "asncat-" + Environment.MachineName;
        return configuration;
    }

    /// <summary>
    /// This host's Hangfire storage. Registered per host, not through <c>UseXxxStorage()</c>,
    /// which would set the process-wide <c>JobStorage.Current</c> (two hosts in one process, as in
    /// tests, would share it). With <c>Postgres</c>, its schema is created on first use.
    /// </summary>
    public static JobStorage CreateJobStorage(JobsOptions options, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage == JobStorageKind.InMemory)
        {
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        }
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = JobsSchema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = options.QueuePollInterval,
            InvisibilityTimeout = options.InvisibilityTimeout,
            // a running job renews its hold, so a short timeout means a dead node's job, not a long one
            UseSlidingInvisibilityTimeout = true,
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString!, storage), storage);
    }

    /// <summary>
    /// The job storage's PostgreSQL database for <c>Jobs:Storage = Postgres</c>:
    /// <c>ConnectionStrings:Jobs</c> when set, else <c>ConnectionStrings:AsnCat</c> when
    /// <c>Database:Provider</c> is <c>Postgres</c>; null for the in-memory storage.
    /// </summary>
    /// <exception cref="InvalidOperationException">Postgres storage with no database named: the start stops with what to set.</exception>
    public static string? JobStorageConnectionString(IConfiguration configuration, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage == JobStorageKind.InMemory)
        {
            return null;
        }
        if (configuration.GetConnectionString(JobsConnectionStringName) is { Length: > 0 } jobs)
        {
            return jobs;
        }
        if (string.Equals(configuration["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase)
            && configuration.GetConnectionString("AsnCat") is { Length: > 0 } database)
        {
            return database;
        }
        throw new InvalidOperationException(
            "Jobs:Storage = Postgres, tetapi basis data PostgreSQL untuk antrean pekerjaan belum ditentukan: isi ConnectionStrings:Jobs " +
            "(mis. Host=db.pusat;Database=asncat;Username=asncat), atau pakai Database:Provider = Postgres agar ConnectionStrings:AsnCat dipakai juga. " +
            "Hangfire membuat skemanya sendiri (hangfire) di basis data itu.");
    }
}
