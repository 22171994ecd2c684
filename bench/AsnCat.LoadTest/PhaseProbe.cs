using System.Diagnostics;
using System.Globalization;

namespace AsnCat.LoadTest;

/// <summary>
/// Where a phase's time went. CPU in cores (1.0 = one core busy): the server (or echo hub),
/// this generator, the kernel's softirq time (loopback TCP is processed there, for both ends),
/// and everything else on the machine (other processes distort a run; this shows by how much).
/// For the generator also its GC pauses and its scheduling lag (how late a 10 ms timer fires on
/// its thread pool): latency that the generator adds to what it measures.
/// </summary>
public readonly record struct PhaseUse(double Server, double Generator, double Softirq, double Others, TimeSpan GeneratorGcPause, int GeneratorGen2, double LagP99Ms, double LagMaxMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Server,6:0.00} {Generator,9:0.00} {Softirq,8:0.00} {Others,6:0.00}   {GeneratorGcPause.TotalMilliseconds,5:0} ms ({GeneratorGen2} gen2), lag p99/max {LagP99Ms:0} / {LagMaxMs:0} ms");
}

public sealed class PhaseProbe
{
    private static readonly int[] TaskFields = [1, 2, 3, 8]; // user, nice, system, steal
    private static readonly int[] SoftirqFields = [6, 7];    // irq, softirq

    private readonly ChildProcess _child;
    private readonly TimeSpan _child0;
    private readonly TimeSpan _self0;
    private readonly (double Tasks, double Softirq) _machine0;
    private readonly TimeSpan _gc0;
    private readonly int _gen20;
    private readonly long _t0;
    private volatile bool _stopped;
    private readonly Task<List<double>> _lag;

    private PhaseProbe(ChildProcess child)
    {
        _child = child;
        _child0 = child.CpuTime;
        _self0 = Environment.CpuUsage.TotalTime;
        _machine0 = Machine();
        _gc0 = GC.GetTotalPauseDuration();
        _gen20 = GC.CollectionCount(2);
        _t0 = Stopwatch.GetTimestamp();
        _lag = Task.Run(LagAsync);
    }

    public static PhaseProbe Start(ChildProcess child) => new(child);

    public async Task<PhaseUse> StopAsync()
    {
        var wall = Stopwatch.GetElapsedTime(_t0).TotalSeconds;
        var server = (_child.CpuTime - _child0).TotalSeconds / wall;
        var generator = (Environment.CpuUsage.TotalTime - _self0).TotalSeconds / wall;
        var machine = Machine();
        var softirq = (machine.Softirq - _machine0.Softirq) / wall;
        var tasks = (machine.Tasks - _machine0.Tasks) / wall;
        _stopped = true;
        var lag = await _lag;
        lag.Sort();
        return new PhaseUse(server, generator, softirq, Math.Max(0, tasks - server - generator),
            GC.GetTotalPauseDuration() - _gc0, GC.CollectionCount(2) - _gen20,
            lag.Count == 0 ? 0 : lag[Math.Max(0, (int)Math.Ceiling(0.99 * lag.Count) - 1)], lag.Count == 0 ? 0 : lag[^1]);
    }

    private async Task<List<double>> LagAsync()
    {
        var lag = new List<double>();
        var period = TimeSpan.FromMilliseconds(10);
        while (!_stopped)
        {
            var before = Stopwatch.GetTimestamp();
            await Task.Delay(period);
            lag.Add(Math.Max(0, (Stopwatch.GetElapsedTime(before) - period).TotalMilliseconds));
        }
        return lag;
    }

    /// <summary>Busy seconds of all cores since boot from /proc/stat (USER_HZ = 100): tasks, and irq + softirq.</summary>
    private static (double Tasks, double Softirq) Machine()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (TaskFields.Sum(i => long.Parse(f[i], CultureInfo.InvariantCulture)) / 100.0, SoftirqFields.Sum(i => long.Parse(f[i], CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
