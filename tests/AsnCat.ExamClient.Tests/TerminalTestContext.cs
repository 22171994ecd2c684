using AsnCat.ExamClient.Pages;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AsnCat.ExamClient.Tests;

/// <summary>
/// A terminal against <see cref="FakeExamServer"/>, with a fake clock whose wall time is wrong on
/// purpose (1999): everything shown must come from the server's clock.
/// </summary>
public abstract class TerminalTestContext : BunitContext
{
    protected static readonly DateTimeOffset WrongWallClock = new(1999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected TerminalTestContext()
    {
        Time = new FakeTimeProvider(WrongWallClock);
        Server = new FakeExamServer(Time);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IExamTransport>(Server);
        Services.AddSingleton<IExamContent>(Server);
        Services.AddSingleton<ITerminalTokenStore>(Store);
        Services.AddScoped<ExamTerminal>();
    }

    protected FakeTimeProvider Time { get; }

    protected FakeExamServer Server { get; }

    protected FakeTokenStore Store { get; } = new();

    protected ExamTerminal Terminal => Services.GetRequiredService<ExamTerminal>();

    /// <summary>Opens the page and waits until it has connected.</summary>
    protected IRenderedComponent<TerminalPage> OpenTerminal()
    {
        var page = Render<TerminalPage>();
        page.WaitForState(() => Terminal.Screen != TerminalScreen.Connecting);
        return page;
    }

    /// <summary>Opens the page of a terminal that holds a token (re-attach), showing the item at <paramref name="index"/>.</summary>
    protected IRenderedComponent<TerminalPage> OpenExam(int index = 0)
    {
        Store.Saved = new SavedTerminal(FakeExamServer.TokenIssued, Server.Candidate.ParticipantNumber, index, []);
        var page = OpenTerminal();
        page.WaitForAssertion(() => page.Find(".exam"));
        return page;
    }

    protected static KeyboardEventArgs Key(string key, bool ctrl = false) => new() { Key = key, CtrlKey = ctrl };

    protected static string Heading(IRenderedComponent<TerminalPage> page) => page.Find("#question-title").TextContent;

    protected static string? Checked(IRenderedComponent<TerminalPage> page) =>
        page.FindAll(".option[aria-checked=true]").SingleOrDefault()?.QuerySelector(".option-letter")?.TextContent;
}
