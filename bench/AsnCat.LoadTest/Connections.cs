using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AsnCat.LoadTest;

/// <summary>How every simulated terminal connects, to the exam hub and to the echo hub alike.</summary>
public static class Connections
{
    /// <summary>Connections opened at a time (stays under Kestrel's listen backlog).</summary>
    public const int Parallelism = 128;

    /// <summary>The JSON hub protocol's naming (camelCase), for reading a raw reply.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The MessagePack hub protocol as the .NET terminal speaks it (contractless, enums as numbers).</summary>
    public static readonly MessagePackSerializerOptions MessagePack = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The hub protocol of every connection of this run (<c>--protocol</c>): MessagePack as the .NET terminal, or JSON as other-language clients.</summary>
    public static bool UseJson { get; set; }

    /// <summary>
    /// WebSockets straight away (no negotiate round trip: one handshake per terminal, not two),
    /// the run's protocol (MessagePack as the real terminal, or JSON), no automatic reconnect (a drop is counted, not hidden),
    /// and a patient server timeout: a burst may delay pings, and a drop would distort the run.
    /// </summary>
    public static HubConnection Build(Uri hubUrl)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true);
        if (!UseJson)
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePack);
        }
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> for every item, at most <paramref name="parallel"/> at a time (connects stay under the listen backlog).</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, CancellationToken, Task> work, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (item, token) => await work(item, token));
}
