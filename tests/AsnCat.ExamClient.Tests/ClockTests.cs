using AsnCat.Contracts.Exam;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class ClockTests : TerminalTestContext
{
    private static string Shown(Bunit.IRenderedComponent<AsnCat.ExamClient.Pages.TerminalPage> page) =>
        page.Find(".exam-header .countdown-value").TextContent;

    [Fact]
    public void The_countdown_comes_from_the_server_clock_not_the_terminal_wall_clock()
    {
        // The terminal's wall clock says 1999; the server says 2026 with 100 minutes to go.
        var page = OpenExam();

        Assert.Equal("01:40:00", Shown(page));
    }

    [Fact]
    public void Time_measured_by_the_terminal_stopwatch_runs_the_countdown_down()
    {
        var page = OpenExam();

        Time.Advance(TimeSpan.FromSeconds(61));

        page.WaitForAssertion(() => Assert.Equal("01:38:59", Shown(page)));
    }

    [Fact]
    public void The_clock_is_resynchronised_with_the_server_every_30_seconds()
    {
        var page = OpenExam();
        Server.Drift = TimeSpan.FromSeconds(20);   // the server's clock ran ahead of the terminal's stopwatch

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, Server.ClockCalls);
        page.WaitForAssertion(() => Assert.Equal("01:39:31", Shown(page)));

        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, Server.ClockCalls);
        page.WaitForAssertion(() => Assert.Equal("01:39:10", Shown(page)));
    }

    [Fact]
    public void A_pushed_clock_with_a_later_deadline_adds_the_extra_time_at_once()
    {
        var page = OpenExam();
        Server.Deadline = Server.Deadline!.Value.AddMinutes(15);

        page.InvokeAsync(() => Server.Client.ClockChanged(Server.ClockNow()));

        page.WaitForAssertion(() => Assert.Equal("01:55:00", Shown(page)));
    }

    [Fact]
    public void A_slow_clock_reply_older_than_a_push_does_not_undo_it()
    {
        var page = OpenExam();
        var older = Server.ClockNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        Server.Deadline = Server.Deadline!.Value.AddMinutes(10);
        page.InvokeAsync(() => Server.Client.ClockChanged(Server.ClockNow()));

        page.InvokeAsync(() => Server.Client.ClockChanged(older));

        page.WaitForAssertion(() => Assert.Equal("01:49:59", Shown(page)));
    }

    [Fact]
    public void Warnings_at_ten_and_five_minutes_with_a_banner_once_each()
    {
        Server.Deadline = FakeExamServer().AddMinutes(10).AddSeconds(2);
        var page = OpenExam();
        Assert.Contains("countdown-normal", page.Find(".exam-header .countdown").ClassList);
        Assert.Empty(page.FindAll(".time-warning"));

        Time.Advance(TimeSpan.FromSeconds(2));

        page.WaitForAssertion(() => Assert.Contains("countdown-warning", page.Find(".exam-header .countdown").ClassList));
        Assert.Contains("sisa waktu 10 menit", page.Find(".time-warning").TextContent, StringComparison.Ordinal);
        page.Find(".time-warning button").Click();
        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal("00:09:59", Shown(page)));
        Assert.Empty(page.FindAll(".time-warning"));

        Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Contains("countdown-critical", page.Find(".exam-header .countdown").ClassList));
        Assert.Equal("00:05:00", Shown(page));
        Assert.Contains("sisa waktu 5 menit", page.Find(".time-warning").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paused_exam_hides_the_questions_says_why_and_since_when_stops_the_countdown_and_takes_no_answers_until_resumed()
    {
        var page = OpenExam(index: 1);
        Time.Advance(TimeSpan.FromMinutes(10));
        Server.Phase = ExamPhase.Paused;
        Server.PausedSince = Server.Now;   // 08.10 in the session's zone (WIB)
        Server.PauseReason = "Listrik padam di ruang 2";
        page.InvokeAsync(() => Server.Client.ClockChanged(Server.ClockNow()));

        Time.Advance(TimeSpan.FromMinutes(3));

        page.WaitForAssertion(() => Assert.Equal("01:30:00", Shown(page)));
        var notice = page.Find(".paused-notice");
        Assert.Contains("Ujian dijeda", notice.TextContent, StringComparison.Ordinal);
        Assert.Equal("Dijeda sejak 08.10 WIB", notice.QuerySelector(".pause-since")!.TextContent);
        Assert.Equal("Alasan: Listrik padam di ruang 2", notice.QuerySelector(".pause-reason")!.TextContent);
        // not hidden behind an overlay: the question, its options, its navigation and the strip are not on the page
        Assert.Empty(page.FindAll(".stem"));
        Assert.Empty(page.FindAll(".option"));
        Assert.Empty(page.FindAll(".question-nav"));
        Assert.Empty(page.FindAll(".strip-item"));
        Assert.DoesNotContain("Pertanyaan nomor", page.Markup, StringComparison.Ordinal);
        page.Find(".exam").KeyDown(Key("a"));
        page.Find(".exam").KeyDown(Key("ArrowRight"));
        Assert.Empty(Server.Calls);

        Server.Phase = ExamPhase.Running;
        Server.Deadline = Server.Deadline!.Value.AddMinutes(3);   // the server does not charge the pause
        page.InvokeAsync(() => Server.Client.ClockChanged(Server.ClockNow()));

        page.WaitForAssertion(() => Assert.Equal("01:30:00", Shown(page)));
        Assert.Empty(page.FindAll(".paused-notice"));
        Assert.Equal("Soal 2 dari 10", Heading(page));   // the same question as before the pause
        page.Find(".exam").KeyDown(Key("a"));
        Assert.Single(Server.Calls);
    }

    [Fact]
    public void At_zero_the_exam_takes_no_more_answers_and_says_time_is_up()
    {
        var page = OpenExam();

        Time.Advance(TimeSpan.FromMinutes(100));

        page.WaitForAssertion(() => Assert.Contains("Waktu habis", page.Find(".exam-alert.time-up").TextContent, StringComparison.Ordinal));
        Assert.Equal("00:00:00", Shown(page));
        page.Find(".exam").KeyDown(Key("c"));
        Assert.Empty(Server.Calls);
    }

    [Fact]
    public void The_waiting_room_counts_down_to_the_start_and_turns_into_the_exam_when_the_session_runs()
    {
        Server.Phase = ExamPhase.Waiting;
        Server.StartsAt = FakeExamServer().AddMinutes(5);
        Server.Deadline = null;
        Store.Saved = new(Fakes.FakeExamServer.TokenIssued, "DEMO-0001", 0, []);
        var page = OpenTerminal();

        Assert.Equal("Ujian dimulai dalam", page.Find(".waiting .countdown-label").TextContent);
        Assert.Equal("00:05:00", page.Find(".waiting .countdown-value").TextContent);
        Assert.Contains("Siti Rahmawati", page.Find(".candidate-card").TextContent, StringComparison.Ordinal);
        Assert.Contains("DEMO-0001", page.Find(".candidate-card").TextContent, StringComparison.Ordinal);
        Assert.Contains("SESI-01", page.Find(".candidate-card").TextContent, StringComparison.Ordinal);
        Assert.True(page.FindAll(".rules li").Count >= 4);
        Assert.Contains("100 menit", page.Find(".rules").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".exam"));

        Time.Advance(TimeSpan.FromMinutes(5));
        page.WaitForAssertion(() => Assert.Contains("Menunggu pengawas memulai sesi", page.Find(".starting").TextContent, StringComparison.Ordinal));

        Server.Phase = ExamPhase.Running;
        Server.Deadline = Server.Now.AddMinutes(100);
        page.InvokeAsync(() => Server.Client.ClockChanged(Server.ClockNow()));

        page.WaitForAssertion(() => Assert.Equal("Soal 1 dari 10", Heading(page)));
        Assert.Equal("01:40:00", Shown(page));
    }

    private static DateTimeOffset FakeExamServer() => Fakes.FakeExamServer.ServerEpoch;
}
