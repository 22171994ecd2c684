using System.Diagnostics;
using System.Net.Http.Json;
using AsnCat.Contracts.Live;
namespace AsnCat.LoadTest.National;

/// <summary>
/// How far the centre's public board for a venue's session lags behind the venue's terminals: the
/// public's poll of <c>/api/public/live/sessions/{code}</c> through the centre's nginx every
/// 250 ms, and for every acknowledged answer the time from its ack to the first board showing it
/// (<see cref="StalenessMeter"/>, the same measure as the venue's own observers).
/// </summary>
public static class BoardLag
{
    public static async Task<(string Session, StalenessMeter Meter, int Polls, int Failures)> WatchAsync(
        HttpClient client, string session, IReadOnlyList<Terminal> terminals, CancellationToken ct)
    {
        var meter = new StalenessMeter(terminals.Where(t => t.LoggedIn).ToDictionary(t => t.Person.ParticipantNumber, t => t.HighWaterAt, StringComparer.Ordinal));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int polls = 0, failures = 0;
        using (client)
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var board = await client.GetFromJsonAsync<LiveBoard>($"/api/public/live/sessions/{Uri.EscapeDataString(session)}", ct);
                    var heldAt = Stopwatch.GetTimestamp();
                    polls++;
                    if (board is not null)
                    {
                        meter.AddHeld(seen, board.Rows, heldAt, whole: false);
                    }
                }
                catch (HttpRequestException)
                {
                    failures++;   // 404 before the first progress batch, or a node restarting
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                try
                {
                    await Task.Delay(250, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        return (session, meter, polls, failures);
    }
}
