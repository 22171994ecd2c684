using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Live;

/// <summary>
/// Announces each new publication to the live hub's publication watchers
/// (<see cref="ILiveHub.WatchPublications"/>). The push goes through the hub context, so with the
/// Redis backplane (<c>SignalR:Redis</c>) a publication made on one node of the centre reaches the
/// watchers connected to every node. A failed push (Redis away) is logged, never the publication's failure.
/// </summary>
public sealed partial class PublicationAnnouncer(IHubContext<LiveHub, ILiveClient> hub, ILogger<PublicationAnnouncer> logger)
{
    public static PublicationNotice Notice(Publication p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.Kind, p.Subject, p.Version, p.Title, p.RowsSha256, p.PublishedAt, $"/hasil/{p.Id}", $"/api/public/results/{p.Id}");
    }

    public void Attach(Publisher publisher)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        publisher.Published += p => _ = AnnounceAsync(p);
    }

    private async Task AnnounceAsync(Publication publication)
    {
        try
        {
            await hub.Clients.Group(LiveHubContract.PublicationsGroup).Published(Notice(publication));
        }
        catch (Exception e)
        {
            LogFailed(logger, publication.Id, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publication {Id} was stored but its announcement on the live hub failed")]
    private static partial void LogFailed(ILogger logger, int id, Exception e);
}
