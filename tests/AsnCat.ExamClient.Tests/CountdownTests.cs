using AsnCat.ExamClient.Components;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class CountdownTests : BunitContext
{
    [Theory]
    [InlineData(100 * 60, "01:40:00", "countdown-normal", "Sisa waktu 1 jam 40 menit")]
    [InlineData((10 * 60) + 1, "00:10:01", "countdown-normal", "Sisa waktu 10 menit 1 detik")]
    [InlineData(10 * 60, "00:10:00", "countdown-warning", "Sisa waktu 10 menit 0 detik")]
    [InlineData((5 * 60) + 1, "00:05:01", "countdown-warning", "Sisa waktu 5 menit 1 detik")]
    [InlineData(5 * 60, "00:05:00", "countdown-critical", "Sisa waktu 5 menit 0 detik")]
    [InlineData(-3, "00:00:00", "countdown-critical", "Sisa waktu 0 menit 0 detik")]
    public void Shows_the_server_time_left_and_warns_at_ten_and_five_minutes(int seconds, string shown, string level, string label)
    {
        var cut = Render<Countdown>(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(seconds)));
        var timer = cut.Find("[role=timer]");
        Assert.Equal(shown, cut.Find(".countdown-value").TextContent);
        Assert.Contains(level, timer.ClassList);
        Assert.Equal(label, timer.GetAttribute("aria-label"));
        // The timer never announces itself every second; the warning banners do, once.
        Assert.Null(timer.GetAttribute("aria-live"));
    }

    [Fact]
    public void A_banner_is_announced_once_at_ten_minutes_and_once_at_five()
    {
        var cut = Render<Countdown>(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(601)));
        Assert.Empty(cut.FindAll(".time-warning"));

        cut.Render(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(600)));
        var banner = cut.Find(".time-warning");
        Assert.Equal("alert", banner.GetAttribute("role"));
        Assert.Contains("sisa waktu 10 menit", banner.TextContent, StringComparison.Ordinal);

        cut.Find(".time-warning button").Click();
        cut.Render(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(420)));
        Assert.Empty(cut.FindAll(".time-warning"));

        cut.Render(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(300)));
        Assert.Contains("sisa waktu 5 menit", cut.Find(".time-warning").TextContent, StringComparison.Ordinal);

        cut.Find(".time-warning button").Click();
        cut.Render(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(120)));
        Assert.Empty(cut.FindAll(".time-warning"));
    }

    [Fact]
    public void Opening_with_less_than_five_minutes_left_warns_only_about_five()
    {
        var cut = Render<Countdown>(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(200)));
        Assert.Contains("5 menit", cut.Find(".time-warning").TextContent, StringComparison.Ordinal);

        cut.Find(".time-warning button").Click();
        cut.Render(p => p.Add(c => c.Remaining, TimeSpan.FromSeconds(199)));
        Assert.Empty(cut.FindAll(".time-warning"));
    }

    [Fact]
    public void The_countdown_to_the_start_never_warns()
    {
        var cut = Render<Countdown>(p => p
            .Add(c => c.Remaining, TimeSpan.FromSeconds(90))
            .Add(c => c.Label, "Ujian dimulai dalam")
            .Add(c => c.Warnings, false));

        Assert.Contains("countdown-normal", cut.Find("[role=timer]").ClassList);
        Assert.Equal("Ujian dimulai dalam 1 menit 30 detik", cut.Find("[role=timer]").GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll(".time-warning"));
    }
}
