using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
namespace AsnCat.Server.Hosting;

/// <summary>
/// SignalR's Redis backplane, made to keep a node serving while Redis is away. Alone,
/// <see cref="RedisHubLifetimeManager{THub}"/> refuses every new hub connection (a terminal, an
/// observer, a Blazor page's circuit) when it cannot subscribe in Redis, and drops every message,
/// even to this node's own clients, when it cannot publish. Here each connection and group is
/// also kept by a <see cref="DefaultHubLifetimeManager{THub}"/> of this node: a Redis failure while
/// connecting or joining a group is logged, the connection goes on, and it is registered in Redis
/// again (with its groups) as soon as Redis answers; a message Redis cannot carry goes to this
/// node's own clients instead. While Redis is away each node is a centre of one; afterwards
/// messages reach every node again.
/// </summary>
public sealed partial class ResilientHubLifetimeManager<THub>(
    RedisHubLifetimeManager<THub> redis, DefaultHubLifetimeManager<THub> local, IHostApplicationLifetime lifetime,
    ILogger<ResilientHubLifetimeManager<THub>> logger) : HubLifetimeManager<THub>
    where THub : Hub
{
    /// <summary>How often the connections Redis missed are registered again while it is away.</summary>
    internal static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsyncedConnections = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsyncedGroups = new(StringComparer.Ordinal);
    private Task _resync = Task.CompletedTask;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            _members[connection.ConnectionId] = new Member(connection);
        }
        await local.OnConnectedAsync(connection);
        await InRedis(() => redis.OnConnectedAsync(connection), "connect", connection.ConnectionId, null);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            _members.Remove(connection.ConnectionId);
            _unsyncedConnections.Remove(connection.ConnectionId);
        }
        await local.OnDisconnectedAsync(connection);
        try
        {
            await redis.OnDisconnectedAsync(connection);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisStepFailed(logger, typeof(THub).Name, "disconnect", e.Message);
        }
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _members.GetValueOrDefault(connectionId)?.Groups.Add(groupName);
        }
        await local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        await InRedis(() => redis.AddToGroupAsync(connectionId, groupName, cancellationToken), "group add", null, groupName);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _members.GetValueOrDefault(connectionId)?.Groups.Remove(groupName);
        }
        await local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        // a removal Redis missed leaves a subscription whose messages find no member here: harmless
        await InRedis(() => redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken), "group remove", null, null);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendAllAsync(methodName, args, cancellationToken), () => local.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken), () => local.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken), () => local.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken), () => local.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendGroupAsync(groupName, methodName, args, cancellationToken), () => local.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendGroupsAsync(groupNames, methodName, args, cancellationToken), () => local.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken), () => local.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendUserAsync(userId, methodName, args, cancellationToken), () => local.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(() => redis.SendUsersAsync(userIds, methodName, args, cancellationToken), () => local.SendUsersAsync(userIds, methodName, args, cancellationToken));

    // client results: through Redis (the connection may be on another node); its results come back there too
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) => redis.TryGetReturnType(invocationId, out type);

    /// <summary>
    /// A step of this node's own connection in Redis. When Redis is away the step is half done
    /// (SignalR has noted it, Redis has not subscribed, and StackExchange.Redis would later restore
    /// the subscription without its reader): the connection or the group is marked and registered
    /// anew once Redis answers.
    /// </summary>
    private async Task InRedis(Func<Task> step, string what, string? connectionId, string? group)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisStepFailed(logger, typeof(THub).Name, what, e.Message);
            lock (_gate)
            {
                if (connectionId is not null && _members.ContainsKey(connectionId))
                {
                    _unsyncedConnections.Add(connectionId);
                }
                if (group is not null)
                {
                    _unsyncedGroups.Add(group);
                }
                if (_resync.IsCompleted)
                {
                    _resync = Task.Run(ResyncAsync);
                }
            }
        }
    }

    /// <summary>Registers the marked connections and groups in Redis again, every <see cref="RetryEvery"/>, until none is left.</summary>
    private async Task ResyncAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            List<Member> connections;
            List<(string Group, List<string> Members)> groups;
            lock (_gate)
            {
                connections = [.. _unsyncedConnections.Select(_members.GetValueOrDefault).OfType<Member>()];
                groups = [.. _unsyncedGroups.Select(g => (g, _members.Values.Where(m => m.Groups.Contains(g)).Select(m => m.Connection.ConnectionId).ToList()))];
                _unsyncedConnections.Clear();
                _unsyncedGroups.Clear();
            }
            var failedConnections = new List<string>();
            var failedGroups = new List<string>();
            foreach (var member in connections)
            {
                try
                {
                    // out and in again: the connection's half-made subscription is dropped and made whole
                    await redis.OnDisconnectedAsync(member.Connection);
                    await redis.OnConnectedAsync(member.Connection);
                    string[] joined;
                    lock (_gate)
                    {
                        joined = [.. member.Groups];
                    }
                    foreach (var group in joined)
                    {
                        await redis.AddToGroupAsync(member.Connection.ConnectionId, group, stopping);
                    }
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    failedConnections.Add(member.Connection.ConnectionId);
                }
            }
            foreach (var (group, members) in groups)
            {
                try
                {
                    // every member out (the last one ends the half-made subscription), then in again
                    foreach (var id in members)
                    {
                        await redis.RemoveFromGroupAsync(id, group, stopping);
                    }
                    foreach (var id in members)
                    {
                        await redis.AddToGroupAsync(id, group, stopping);
                    }
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    failedGroups.Add(group);
                }
            }
            lock (_gate)
            {
                _unsyncedConnections.UnionWith(failedConnections.Where(_members.ContainsKey));
                _unsyncedGroups.UnionWith(failedGroups);
                if (_unsyncedConnections.Count == 0 && _unsyncedGroups.Count == 0)
                {
                    LogResynced(logger, typeof(THub).Name, connections.Count, groups.Count);
                    _resync = Task.CompletedTask;
                    return;
                }
            }
        }
    }

    private sealed class Member(HubConnectionContext connection)
    {
        public HubConnectionContext Connection { get; } = connection;

        public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);
    }

    private async Task Send(Func<Task> throughRedis, Func<Task> toOwnClients)
    {
        try
        {
            await throughRedis();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogSentLocally(logger, typeof(THub).Name, e.Message);
            await toOwnClients();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis tidak terjangkau saat {What} di hub {Hub}: koneksi tetap dilayani node ini dan didaftarkan lagi di Redis saat Redis kembali ({Reason})")]
    private static partial void LogRedisStepFailed(ILogger logger, string hub, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis kembali: hub {Hub} mendaftarkan lagi {Connections} koneksi dan {Groups} grup")]
    private static partial void LogResynced(ILogger logger, string hub, int connections, int groups);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis tidak terjangkau: pesan hub {Hub} hanya dikirim ke klien node ini ({Reason})")]
    private static partial void LogSentLocally(ILogger logger, string hub, string reason);
}
