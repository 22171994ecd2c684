using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// Progress sent up by venues: idempotent by (venue, seq) in the database (a batch at or below the
/// last accepted one changes nothing); the newest board of each of the venue's sessions stored
/// (<see cref="VenueBoard"/>), which the live boards serve for that session
/// (<c>LiveBoardBuilder</c>). The node that took the batch wakes its own live loop and, with the
/// Redis backplane configured, every other node's (<see cref="Channel"/>), so observers connected
/// to any node get the board.
/// </summary>
public sealed class VenueProgress(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, LiveScores live, IServiceProvider services) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("asncat:national:venue-board");

    private IConnectionMultiplexer? Redis => services.GetService<IConnectionMultiplexer>();

    /// <summary>The last accepted seq, and whether this batch was the one accepted.</summary>
    public async Task<(long AcceptedSeq, bool Applied)> ReceiveAsync(int venueId, ProgressBatch batch, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // one conditional update: two nodes receiving the same or crossing batches apply each seq once
        var applied = await db.NationalVenues.Where(v => v.Id == venueId && v.ProgressSeq < batch.Seq)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.ProgressSeq, batch.Seq), ct) == 1;
        if (!applied)
        {
            return (await db.NationalVenues.Where(v => v.Id == venueId).Select(v => v.ProgressSeq).SingleAsync(ct), false);
        }
        var mine = await db.ExamSessions.Where(s => s.NationalVenueId == venueId).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.Ordinal, ct);
        var touched = new List<int>();
        foreach (var board in batch.Boards.Where(b => b.Kind == LiveBoard.SessionKind && mine.ContainsKey(b.Subject)).GroupBy(b => b.Subject).Select(g => g.MaxBy(b => b.BuiltAt)!))
        {
            var id = mine[board.Subject];
            var row = await db.VenueBoards.SingleOrDefaultAsync(b => b.ExamSessionId == id, ct);
            if (row is null)
            {
                db.VenueBoards.Add(row = new VenueBoard { ExamSessionId = id, Json = "" });
            }
            else if (row.BuiltAt > board.BuiltAt)
            {
                continue;
            }
            row.Json = JsonSerializer.Serialize(board, JsonSerializerOptions.Web);
            row.BuiltAt = board.BuiltAt;
            row.ReceivedAt = time.GetUtcNow();
            touched.Add(id);
        }
        await db.SaveChangesAsync(ct);
        foreach (var id in touched)
        {
            live.Touch(id);
            if (Redis is { IsConnected: true } redis)
            {
                await redis.GetSubscriber().PublishAsync(Channel, id);
            }
        }
        return (batch.Seq, true);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Redis is { } redis)
            {
                await redis.GetSubscriber().SubscribeAsync(Channel, (_, value) =>
                {
                    if (value.TryParse(out int id))
                    {
                        live.Touch(id);
                    }
                });
            }
        }
        catch (RedisException)
        {
            // Redis away at start: this node serves the boards it receives itself (as every node without Redis)
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
