using System.Collections.Concurrent;
using System.Diagnostics;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The server is killed with SIGKILL while terminals answer, then restarted: every acknowledged
/// answer is stored exactly once, the terminals resume by themselves, and deadlines move by the
/// downtime.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Terminals = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Acknowledged_answers_survive_SIGKILL_once_each_and_the_downtime_is_not_charged()
    {
        using var dir = new TempDir();
        var port = ChildProcessHost.FreePort();
        var server = await ChildProcessHost.StartAsync(dir.Path, port, Ct);
        try
        {
            var people = await ChildProcessHost.SeedRunningSessionAsync(dir.Path, Terminals, "CR", Ct);
            Dictionary<string, int> ids;
            await using (var seeded = ChildProcessHost.Open(dir.Path))
            {
                ids = await seeded.Attempts.Select(a => new { a.Id, a.Candidate!.ParticipantNumber }).ToDictionaryAsync(a => a.ParticipantNumber, a => a.Id, Ct);
            }
            var terminals = people.Select(p => new SimTerminal(server.Url, p.Number, p.Pin, ids[p.Number])).ToList();
            await Task.WhenAll(terminals.Select(t => t.LoginAsync()));
            var deadlineBefore = terminals[0].Deadline;

            using var stop = new CancellationTokenSource();
            var work = terminals.Select(t => t.AnswerAsync(stop.Token)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            var ackedBeforeKill = terminals.Sum(t => t.Acked.Count);

            var killedAt = Stopwatch.GetTimestamp();
            server.KillHard();
            await Task.Delay(TimeSpan.FromSeconds(4), Ct);
            server.Dispose();
            server = await ChildProcessHost.StartAsync(dir.Path, port, Ct);
            var downtime = Stopwatch.GetElapsedTime(killedAt);

            await Task.Delay(TimeSpan.FromSeconds(4), Ct);
            await stop.CancelAsync();
            await Task.WhenAll(work);
            var ackedAfter = terminals.Sum(t => t.Acked.Count);
            Assert.True(ackedBeforeKill > 20, $"only {ackedBeforeKill} answers acknowledged before the kill");
            Assert.True(ackedAfter > ackedBeforeKill + 20, "terminals did not resume after the restart");
            Assert.All(terminals, t => Assert.True(t.Resumed, $"{t.Number} did not reattach"));

            // every acknowledged change is stored exactly once, and the final state is what was acknowledged last
            await using var db = ChildProcessHost.Open(dir.Path);
            var events = await db.AnswerEvents.AsNoTracking().Select(e => new { e.AttemptId, e.Position, e.Kind, e.Seq }).ToListAsync(Ct);
            var counts = events.GroupBy(e => (e.AttemptId, e.Position, e.Kind, e.Seq)).ToDictionary(g => g.Key, g => g.Count());
            Assert.DoesNotContain(counts, c => c.Value > 1);
            var answers = await db.Answers.AsNoTracking().ToListAsync(Ct);
            var lost = 0;
            foreach (var t in terminals)
            {
                foreach (var a in t.Acked)
                {
                    if (!counts.ContainsKey((t.AttemptId, a.Position, "answer", a.Seq)))
                    {
                        lost++;
                    }
                }
                foreach (var (position, last) in t.Acked.GroupBy(a => a.Position).Select(g => (g.Key, g.MaxBy(a => a.Seq)!)))
                {
                    var row = answers.Single(r => r.AttemptId == t.AttemptId && r.Position == position);
                    Assert.Equal(last.Seq, row.Seq);
                }
            }
            Assert.Equal(0, lost);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"acked before kill {ackedBeforeKill}, acked total {ackedAfter}, events {events.Count}, lost {lost}, doubled {counts.Count(c => c.Value > 1)}, downtime {downtime.TotalSeconds:F1} s");

            // the deadline moved by the downtime (measured from the last heartbeat, at most 2 s before the kill)
            var deadlineAfter = terminals[0].Deadline;
            var moved = deadlineAfter - deadlineBefore;
            TestContext.Current.TestOutputHelper?.WriteLine($"deadline moved by {moved.TotalSeconds:F1} s");
            // at least the 4 s the server was certainly dead; at most kill-to-ready plus one heartbeat
            // interval (the credit runs from the last heartbeat to the moment the writer reopened,
            // which is before /health answers)
            Assert.InRange(moved.TotalSeconds, 4, downtime.TotalSeconds + 2.5);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "server.downtime_credited", Ct));
            foreach (var t in terminals)
            {
                await t.DisposeAsync();
            }
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>A terminal as a program: answers, re-sends what was not acknowledged, reattaches after reconnecting.</summary>
    private sealed class SimTerminal(string url, string number, string pin, int attemptId) : IAsyncDisposable
    {
        private readonly HubConnection _connection = new HubConnectionBuilder()
            .WithUrl(url + ExamHub.Path)
            .WithAutomaticReconnect(new ForeverRetry())
            .Build();

        private string _token = "";
        private long _seq;

        public string Number => number;

        public int AttemptId => attemptId;

        public DateTimeOffset Deadline { get; private set; }

        public bool Resumed { get; private set; }

        public ConcurrentBag<(int Position, long Seq)> Acked { get; } = [];

        public async Task LoginAsync()
        {
            await _connection.StartAsync(Ct);
            var reply = await _connection.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, "SIM"), Ct);
            Assert.True(reply.Ok, reply.Message);
            _token = reply.Token!;
            Deadline = reply.Exam!.Clock.Deadline!.Value;
        }

        public async Task AnswerAsync(CancellationToken stop)
        {
            var rng = new Random(number.GetHashCode(StringComparison.Ordinal));
            while (!stop.IsCancellationRequested)
            {
                var position = rng.Next(110);
                var request = new SaveAnswerRequest(position, rng.Next(5), ++_seq);
                while (true)
                {
                    try
                    {
                        var reply = await _connection.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), request, CancellationToken.None);
                        if (reply.Ok)
                        {
                            Acked.Add((position, request.Seq));
                            break;
                        }
                        if (reply.Error == ExamError.NotLoggedIn)
                        {
                            await ReattachAsync();
                            continue;
                        }
                        throw new InvalidOperationException($"{number}: {reply.Error} {reply.Message}");
                    }
                    catch (Exception e) when (e is not InvalidOperationException || _connection.State != HubConnectionState.Connected)
                    {
                        // the server is gone: wait for the automatic reconnect, then re-send the same change
                        while (_connection.State != HubConnectionState.Connected)
                        {
                            await Task.Delay(100, CancellationToken.None);
                        }
                    }
                }
                await Task.Delay(rng.Next(20, 80), CancellationToken.None);
            }
        }

        private async Task ReattachAsync()
        {
            var reply = await _connection.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(_token, null), CancellationToken.None);
            Assert.True(reply.Ok, reply.Message);
            Deadline = reply.Exam!.Clock.Deadline!.Value;
            Resumed = true;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(250);
    }
}
