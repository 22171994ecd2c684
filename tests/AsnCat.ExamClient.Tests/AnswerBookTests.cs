using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;

namespace AsnCat.ExamClient.Tests;

public class AnswerBookTests
{
    [Fact]
    public void Changes_show_over_the_stored_answers_and_are_numbered_from_the_last_seq()
    {
        var book = new AnswerBook();
        book.Restart([new AnswerView(0, 1, false)], lastSeq: 7);

        var answer = book.Answer(0, 3);
        var mark = book.MarkDoubtful(0, true);

        Assert.Equal(8, answer.Seq);
        Assert.Equal(9, mark.Seq);
        Assert.Equal(new ItemState(3, true, true), book[0]);
        Assert.Equal(answer, book.Next);
    }

    [Fact]
    public void An_outdated_reply_takes_the_server_current_unless_a_newer_change_for_that_position_waits()
    {
        var book = new AnswerBook();
        book.Restart([], lastSeq: 0);
        var first = book.Answer(0, 1);
        var second = book.Answer(0, 2);
        var elsewhere = book.Answer(5, 0);

        // Not applied; the server holds E (from another terminal, say): a newer change still waits here.
        book.Settle(first, new AnswerView(0, 4, false));
        Assert.Equal(new ItemState(2, false, true), book[0]);

        book.Settle(second, new AnswerView(0, 2, false));
        Assert.Equal(new ItemState(2, false, false), book[0]);

        // Nothing newer waits: the server's word stands.
        book.Settle(elsewhere, new AnswerView(5, 4, true));
        Assert.Equal(new ItemState(4, true, false), book[5]);
    }

    [Fact]
    public void A_refusal_without_a_current_answer_falls_back_to_what_was_stored()
    {
        var book = new AnswerBook();
        book.Restart([new AnswerView(2, 0, true)], lastSeq: 3);
        var change = book.Answer(2, 4);

        book.Settle(change, current: null);

        Assert.Equal(new ItemState(0, true, false), book[2]);
    }

    [Fact]
    public void A_reattach_keeps_the_seq_of_waiting_changes_and_continues_above_them()
    {
        var book = new AnswerBook();
        book.Restore([new PendingChange(13, 1, ChangeKind.Doubtful, null, true), new PendingChange(12, 1, ChangeKind.Answer, 2, false)]);

        book.Resume([], lastSeq: 11);

        Assert.Equal([12L, 13L], book.Pending.Select(c => c.Seq));
        Assert.Equal(14, book.Answer(1, 0).Seq);
    }

    [Fact]
    public void A_fresh_login_numbers_waiting_changes_again_after_the_servers_last_seq()
    {
        var book = new AnswerBook();
        book.Restart([], lastSeq: 0);
        book.Answer(0, 1);
        book.Answer(1, 2);

        book.Restart([], lastSeq: 20);

        Assert.Equal([21L, 22L], book.Pending.Select(c => c.Seq));
        Assert.Equal(23, book.MarkDoubtful(0, true).Seq);
    }

    [Fact]
    public void An_applied_reply_without_current_stores_the_change_itself()
    {
        var stored = new AnswerView(3, 1, true);

        Assert.Equal(new AnswerView(3, null, true), AnswerBook.Applied(new PendingChange(5, 3, ChangeKind.Answer, null, false), stored));
        Assert.Equal(new AnswerView(3, 1, false), AnswerBook.Applied(new PendingChange(6, 3, ChangeKind.Doubtful, null, false), stored));
        Assert.Equal(new AnswerView(4, 2, false), AnswerBook.Applied(new PendingChange(7, 4, ChangeKind.Answer, 2, false), null));
    }
}
