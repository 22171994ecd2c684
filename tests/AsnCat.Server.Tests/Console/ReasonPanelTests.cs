using AsnCat.Server.Console;
using Bunit;
namespace AsnCat.Server.Tests.Console;

/// <summary>The reason asked before every proctor action: nothing runs without one.</summary>
public sealed class ReasonPanelTests : BunitContext
{
    private readonly List<(string Reason, int Minutes)> _confirmed = [];
    private int _cancelled;

    private IRenderedComponent<ReasonPanel> RenderPanel(bool askMinutes = false, int minutes = 5) =>
        Render<ReasonPanel>(p => p
            .Add(x => x.Title, "Tambah waktu")
            .Add(x => x.ConfirmText, "Tambah waktu")
            .Add(x => x.AskMinutes, askMinutes)
            .Add(x => x.Minutes, minutes)
            .Add(x => x.OnConfirm, r => _confirmed.Add(r))
            .Add(x => x.OnCancel, () => _cancelled++));

    private static void Confirm(IRenderedComponent<ReasonPanel> panel) => panel.Find("button.primary").Click();

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("abcd")]
    [InlineData("  ab c  ")]
    public void An_empty_or_short_reason_is_refused_with_the_message_and_nothing_runs(string reason)
    {
        var panel = RenderPanel();
        panel.Find("#reason-text").Input(reason);

        Confirm(panel);

        Assert.Equal(SessionAdmin.ReasonRequired, panel.Find("[role=alert]").TextContent);
        Assert.Empty(_confirmed);
    }

    [Fact]
    public void A_reason_over_500_characters_is_refused()
    {
        var panel = RenderPanel();
        panel.Find("#reason-text").Input(new string('x', 501));

        Confirm(panel);

        Assert.Equal(SessionAdmin.ReasonRequired, panel.Find("[role=alert]").TextContent);
        Assert.Empty(_confirmed);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("121")]
    [InlineData("-5")]
    public void Minutes_out_of_range_are_refused_even_with_a_good_reason(string minutes)
    {
        var panel = RenderPanel(askMinutes: true);
        panel.Find("#reason-text").Input("listrik padam di ruang 2");
        panel.Find("#reason-minutes").Change(minutes);

        Confirm(panel);

        Assert.Equal("Tambahan waktu 1 sampai 120 menit.", panel.Find("[role=alert]").TextContent);
        Assert.Empty(_confirmed);
    }

    [Fact]
    public void A_valid_reason_confirms_with_the_trimmed_text_and_the_minutes()
    {
        var panel = RenderPanel(askMinutes: true, minutes: 5);
        Assert.Equal("5", panel.Find("#reason-minutes").GetAttribute("value"));
        panel.Find("#reason-text").Input("  listrik padam di ruang 2 selama 6 menit \n");
        panel.Find("#reason-minutes").Change("7");

        Confirm(panel);

        Assert.Equal([("listrik padam di ruang 2 selama 6 menit", 7)], _confirmed);
        Assert.Empty(panel.FindAll("[role=alert]"));
    }

    [Fact]
    public void A_refusal_is_cleared_once_the_reason_is_good()
    {
        var panel = RenderPanel();
        Confirm(panel);
        Assert.Single(panel.FindAll("[role=alert]"));

        panel.Find("#reason-text").Input("terminal rusak, pindah ke T-07");
        Confirm(panel);

        Assert.Empty(panel.FindAll("[role=alert]"));
        Assert.Equal([("terminal rusak, pindah ke T-07", 0)], _confirmed);
    }

    [Fact]
    public void Without_minutes_asked_there_is_no_minutes_field_and_zero_is_passed()
    {
        var panel = RenderPanel(askMinutes: false, minutes: 30);
        Assert.Empty(panel.FindAll("#reason-minutes"));
        panel.Find("#reason-text").Input("gangguan jaringan");

        Confirm(panel);

        Assert.Equal([("gangguan jaringan", 0)], _confirmed);
    }

    [Fact]
    public void Cancel_runs_nothing()
    {
        var panel = RenderPanel();
        panel.Find("#reason-text").Input("gangguan jaringan");

        panel.FindAll("button").Single(b => b.TextContent == "Batal").Click();

        Assert.Equal(1, _cancelled);
        Assert.Empty(_confirmed);
    }
}
