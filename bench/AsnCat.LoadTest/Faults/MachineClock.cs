using System.Diagnostics;
using System.Globalization;

namespace AsnCat.LoadTest.Faults;

/// <summary>
/// Steps this machine's wall clock the way NTP or an operator does (<c>date -s</c>: CLOCK_REALTIME
/// moves, the monotonic clock does not), and steps it back. <c>date</c> reads and sets the clock
/// in one go, so a step and its undoing leave it within a millisecond of where it was. Needs
/// CAP_SYS_TIME. A step not yet undone is undone on dispose and when the process exits (Ctrl+C
/// included); only a SIGKILL of this runner would leave the clock stepped.
/// </summary>
public sealed class MachineClock : IAsyncDisposable
{
    private const int CapSysTime = 25;

    private readonly TimeSpan _step;
    private bool _stepped;

    private MachineClock(TimeSpan step) => _step = step;

    /// <summary>Whether this process may set the clock (CAP_SYS_TIME in its effective set), and why not.</summary>
    public static (bool Allowed, string? Why) Probe()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            if (line is null || !ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps))
            {
                return (false, "no CapEff line in /proc/self/status");
            }
            return (caps >> CapSysTime & 1) == 1 ? (true, null) : (false, "no CAP_SYS_TIME");
        }
        catch (IOException e)
        {
            return (false, e.Message);
        }
    }

    /// <summary>Steps the clock by <paramref name="step"/> (whole seconds) now.</summary>
    public static async Task<MachineClock> StepAsync(TimeSpan step)
    {
        var clock = new MachineClock(step);
        await SetAsync(step);
        clock._stepped = true;
        AppDomain.CurrentDomain.ProcessExit += clock.OnExit;
        return clock;
    }

    /// <summary>Steps the clock back by the step (once).</summary>
    public async Task BackAsync()
    {
        if (!_stepped)
        {
            return;
        }
        await SetAsync(-_step);
        _stepped = false;
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
    }

    public async ValueTask DisposeAsync() => await BackAsync();

    private static async Task SetAsync(TimeSpan step) => await Mounts.CheckAsync("date", "-s", Relative(step));

    private static string Relative(TimeSpan step)
    {
        var seconds = (long)Math.Round(step.TotalSeconds);
        return seconds >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"+{seconds} seconds")
            : string.Create(CultureInfo.InvariantCulture, $"{-seconds} seconds ago");
    }

    private void OnExit(object? sender, EventArgs e)
    {
        if (_stepped)
        {
            // synchronous: this runs from ProcessExit
            using var date = Process.Start("date", ["-s", Relative(-_step)]);
            date.WaitForExit();
            _stepped = false;
        }
    }
}
