using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using AsnCat.ExamClient.Contracts;
using AsnCat.Server.Audit;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Exam;

/// <summary>
/// The guard in front of the exam and live hubs. As an <see cref="IHubFilter"/> it rate-limits each
/// connection (a token bucket: a real terminal never meets it, a flood is refused in Indonesian and,
/// if it goes on, cut off), caps failed logins per connection and per address, and turns a
/// malformed argument into a clear refusal. What SignalR answers before any filter runs (an unknown
/// method, arguments of the wrong type or count, a message over the size limit, unreadable bytes)
/// is seen by <see cref="GuardedHubConnectionHandler{THub}"/> through the protocol it hands out.
/// Every kind of misuse is audited once per connection when it first happens; repeats are counted
/// and written as one summary when the connection closes, so the audit cannot be flooded.
/// </summary>
public sealed partial class HubGuard(ExamWriter writer, TimeProvider time, IConfiguration configuration, ILogger<HubGuard> logger) : IHubFilter
{
    /// <summary>The connection a protocol parse belongs to (set by the guarded handler for the connection's whole life).</summary>
    internal static readonly AsyncLocal<ConnectionWatch?> Current = new();

    private const string WatchKey = "asncat.guard";

    private readonly AddressWindow _loginFailures = new(time);

    private readonly AddressWindow _audited = new(time);

    private HubLimits Exam => field ??= HubLimits.Read(configuration.GetSection("HubGuard:Exam"), burst: 300, perSecond: 20);

    private HubLimits Live => field ??= HubLimits.Read(configuration.GetSection("HubGuard:Live"), burst: 30, perSecond: 2);

    /// <summary>Failed logins (wrong PIN, unknown number, locked, forged token) one connection may make.</summary>
    public int LoginFailuresPerConnection => configuration.GetValue("HubGuard:LoginFailuresPerConnection", 10);

    /// <summary>Failed logins one address may make within <see cref="LoginWindow"/>.</summary>
    public int LoginFailuresPerAddress => configuration.GetValue("HubGuard:LoginFailuresPerAddress", 50);

    public TimeSpan LoginWindow => TimeSpan.FromMinutes(configuration.GetValue("HubGuard:LoginWindowMinutes", 15));

    /// <summary>
    /// Misuse entries one address may add to the audit log within <see cref="LoginWindow"/>: a public
    /// hub's connections are cheap, so one per kind and connection alone would not stop a flood.
    /// </summary>
    public int AuditsPerAddress => configuration.GetValue("HubGuard:AuditsPerAddress", 100);

    public const string RateLimitedMessage = "Terlalu banyak permintaan dari koneksi ini. Tunggu sebentar, lalu coba lagi.";

    public const string InvalidRequestMessage = "Permintaan tidak valid: data kosong atau bentuknya salah.";

    public const string LoginThrottledMessage = "Terlalu banyak percobaan masuk yang gagal dari terminal ini. Hubungi pengawas.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        var watch = WatchOf(context);
        var method = invocationContext.HubMethodName;
        var limits = invocationContext.Hub is LiveHub ? Live : Exam;
        if (!watch.TryTake(limits, time))
        {
            await NoteAsync(watch, AuditActions.Hub.RateLimited, new { method, limits.Burst, limits.PerSecond });
            if (watch.RefusedInARow == limits.AbortAfter)
            {
                await AuditAsync(watch, AuditActions.Hub.Aborted, new { reason = "rate_limited", refused = watch.RefusedInARow });
                context.Abort();
            }
            throw new HubException(RateLimitedMessage);
        }
        var isLogin = method is nameof(IExamHub.Login) or nameof(IExamHub.Reattach) && invocationContext.Hub is ExamTerminalHub;
        if (isLogin && LoginBlocked(watch) is { } scope)
        {
            await NoteAsync(watch, AuditActions.Login.Throttled, new { method, scope, failures = watch.FailedLogins });
            return LoginReply.Refused(ExamError.LockedOut, LoginThrottledMessage);
        }
        object? result;
        try
        {
            result = await next(invocationContext);
        }
        catch (HubException e) when (invocationContext.Hub is ExamTerminalHub)
        {
            await NoteAsync(watch, AuditActions.Hub.Refused, new { method, message = e.Message });
            throw;
        }
        catch (ArgumentException e)
        {
            // a null request or a field the contract does not allow: the caller learns why in Indonesian
            await NoteAsync(watch, AuditActions.Hub.InvalidRequest, new { method, error = e.GetType().Name });
            throw new HubException(InvalidRequestMessage);
        }
        if (isLogin && result is LoginReply reply)
        {
            if (reply.Ok)
            {
                watch.Actor = reply.Exam?.Candidate.ParticipantNumber ?? watch.Actor;
            }
            else if (reply.Error is ExamError.WrongPin or ExamError.LockedOut or ExamError.SessionNotOpen or ExamError.NotLoggedIn)
            {
                LoginFailed(watch);
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
        watch = new ConnectionWatch(context.ConnectionId, context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), "?", context.Abort);
        context.Items[WatchKey] = watch;
        return watch;
    }

    internal static ConnectionWatch Open(ConnectionContext connection, string hub)
    {
        var watch = new ConnectionWatch(connection.ConnectionId, connection.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), hub, () => connection.Abort());
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
        return writer.RunAsync(b =>
        {
            b.Audit(watch.Actor, watch.Address, action, $"connection:{watch.ConnectionId}", json);
            return Task.FromResult(true);
        }, () => false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub misuse {Action} on connection {ConnectionId} from {Address}")]
    private static partial void LogMisuse(ILogger logger, string action, string connectionId, string? address);
}

/// <summary>A hub's rate: <see cref="Burst"/> calls at once, <see cref="PerSecond"/> sustained; cut off after <see cref="AbortAfter"/> refusals in a row. PerSecond 0 turns it off.</summary>
public sealed record HubLimits(int Burst, double PerSecond, int AbortAfter)
{
    public static HubLimits Read(IConfiguration section, int burst, double perSecond) =>
        new(section.GetValue("Burst", burst), section.GetValue("PerSecond", perSecond), section.GetValue("AbortAfter", 50));
}

/// <summary>What the guard knows about one connection. Calls on one connection may overlap, so counters are locked.</summary>
internal sealed class ConnectionWatch(string connectionId, string? address, string hub, Action abort)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private double _tokens = double.NaN;
    private long _last;

    public string ConnectionId { get; } = connectionId;

    public string? Address { get; } = address;

    public string Hub { get; } = hub;

    /// <summary>The participant number once a login succeeded; "anonim" before.</summary>
    public string Actor { get; set; } = "anonim";

    public int FailedLogins { get; set; }

    public int RefusedInARow { get; private set; }

    public int Misuses { get; private set; }

    public void Abort() => abort();

    public int Note(string kind)
    {
        lock (_lock)
        {
            Misuses++;
            return _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_lock)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public bool TryTake(HubLimits limits, TimeProvider time)
    {
        if (limits.PerSecond <= 0)
        {
            return true;
        }
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (double.IsNaN(_tokens))
            {
                _tokens = limits.Burst;
                _last = now;
            }
            var elapsed = time.GetElapsedTime(_last, now).TotalSeconds;
            _tokens = Math.Min(limits.Burst, _tokens + Math.Max(0, elapsed) * limits.PerSecond);
            _last = now;
            if (_tokens >= 1)
            {
                _tokens--;
                RefusedInARow = 0;
                return true;
            }
            RefusedInARow++;
            return false;
        }
    }
}

/// <summary>
/// The hub's connection handler with the guard's watch around each connection: the protocol it
/// hands out reports what SignalR refuses by itself (unknown method, wrong arguments, too large,
/// unreadable) and replaces SignalR's English answer with one in Indonesian.
/// </summary>
public sealed class GuardedHubConnectionHandler<THub>(
    HubLifetimeManager<THub> lifetimeManager, IHubProtocolResolver protocolResolver, IOptions<HubOptions> globalHubOptions,
    IOptions<HubOptions<THub>> hubOptions, ILoggerFactory loggerFactory, IUserIdProvider userIdProvider, IServiceScopeFactory serviceScopeFactory,
    HubGuard guard)
    : HubConnectionHandler<THub>(lifetimeManager, new GuardedResolver(protocolResolver, guard, Methods(), hubOptions.Value.MaximumReceiveMessageSize ?? globalHubOptions.Value.MaximumReceiveMessageSize),
        globalHubOptions, hubOptions, loggerFactory, userIdProvider, serviceScopeFactory)
    where THub : Hub
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var watch = HubGuard.Open(connection, typeof(THub).Name);
        HubGuard.Current.Value = watch;
        try
        {
            await base.OnConnectedAsync(connection);
        }
        finally
        {
            HubGuard.Current.Value = null;
            // queued, not awaited: a connection's teardown (and the server's shutdown) never waits on the audit log
            _ = guard.CloseAsync(watch);
        }
    }

    private static HashSet<string> Methods() =>
        typeof(THub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private sealed class GuardedResolver(IHubProtocolResolver inner, HubGuard guard, HashSet<string> methods, long? maxMessageSize) : IHubProtocolResolver
    {
        public IReadOnlyList<IHubProtocol> AllProtocols => inner.AllProtocols;

        public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) =>
            inner.GetProtocol(protocolName, supportedProtocols) is { } protocol ? new GuardedProtocol(protocol, guard, methods, maxMessageSize) : null;
    }

    private sealed class GuardedProtocol(IHubProtocol inner, HubGuard guard, HashSet<string> methods, long? maxMessageSize) : IHubProtocol
    {
        /// <summary>Misuses after which a connection is cut off (they never reach the filter's rate limit).</summary>
        private const int AbortAfterMisuses = 100;

        public string Name => inner.Name;

        public int Version => inner.Version;

        public TransferFormat TransferFormat => inner.TransferFormat;

        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
        {
            var watch = HubGuard.Current.Value;
            var length = input.Length;
            bool parsed;
            try
            {
                parsed = inner.TryParseMessage(ref input, binder, out message);
            }
            catch (Exception e) when (watch is not null && e is not OperationCanceledException)
            {
                Forget(guard.NoteAsync(watch, AuditActions.Hub.Malformed, new { error = e.GetType().Name, bytes = length }));
                throw new HubException("Pesan tidak dapat dibaca oleh server; koneksi ditutup.", e);
            }
            if (watch is null)
            {
                return parsed;
            }
            if (!parsed || message is null)
            {
                if (maxMessageSize is { } max && length >= max)
                {
                    Forget(guard.NoteAsync(watch, AuditActions.Hub.Oversized, new { limit = max }));
                    throw new HubException($"Pesan melebihi batas {max} byte; koneksi ditutup.");
                }
                return false;
            }
            switch (message)
            {
                case InvocationBindingFailureMessage failure:
                    var unknown = !methods.Contains(failure.Target);
                    var target = failure.Target.Length > 60 ? failure.Target[..60] + "…" : failure.Target;
                    Forget(guard.NoteAsync(watch, unknown ? AuditActions.Hub.UnknownMethod : AuditActions.Hub.BadArguments,
                        new { method = target, error = unknown ? null : failure.BindingFailure.SourceException.Message }));
                    message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(new HubException(unknown
                        ? $"Metode '{target}' tidak dikenal oleh server."
                        : $"Argumen untuk '{target}' salah jenis atau salah jumlah.")));
                    break;
                case StreamBindingFailureMessage:
                    Forget(guard.NoteAsync(watch, AuditActions.Hub.BadArguments, new { method = "(stream)" }));
                    break;
                case StreamInvocationMessage stream:
                    Forget(guard.NoteAsync(watch, AuditActions.Hub.StreamRefused, new { method = stream.Target }));
                    break;
                case HubMethodInvocationMessage { StreamIds.Length: > 0 } invocation:
                    Forget(guard.NoteAsync(watch, AuditActions.Hub.StreamRefused, new { method = invocation.Target }));
                    break;
                default:
                    return true;
            }
            if (watch.Misuses >= AbortAfterMisuses)
            {
                Forget(guard.AuditAsync(watch, AuditActions.Hub.Aborted, new { reason = "misuse", misuses = watch.Misuses }));
                watch.Abort();
            }
            return true;
        }

        /// <summary>
        /// Parsing is synchronous and must not wait for the database: the entry (the first of its
        /// kind on this connection only) goes to the writer's queue and is committed with its next batch.
        /// </summary>
        private static void Forget(Task task) => _ = task;
    }
}
