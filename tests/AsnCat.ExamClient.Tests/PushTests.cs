using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class PushTests : TerminalTestContext
{
    [Fact]
    public void A_released_terminal_says_so_and_forgets_its_token()
    {
        var page = OpenExam();
        Assert.NotNull(Store.Saved);

        page.InvokeAsync(() => Server.Client.TerminalReleased("Terminal ini dilepas oleh pengawas: pindah ke R2-004"));

        page.WaitForAssertion(() => Assert.Equal("Terminal ini telah dilepas", page.Find(".released h1").TextContent));
        Assert.Contains("pindah ke R2-004", page.Find(".released .reason").TextContent, StringComparison.Ordinal);
        Assert.Null(Store.Saved);
        Assert.Empty(page.FindAll(".exam"));

        page.Find(".released button").Click();
        Assert.Equal(TerminalScreen.Login, Terminal.Screen);
    }

    [Fact]
    public async Task Disposing_the_terminal_twice_is_harmless()
    {
        OpenExam();

        await Terminal.DisposeAsync();
        await Terminal.DisposeAsync();

        Assert.Equal(TerminalScreen.Exam, Terminal.Screen);
    }

    [Fact]
    public async Task Pushes_arriving_on_the_hubs_threads_write_the_browser_storage_on_the_circuits_context()
    {
        Store.OnDispatcher = Renderer.Dispatcher.CheckAccess;
        var page = OpenExam();
        page.Find(".exam").KeyDown(Key("a"));

        await Task.Run(() => Server.Client.TerminalReleased("dilepas"), Xunit.TestContext.Current.CancellationToken);

        page.WaitForAssertion(() => Assert.Null(Store.Saved));
        Assert.Empty(Store.OffDispatcherWrites);
    }

    [Fact]
    public void A_released_terminal_does_not_reattach_after_a_reconnect()
    {
        var page = OpenExam();
        page.InvokeAsync(() => Server.Client.TerminalReleased("dilepas"));
        var reattaches = Server.Reattaches.Count;

        page.InvokeAsync(Server.DisconnectAsync);
        page.InvokeAsync(Server.ReconnectAsync);
        Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(reattaches, Server.Reattaches.Count);
        Assert.Equal(TerminalScreen.Released, Terminal.Screen);
    }

    [Fact]
    public void An_ended_attempt_shows_the_result_pushed_by_the_server()
    {
        var page = OpenExam();

        page.InvokeAsync(() => Server.Client.AttemptEnded(Sample.Result(passed: true)));

        page.WaitForAssertion(() => Assert.Equal("Hasil ujian", page.Find(".result h1").TextContent));
        Assert.Equal("365", page.Find(".total-row td").TextContent);
        Assert.Equal("✓ Memenuhi nilai ambang batas (skd-2024)", page.Find(".verdict").TextContent);
    }

    [Fact]
    public void An_end_learned_from_the_clock_instead_of_the_push_still_shows_the_result()
    {
        var page = OpenExam();
        Server.Phase = ExamPhase.Finished;
        Server.Result = Sample.Result(passed: true);

        Time.Advance(TimeSpan.FromSeconds(30));

        page.WaitForAssertion(() => Assert.Equal("365", page.Find(".total-row td").TextContent));
    }

    [Fact]
    public void Leaving_the_result_forgets_the_candidate_for_the_next_one()
    {
        var page = OpenExam();
        page.InvokeAsync(() => Server.Client.AttemptEnded(Sample.Result(passed: true)));
        page.WaitForAssertion(() => page.Find(".result"));

        page.Find(".result button").Click();

        Assert.Equal(TerminalScreen.Login, Terminal.Screen);
        Assert.Null(Store.Saved);
        page.Find("input#participant");
    }
}
