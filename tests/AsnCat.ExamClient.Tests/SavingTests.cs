using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class SavingTests : TerminalTestContext
{
    private const string SavedMark = "✓ Jawaban tersimpan";
    private const string UnsavedWarning = "⚠ Jawaban belum tersimpan — sedang mengirim ulang…";

    [Fact]
    public void A_chosen_answer_shows_at_once_and_is_marked_saved_only_after_the_server_acknowledges()
    {
        Server.HoldReplies = true;
        var page = OpenExam();
        Assert.Equal("Belum dijawab", page.Find(".save-status").TextContent);

        page.Find(".option[data-slot='2']").Click();

        Assert.Equal("C.", Checked(page));
        Assert.DoesNotContain("tersimpan", page.Find(".save-status").TextContent.Replace("belum tersimpan", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("belum tersimpan", page.Find(".save-status").TextContent, StringComparison.Ordinal);
        var sent = Assert.IsType<SaveAnswerRequest>(Assert.Single(Server.Calls));
        Assert.Equal(new SaveAnswerRequest(0, 2, 8), sent);   // seq = ExamView.LastSeq (7) + 1

        Server.ReleaseHeld();

        page.WaitForAssertion(() => Assert.Equal(SavedMark, page.Find(".save-status").TextContent));
        Assert.Equal("C.", Checked(page));
    }

    [Fact]
    public void An_answer_waiting_for_a_reply_turns_into_a_warning_after_a_few_seconds()
    {
        Server.HoldReplies = true;
        var page = OpenExam();
        page.Find(".option[data-slot='1']").Click();
        Assert.Equal("status", page.Find(".save-status").GetAttribute("role"));

        Time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() =>
        {
            var status = page.Find(".save-status");
            Assert.Equal(UnsavedWarning, status.TextContent);
            Assert.Equal("alert", status.GetAttribute("role"));
        });
    }

    [Fact]
    public void A_failed_send_stays_pending_and_is_resent_in_seq_order_with_the_same_seq_after_reconnect()
    {
        Server.FailCalls = true;
        var page = OpenExam();

        page.Find(".option[data-slot='1']").Click();
        page.WaitForAssertion(() => Assert.Equal(UnsavedWarning, page.Find(".save-status").TextContent));
        page.Find(".exam").KeyDown(Key("ArrowRight"));
        page.Find(".option[data-slot='3']").Click();
        Assert.Equal("alert", page.Find(".save-status").GetAttribute("role"));

        page.InvokeAsync(Server.DisconnectAsync);
        page.WaitForAssertion(() => Assert.Equal("Koneksi terputus — jawaban Anda akan dikirim ulang otomatis", page.Find(".connection-banner").TextContent));
        Server.FailCalls = false;
        var failedCalls = Server.Calls.Count;
        Assert.All(Server.Calls, call => Assert.Equal(8, ((SaveAnswerRequest)call).Seq));   // only the oldest was tried

        page.InvokeAsync(Server.ReconnectAsync);

        page.WaitForAssertion(() => Assert.Equal(SavedMark, page.Find(".save-status").TextContent));
        Assert.Empty(page.FindAll(".connection-banner"));
        Assert.Equal(FakeExamServer.TokenIssued, Server.Reattaches[^1].Token);
        Assert.Equal([new SaveAnswerRequest(0, 1, 8), new SaveAnswerRequest(1, 3, 9)], Server.Calls.Skip(failedCalls));
        Assert.Equal(new AnswerView(0, 1, false), Server.Current(0));
        Assert.Equal(new AnswerView(1, 3, false), Server.Current(1));
    }

    [Fact]
    public void A_change_stored_whose_reply_was_lost_is_resent_with_its_seq_and_acknowledged_without_applying()
    {
        Server.LoseReplies = true;
        var page = OpenExam();
        page.Find(".option[data-slot='4']").Click();
        page.WaitForAssertion(() => Assert.Equal(UnsavedWarning, page.Find(".save-status").TextContent));
        Server.LoseReplies = false;

        page.InvokeAsync(Server.DisconnectAsync);
        page.InvokeAsync(Server.ReconnectAsync);

        page.WaitForAssertion(() => Assert.Equal(SavedMark, page.Find(".save-status").TextContent));
        Assert.Equal([new SaveAnswerRequest(0, 4, 8), new SaveAnswerRequest(0, 4, 8)], Server.Calls);
        Assert.Single(Server.Applied);
    }

    [Fact]
    public void A_transport_that_closes_and_restarts_is_treated_like_a_reconnect()
    {
        Server.FailCalls = true;
        var page = OpenExam();
        page.Find(".option[data-slot='0']").Click();
        Server.FailCalls = false;

        page.InvokeAsync(Server.CloseAsync);
        page.WaitForAssertion(() => page.Find(".connection-banner"));
        page.InvokeAsync(Server.ReconnectAsync);

        page.WaitForAssertion(() => Assert.Equal(SavedMark, page.Find(".save-status").TextContent));
        Assert.Equal(new SaveAnswerRequest(0, 0, 8), Server.Applied.Single());
    }

    [Fact]
    public void While_the_server_cannot_store_its_message_is_shown_the_change_kept_and_sent_again_once_it_can()
    {
        const string Unstored = "Jawaban BELUM tersimpan: server tidak dapat menyimpan saat ini. Jawaban akan dikirim ulang; lapor ke pengawas bila berlanjut.";
        Server.RefuseChanges = (ExamError.StorageUnavailable, Unstored);
        var page = OpenExam();

        page.Find(".option[data-slot='2']").Click();

        page.WaitForAssertion(() => Assert.Contains(Unstored, page.Find(".exam-alert.notice").TextContent, StringComparison.Ordinal));
        Assert.Equal("C.", Checked(page));
        Assert.Empty(Server.Applied);

        Server.RefuseChanges = null;
        Time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.Equal(SavedMark, page.Find(".save-status").TextContent));
        Assert.Equal(new SaveAnswerRequest(0, 2, 8), Server.Applied.Single());
        Assert.Empty(page.FindAll(".exam-alert.notice"));
    }

    [Fact]
    public void A_refused_answer_shows_the_server_message_and_restores_what_is_stored()
    {
        Server.Answers[0] = new AnswerView(0, 1, false);
        Server.RefuseChanges = (ExamError.TimeUp, "Waktu ujian sudah habis; jawaban tidak lagi diterima.");
        var page = OpenExam();

        page.Find(".option[data-slot='3']").Click();

        page.WaitForAssertion(() => Assert.Equal("B.", Checked(page)));
        Assert.Contains("Waktu ujian sudah habis; jawaban tidak lagi diterima.", page.Find(".exam-alert.notice").TextContent, StringComparison.Ordinal);
        Assert.Equal(SavedMark, page.Find(".save-status").TextContent);
    }

    [Fact]
    public void Doubtful_marks_and_cleared_answers_are_sent_like_answers()
    {
        Server.Answers[0] = new AnswerView(0, 2, false);
        var page = OpenExam();

        page.Find(".doubtful-toggle").Click();
        Assert.Equal("true", page.Find(".doubtful-toggle").GetAttribute("aria-pressed"));
        page.Find(".clear-answer").Click();

        Assert.Equal([new MarkDoubtfulRequest(0, true, 8), new SaveAnswerRequest(0, null, 9)], Server.Calls);
        Assert.Equal(new AnswerView(0, null, true), Server.Current(0));
        Assert.Null(Checked(page));
        Assert.Contains("strip-doubtful", page.Find(".strip-item[data-position='0']").ClassList);
        Assert.Equal("Belum dijawab", page.Find(".save-status").TextContent);
    }

    [Fact]
    public void A_reload_resumes_at_the_kept_question_and_resends_the_kept_changes_with_their_seq()
    {
        Server.LastSeq = 11;
        Store.Saved = new SavedTerminal(FakeExamServer.TokenIssued, Server.Candidate.ParticipantNumber, 4,
            [new PendingChange(12, 2, ChangeKind.Answer, 3, false), new PendingChange(13, 2, ChangeKind.Doubtful, null, true)]);

        var page = OpenTerminal();

        page.WaitForAssertion(() => Assert.Equal("Soal 5 dari 10", Heading(page)));
        Assert.Equal([new SaveAnswerRequest(2, 3, 12), new MarkDoubtfulRequest(2, true, 13)], Server.Calls);
        page.Find(".option[data-slot='0']").Click();
        Assert.Equal(new SaveAnswerRequest(4, 0, 14), Server.Calls[^1]);
        Assert.Equal(4, Store.Saved!.Index);
        Assert.Empty(Store.Saved.Pending);
    }

    [Fact]
    public void Unacknowledged_changes_are_kept_in_the_browser_until_acknowledged()
    {
        Server.HoldReplies = true;
        var page = OpenExam();

        page.Find(".option[data-slot='1']").Click();

        Assert.Equal([new PendingChange(8, 0, ChangeKind.Answer, 1, false)], Store.Saved!.Pending);
        Server.ReleaseHeld();
        page.WaitForAssertion(() => Assert.Empty(Store.Saved!.Pending));
    }

    [Fact]
    public void A_refused_reattach_shows_the_login_with_the_server_message()
    {
        Store.Saved = new SavedTerminal("token-lama", "DEMO-0001", 0, []);

        var page = OpenTerminal();

        Assert.Equal(TerminalScreen.Login, Terminal.Screen);
        Assert.Equal("Sesi terminal tidak berlaku lagi. Silakan masuk dengan nomor peserta dan PIN.", page.Find(".login-error").TextContent);
        Assert.Null(Store.Saved);
    }
}
