using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AsnCat.ExamClient.Tests;

public class LoginTests : TerminalTestContext
{
    [Fact]
    public void Without_a_kept_token_the_terminal_shows_the_login_with_a_numeric_password_pin()
    {
        var page = OpenTerminal();

        Assert.Equal(TerminalScreen.Login, Terminal.Screen);
        var pin = page.Find("input#pin");
        Assert.Equal("password", pin.GetAttribute("type"));
        Assert.Equal("numeric", pin.GetAttribute("inputmode"));
        Assert.Empty(Server.Reattaches);
    }

    [Fact]
    public void A_wrong_pin_shows_the_server_message_with_the_attempts_left_and_clears_the_pin()
    {
        Server.LoginRefusal = LoginReply.Refused(ExamError.WrongPin, "PIN salah. Sisa percobaan: 4.");
        var page = OpenTerminal();

        LogIn(page, "DEMO-0001", "123456");

        Assert.Equal("PIN salah. Sisa percobaan: 4.", page.Find(".login-error").TextContent);
        Assert.Equal("alert", page.Find(".login-error").GetAttribute("role"));
        Assert.Equal("", page.Find("input#pin").GetAttribute("value") ?? "");
        Assert.Equal(new LoginRequest("DEMO-0001", "123456", "terminal-uji"), Assert.Single(Server.Logins));
    }

    [Theory]
    [InlineData(ExamError.LockedOut, "PIN salah 5 kali. Akun dikunci 5 menit; hubungi pengawas.", "PIN salah 5 kali. Akun dikunci 5 menit; hubungi pengawas.")]
    [InlineData(ExamError.OtherTerminalActive, "Peserta ini sedang aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.", "Peserta ini sedang aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.")]
    [InlineData(ExamError.OtherTerminalActive, "Peserta ini sedang aktif di terminal lain.", "Peserta ini sedang aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.")]
    [InlineData(ExamError.OtherTerminalActive, "", "Peserta ini masih aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.")]
    [InlineData(ExamError.SessionNotOpen, "Sesi ujian belum dibuka. Tunggu arahan pengawas.", "Sesi ujian belum dibuka. Tunggu arahan pengawas.")]
    public void Refusals_are_shown_in_plain_Indonesian(ExamError error, string message, string shown)
    {
        Server.LoginRefusal = LoginReply.Refused(error, message);
        var page = OpenTerminal();

        LogIn(page, "DEMO-0001", "111111");

        Assert.Equal(shown, page.Find(".login-error").TextContent);
        Assert.Equal(TerminalScreen.Login, Terminal.Screen);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_without_leaving_the_login()
    {
        var page = OpenTerminal();
        await page.InvokeAsync(Server.DisconnectAsync);

        await page.InvokeAsync(() => Terminal.LoginAsync("DEMO-0001", "123456"));

        page.WaitForAssertion(() => Assert.Equal(TerminalMessages.NotReachable, page.Find(".login-error").TextContent));
        page.WaitForAssertion(() => Assert.Contains("Koneksi ke server terputus", page.Find(".connection-banner").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_login_keeps_the_token_and_starts_numbering_changes_after_the_last_seq()
    {
        Server.LastSeq = 41;
        var page = OpenTerminal();

        LogIn(page, " DEMO-0001 ", "123456");

        page.WaitForAssertion(() => page.Find(".exam"));
        Assert.Equal("DEMO-0001", Server.Logins.Single().ParticipantNumber);
        var saved = Assert.IsType<SavedTerminal>(Store.Saved);
        Assert.Equal((FakeExamServer.TokenIssued, "DEMO-0001", 0), (saved.Token, saved.ParticipantNumber, saved.Index));
        page.Find(".exam").KeyDown(Key("a"));
        Assert.Equal(new SaveAnswerRequest(0, 0, 42), Server.Calls.Single());
    }

    [Fact]
    public void The_terminal_name_can_be_given_in_the_address()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?terminal=R1-012");
        var page = OpenTerminal();

        LogIn(page, "DEMO-0001", "123456");

        Assert.Equal("R1-012", Server.Logins.Single().TerminalName);
    }

    private static void LogIn(IRenderedComponent<AsnCat.ExamClient.Pages.TerminalPage> page, string participant, string pin)
    {
        page.Find("input#participant").Input(participant);
        page.Find("input#pin").Input(pin);
        page.Find("form").Submit();
    }
}
