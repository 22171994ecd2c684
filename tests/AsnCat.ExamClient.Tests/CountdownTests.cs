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
        Assert.Equal(seconds <= 600 ? "assertive" : "off", timer.GetAttribute("aria-live"));
    }
}
