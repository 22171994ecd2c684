using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class FinishTests : TerminalTestContext
{
    [Fact]
    public void The_confirmation_counts_unanswered_and_doubtful_items()
    {
        Server.Answers[0] = new AnswerView(0, 1, false);
        Server.Answers[1] = new AnswerView(1, 2, true);
        Server.Answers[2] = new AnswerView(2, 0, false);
        Server.Answers[5] = new AnswerView(5, null, true);
        var page = OpenExam();
        page.Find(".exam").KeyDown(Key("ArrowRight"));
        page.Find(".exam").KeyDown(Key("ArrowRight"));
        page.Find(".exam").KeyDown(Key("ArrowRight"));
        page.Find(".exam").KeyDown(Key("e"));       // answered on screen, not yet stored: counts as answered

        page.Find("button.finish").Click();

        var dialog = page.Find("[role=dialog]");
        Assert.Equal("true", dialog.GetAttribute("aria-modal"));
        Assert.StartsWith("Masih ada 6 soal belum dijawab dan 2 soal ragu-ragu. Yakin mengakhiri ujian?", page.Find(".finish-summary").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, false, "Semua soal sudah dijawab.")]
    [InlineData(7, false, "Masih ada 3 soal belum dijawab.")]
    [InlineData(10, true, "Masih ada 10 soal ragu-ragu.")]
    public void The_confirmation_words_what_is_left(int answered, bool allDoubtful, string expected)
    {
        for (var p = 0; p < answered; p++)
        {
            Server.Answers[p] = new AnswerView(p, 0, allDoubtful);
        }
        var page = OpenExam();

        page.Find("button.finish").Click();

        Assert.StartsWith(expected + " Yakin mengakhiri ujian?", page.Find(".finish-summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Going_back_does_not_finish_and_confirming_finishes_and_shows_the_result()
    {
        var page = OpenExam();

        page.Find("button.finish").Click();
        page.Find("[role=dialog] button.cancel").Click();

        Assert.Empty(page.FindAll("[role=dialog]"));
        Assert.Empty(Server.Finishes);
        page.Find(".exam").KeyDown(Key("b"));
        Assert.Single(Server.Calls);

        page.Find("button.finish").Click();
        page.Find("[role=dialog] button.confirm").Click();

        page.WaitForAssertion(() => page.Find(".result"));
        Assert.Equal(new FinishRequest(true), Assert.Single(Server.Finishes));
        var rows = page.FindAll(".score-row");
        Assert.Equal(["TWK", "TIU", "TKP"], rows.Select(r => r.GetAttribute("data-subtest")));
        Assert.Equal(["85", "150"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal(["Total", "365", "550"], page.Find(".total-row").Children.Select(c => c.TextContent));
        Assert.Equal("✓ Memenuhi nilai ambang batas (skd-2024)", page.Find(".verdict").TextContent);
    }

    [Fact]
    public void Escape_closes_the_dialog_without_finishing()
    {
        var page = OpenExam();
        page.Find("button.finish").Click();

        page.Find("[role=dialog]").KeyDown(Key("Escape"));

        Assert.Empty(page.FindAll("[role=dialog]"));
        Assert.Empty(Server.Finishes);
    }

    [Fact]
    public void Finishing_waits_until_every_answer_is_stored()
    {
        Server.HoldReplies = true;
        var page = OpenExam();
        page.Find(".exam").KeyDown(Key("c"));
        page.Find("button.finish").Click();

        page.Find("[role=dialog] button.confirm").Click();
        Assert.Empty(Server.Finishes);

        Server.ReleaseHeld();

        page.WaitForAssertion(() => Assert.Single(Server.Finishes));
        page.WaitForAssertion(() => page.Find(".result"));
        Assert.Equal(new AnswerView(0, 2, false), Server.Current(0));
    }

    [Fact]
    public void Finishing_with_an_answer_that_cannot_be_sent_is_refused_with_a_message()
    {
        Server.FailCalls = true;
        var page = OpenExam();
        page.Find(".exam").KeyDown(Key("c"));
        page.Find("button.finish").Click();

        page.Find("[role=dialog] button.confirm").Click();

        page.WaitForAssertion(() => Assert.Equal(TerminalMessages.UnsavedBeforeFinish, page.Find(".dialog-error").TextContent));
        Assert.Empty(Server.Finishes);
        Assert.Empty(page.FindAll(".result"));
    }

    [Fact]
    public void A_result_below_the_threshold_lists_the_failed_conditions()
    {
        Server.Phase = ExamPhase.Finished;
        Server.Result = Sample.Result(passed: false);
        Store.Saved = new SavedTerminal(FakeExamServer.TokenIssued, "DEMO-0001", 0, []);

        var page = OpenTerminal();

        Assert.Equal(TerminalScreen.Result, Terminal.Screen);
        Assert.Contains("✗ Belum memenuhi nilai ambang batas (skd-2024)", page.Find(".verdict-fail").TextContent, StringComparison.Ordinal);
        Assert.Equal(["TIU 70 < 80"], page.FindAll(".verdict-fail li").Select(li => li.TextContent));
    }
}
