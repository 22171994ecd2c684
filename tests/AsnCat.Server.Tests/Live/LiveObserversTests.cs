using System.Collections.Concurrent;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Live;

/// <summary>
/// Correctness under many observers: 200 .NET SignalR clients on the public hub while 50
/// simulated terminals answer and finish through the exam hub, on the real server with the
/// real clock. Each observer holds the watch call's board and applies every pushed patch to it
/// (watching again when one does not follow). Nothing is timed: once every terminal has
/// finished, each observer's board must equal the stored results exactly.
/// </summary>
public sealed class LiveObserversTests : IAsyncLifetime
{
    private const int Observers = 200;
    private const int Terminals = 50;
    private readonly TempDir _dir = new();
    private KestrelHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _host = KestrelHost.Start(_dir, TimeProvider.System, recordHubFrames: false);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Every_observer_ends_with_a_board_equal_to_the_stored_results()
    {
        var (sessionId, people) = await _host.SeedSessionAsync(Terminals);
        string code;
        await using (var db = _host.Db())
        {
            code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
        }

        var observers = new List<(HubConnection Connection, LiveBoardRecorder Boards)>();
        try
        {
            foreach (var chunk in Enumerable.Range(0, Observers).Chunk(25))
            {
                observers.AddRange(await Task.WhenAll(chunk.Select(async _ =>
                {
                    var connection = new HubConnectionBuilder().WithUrl(_host.Url + LiveHubContract.Path).Build();
                    var boards = new LiveBoardRecorder(() => connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
                    connection.On<BoardPatch>(nameof(ILiveClient.Patch), boards.OnPatch);
                    await connection.StartAsync(Ct);
                    await boards.OnBoard(await connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
                    return (connection, boards);
                })));
            }
            Assert.All(observers, o => Assert.Equal(Terminals, o.Boards.Latest!.Rows.Count));

            var results = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            await Task.WhenAll(people.Select(async (p, i) =>
            {
                await using var c = await _host.ConnectAsync();
                var login = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(p.Number, p.Pin, $"T-{i:D3}"), Ct);
                Assert.True(login.Ok, login.Message);
                var random = new Random(i);
                var seq = 0L;
                for (var n = 0; n < 40; n++)
                {
                    var slot = random.Next(6);
                    var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer),
                        new SaveAnswerRequest(random.Next(110), slot == 5 ? null : slot, ++seq), Ct);
                    Assert.True(reply.Ok, reply.Message);
                }
                var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
                Assert.True(finish.Ok, finish.Message);
                results[p.Number] = finish.Result!.Total;
            }));

            await using var db = _host.Db();
            var stored = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
                .Select(a => new { a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Scores, a.Total, a.Passed, Answered = a.Answers.Count(x => x.Option != null) })
                .ToListAsync(Ct);
            var expected = stored.OrderBy(s => s.ParticipantNumber, StringComparer.Ordinal).ToList();
            Assert.All(expected, s => Assert.Equal(results[s.ParticipantNumber], s.Total));

            // the last push follows the last finish within the loop's interval; wait for it, do not time it
            foreach (var (_, boards) in observers)
            {
                await boards.WaitAsync(b => b.Rows.All(r => r.Final));
                Assert.True(boards.Patches > 0);
                var last = boards.Latest!;
                Assert.Equal(expected.Count, last.Rows.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    var (row, want) = (last.Rows[i], expected[i]);
                    Assert.Equal(want.ParticipantNumber, row.ParticipantNumber);
                    Assert.Equal(want.Name, row.Name);
                    Assert.Equal(want.Total, row.Total);
                    Assert.Equal(want.Passed, row.Passed);
                    Assert.Equal(want.Scores, row.Scores);
                    Assert.Equal(want.Answered, row.Answered);
                    Assert.Equal(LiveStates.Finished, row.State);
                }
            }
        }
        finally
        {
            await Task.WhenAll(observers.Select(o => o.Connection.DisposeAsync().AsTask()));
        }
    }
}
