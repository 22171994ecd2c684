using System.Collections.Concurrent;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Guard;

/// <summary>
/// The guard in front of the hubs (each feature registers its hub with
/// <see cref="HubGuardExtensions.AddHubGuard{THub}"/> and a <see cref="HubGuardPolicy"/>; the guard
/// knows no hub). As an <see cref="IHubFilter"/> it rate-limits each
/// connection (a token bucket: a real terminal never meets it, a flood is refused in Indonesian and,
/// if it goes on, cut off), caps failed logins per connection and per address, and turns a
/// malformed argument into a clear refusal. What SignalR answers before any filter runs (an unknown
/// method, arguments of the wrong type or count, a message over the size limit, unreadable bytes)
/// is seen by <see cref="GuardedHubConnectionHandler{THub}"/> through the protocol it hands out.
/// Every kind of misuse is audited once per connection when it first happens; repeats are counted
/// and written as one summary when the connection closes, so the audit cannot be flooded.
/// </summary>
public sealed partial class HubGuard(
    IHubMisuseAudit audit, IOptions<HubGuardPolicies> policies, IOptions<HubGuardOptions> options, IOptionsMonitor<HubRateOptions> rates, TimeProvider time, ILogger<HubGuard> logger) : IHubFilter
{
    /// <summary>The connection a protocol parse belongs to (set by the guarded handler for the connection's whole life).</summary>
    internal static readonly AsyncLocal<ConnectionWatch?> Current = new();

    private const string WatchKey = "asncat.guard";

    private readonly AddressWindow _loginFailures = new(time);

    private readonly AddressWindow _audited = new(time);

    // each hub's rate, read from its section on first use
    private readonly ConcurrentDictionary<string, HubLimits> _limits = new(StringComparer.Ordinal);

    /// <summary>Failed logins (wrong PIN, unknown number, locked, forged token) one connection may make.</summary>
    public int LoginFailuresPerConnection => options.Value.LoginFailuresPerConnection;

    /// <summary>Failed logins one address may make within <see cref="LoginWindow"/>.</summary>
    public int LoginFailuresPerAddress => options.Value.LoginFailuresPerAddress;

    public TimeSpan LoginWindow => TimeSpan.FromMinutes(options.Value.LoginWindowMinutes);

    /// <summary>
    /// Misuse entries one address may add to the audit log within <see cref="LoginWindow"/>: a public
    /// hub's connections are cheap, so one per kind and connection alone would not stop a flood.
    /// </summary>
    public int AuditsPerAddress => options.Value.AuditsPerAddress;

    public const string RateLimitedMessage = "Terlalu banyak permintaan dari koneksi ini. Tunggu sebentar, lalu coba lagi.";

    public const string InvalidRequestMessage = "Permintaan tidak valid: data kosong atau bentuknya salah.";

    public const string LoginThrottledMessage = "Terlalu banyak percobaan masuk yang gagal dari terminal ini. Hubungi pengawas.";

    private HubGuardPolicy PolicyOf(Hub hub) =>
        policies.Value.ByHub.GetValueOrDefault(hub.GetType())
        ?? throw new InvalidOperationException($"No guard policy for {hub.GetType().Name}: register it with AddHubGuard.");

    private HubLimits LimitsOf(HubGuardPolicy policy) =>
        _limits.GetOrAdd(policy.Section, section => rates.Get(section).Limits);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        var watch = WatchOf(context);
        var method = invocationContext.HubMethodName;
        var policy = PolicyOf(invocationContext.Hub);
        var limits = LimitsOf(policy);
        if (!watch.TryTake(limits, time))
        {
            await NoteAsync(watch, AuditActions.Hub.RateLimited, new { method, limits.Burst, limits.PerSecond });
            if (watch.RefusedInARow == limits.AbortAfter)
            {
                await AuditAsync(watch, AuditActions.Hub.Aborted, new { reason = "rate_limited", refused = watch.RefusedInARow });
                context.Abort();
            }
            return policy.Refuse?.Invoke(method, GuardRefusal.RateLimited, RateLimitedMessage) ?? throw new HubException(RateLimitedMessage);
        }
        var logins = policy.Logins is { } l && l.Methods.Contains(method) ? l : null;
        if (logins is not null && LoginBlocked(watch) is { } scope)
        {
            await NoteAsync(watch, AuditActions.Login.Throttled, new { method, scope, failures = watch.FailedLogins });
            return logins.Throttled();
        }
        object? result;
        try
        {
            result = await next(invocationContext);
        }
        catch (HubException e) when (policy.AuditRefusals)
        {
            await NoteAsync(watch, AuditActions.Hub.Refused, new { method, message = e.Message });
            throw;
        }
        catch (ArgumentException e)
        {
            // a null request or a field the contract does not allow: the caller learns why in Indonesian
            await NoteAsync(watch, AuditActions.Hub.InvalidRequest, new { method, error = e.GetType().Name });
            return policy.Refuse?.Invoke(method, GuardRefusal.InvalidRequest, InvalidRequestMessage) ?? throw new HubException(InvalidRequestMessage);
        }
        if (policy.Malformed?.Invoke(result) == true)
        {
            await NoteAsync(watch, AuditActions.Hub.InvalidRequest, new { method });
        }
        if (logins is not null)
        {
            var outcome = logins.Outcome(result);
            if (outcome.Failed)
            {
                LoginFailed(watch);
            }
            else
            {
                watch.Actor = outcome.Actor ?? watch.Actor;
            }
        }
        return result;
    }

    /// <summary>The watch of a connection; one the guarded handler did not open (a hub without it) is opened here.</summary>
    private static ConnectionWatch WatchOf(HubCallerContext context)
    {
        if (context.Items.TryGetValue(WatchKey, out var value) && value is ConnectionWatch watch)
        {
            return watch;
        }
        watch = new ConnectionWatch(context.ConnectionId, context.GetHttpContext().ClientAddress(), "?", context.Abort);
        context.Items[WatchKey] = watch;
        return watch;
    }

    internal static ConnectionWatch Open(ConnectionContext connection, string hub)
    {
        var watch = new ConnectionWatch(connection.ConnectionId, connection.GetHttpContext().ClientAddress(), hub, () => connection.Abort());
        connection.Items[WatchKey] = watch;
        return watch;
    }

    private string? LoginBlocked(ConnectionWatch watch) =>
        watch.FailedLogins >= LoginFailuresPerConnection ? "connection"
        : watch.Address is { } address && _loginFailures.Count(address, LoginWindow) >= LoginFailuresPerAddress ? "address"
        : null;

    private void LoginFailed(ConnectionWatch watch)
    {
        watch.FailedLogins++;
        if (watch.Address is { } address)
        {
            _loginFailures.Add(address, LoginWindow);
        }
    }

    /// <summary>Counts one misuse; the first of its kind on the connection is audited at once.</summary>
    internal Task NoteAsync(ConnectionWatch watch, string action, object details) =>
        watch.Note(action) == 1 ? AuditAsync(watch, action, details) : Task.CompletedTask;

    /// <summary>When the connection closes: one summary entry for every kind that happened more than once.</summary>
    internal Task CloseAsync(ConnectionWatch watch)
    {
        var repeated = watch.Counts().Where(c => c.Value > 1).ToDictionary(c => c.Key, c => c.Value);
        return repeated.Count == 0 ? Task.CompletedTask : AuditAsync(watch, AuditActions.Hub.MisuseSummary, new { counts = repeated });
    }

    internal Task AuditAsync(ConnectionWatch watch, string action, object details)
    {
        LogMisuse(logger, action, watch.ConnectionId, watch.Address);
        if (watch.Address is { } address && _audited.Add(address, LoginWindow) > AuditsPerAddress)
        {
            return Task.CompletedTask;   // this address has filled its share of the audit log for now; the log line above remains
        }
        var json = JsonSerializer.Serialize(new { connection = watch.ConnectionId, hub = watch.Hub, details }, JsonSerializerOptions.Web);
        return audit.WriteAsync(watch.Actor, watch.Address, action, $"connection:{watch.ConnectionId}", json);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub misuse {Action} on connection {ConnectionId} from {Address}")]
    private static partial void LogMisuse(ILogger logger, string action, string connectionId, string? address);
}
