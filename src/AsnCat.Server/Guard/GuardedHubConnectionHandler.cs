using AsnCat.Server.Data;
using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Guard;

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
        // The connection's HTTP request (and its Activity) lasts as long as the connection, and SignalR
        // clears and restores a current Activity around every hub call: two AsyncLocal writes and new
        // execution contexts per answer, the largest of the exam hub's own allocations in a closed loop.
        // The hub's calls run without it; the request keeps its Activity for its own log line.
        Activity.Current = null;
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

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(Indonesian(message), output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(Indonesian(message));

        /// <summary>
        /// SignalR puts its English prefix before the refusal it could not bind ("Failed to invoke 'X'
        /// due to an error on the server. HubException: ..."): the client gets our Indonesian text alone.
        /// </summary>
        private static HubMessage Indonesian(HubMessage message) =>
            message is CompletionMessage { Error: { } error } completion && error.IndexOf(HubExceptionPrefix, StringComparison.Ordinal) is var i and >= 0
                ? CompletionMessage.WithError(completion.InvocationId!, error[(i + HubExceptionPrefix.Length)..])
                : message;

        private const string HubExceptionPrefix = "HubException: ";

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
