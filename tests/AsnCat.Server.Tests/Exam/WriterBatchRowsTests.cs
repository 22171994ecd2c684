using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The writer holds a batch's answer rows and writes them together (<see cref="AnswerRows"/>):
/// a command that fails must still lose only what it did itself, whether it failed in its own SQL
/// (its held rows were written inside its savepoint and are rolled back) or before any SQL (its held
/// rows are dropped), and the rows of the commands before and after it in the same batch are stored.
/// Runs on SQLite and on PostgreSQL (the Exam namespace is in test.sh's PostgreSQL run).
/// </summary>
public sealed class WriterBatchRowsTests() : KestrelHostTest()
{
    [Fact]
    public async Task A_failing_command_loses_only_its_own_rows_and_the_rest_of_its_batch_is_stored()
    {
        var (_, people) = await Host.SeedSessionAsync(3);
        foreach (var person in people)
        {
            await using var terminal = await Host.LoginAsync(person);   // draws each set: the attempts run
        }
        var (first, second, third) = (people[0].AttemptId, people[1].AttemptId, people[2].AttemptId);
        var writer = Host.Services.GetRequiredService<ExamWriter>();

        // hold the writer in a batch of its own, so the four commands below are taken as one batch
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = writer.RunAsync(async _ =>
        {
            started.SetResult();
            await gate.Task;
            return true;
        }, () => false);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var stored = writer.RunAsync(b => AnswerAsync(b, first, 3, 2), () => false);
        var failedInSql = writer.RunAsync(async b =>
        {
            await AnswerAsync(b, second, 3, 1);
            b.Execute("UPDATE NoSuchTable SET X = 1");   // the command's first SQL: its row is written in its savepoint, then this fails
            return true;
        }, () => false);
        var failedBeforeSql = writer.RunAsync<bool>(async b =>
        {
            await AnswerAsync(b, third, 3, 4);
            throw new InvalidOperationException("a command that fails before any SQL of its own");
        }, () => false);
        var storedAfter = writer.RunAsync(b => AnswerAsync(b, first, 4, 0), () => false);
        gate.SetResult();

        Assert.True(await holder);
        Assert.True(await stored);
        Assert.False(await failedInSql);
        Assert.False(await failedBeforeSql);
        Assert.True(await storedAfter);
        await using var db = Host.Db();
        int[] attempts = [first, second, third];
        var events = await db.AnswerEvents.Where(e => attempts.Contains(e.AttemptId)).OrderBy(e => e.Id)
            .Select(e => new { e.AttemptId, e.Position, e.Option, e.Seq }).ToListAsync(Ct);
        Assert.Equal([(first, 3, (int?)2, 1L), (first, 4, 0, 1L)], events.Select(e => (e.AttemptId, e.Position, e.Option, e.Seq)));
        var answers = await db.Answers.Where(a => attempts.Contains(a.AttemptId)).OrderBy(a => a.Position)
            .Select(a => new { a.AttemptId, a.Position, a.Option, a.Seq }).ToListAsync(Ct);
        Assert.Equal([(first, 3, (int?)2, 1L), (first, 4, 0, 1L)], answers.Select(a => (a.AttemptId, a.Position, a.Option, a.Seq)));

        // the failed commands' attempts were dropped from the writer's memory and read again from the database
        var reread = await writer.RunAsync(async b => (await b.AttemptAsync(second)).Options[3] ?? -1, () => -2);
        Assert.Equal(-1, reread);
    }

    // as ExamService's SaveAnswer does once it has checked the request: the attempt's state, then its rows
    private static async Task<bool> AnswerAsync(WriterBatch b, int attemptId, int position, int option)
    {
        var attempt = await b.AttemptAsync(attemptId);
        attempt.Options[position] = option;
        attempt.AnswerSeq[position] = 1;
        b.StoreAnswer(attempt, position, "answer", option, false, 1);
        return true;
    }
}
