using System.Diagnostics;

namespace AsnCat.LoadTest.Faults;

/// <summary>
/// The file systems the storage faults put the server's database on (a small tmpfs, an ext4
/// image on a loop device). Needs CAP_SYS_ADMIN. Every mount this run made is unmounted on
/// <see cref="Dispose"/> (the runner's finally, which Ctrl+C reaches too) and on process exit.
/// </summary>
public sealed class Mounts : IDisposable
{
    private readonly List<string> _mounted = [];

    public Mounts()
    {
        AppDomain.CurrentDomain.ProcessExit += OnExit;
    }

    /// <summary>Whether this process may mount (tried once with a 1 MB tmpfs); the reason when not.</summary>
    public static async Task<(bool Allowed, string? Why)> ProbeAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "asncat-probe", dir);
        if (code != 0)
        {
            return (false, output.Trim().Split('\n')[0]);
        }
        await RunAsync("umount", dir);
        return (true, null);
    }

    public async Task TmpfsAsync(string dir, int megabytes)
    {
        Directory.CreateDirectory(dir);
        await CheckAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "asncat-fault", dir);
        _mounted.Add(dir);
    }

    /// <summary>
    /// A fresh ext4 image of <paramref name="megabytes"/> on a loop device, turned read-only by the
    /// kernel on the first error (errors=remount-ro). Without a journal: when ext4 aborts its
    /// journal, the commit whose fsync was under way can vanish although fsync reported success
    /// (seen with bare SQLite as well); that is the file system's loss, which no application can
    /// prevent, and it would hide what this fault is about: what the server acknowledges.
    /// </summary>
    public async Task Ext4Async(string image, string dir, int megabytes)
    {
        Directory.CreateDirectory(dir);
        await using (var file = File.Create(image))
        {
            file.SetLength(megabytes * 1024L * 1024L);
        }
        await CheckAsync("mkfs.ext4", "-q", "-F", "-O", "^has_journal", image);
        await MountImageAsync(image, dir);
    }

    public async Task MountImageAsync(string image, string dir)
    {
        await CheckAsync("mount", "-o", "loop,errors=remount-ro", image, dir);
        _mounted.Add(dir);
    }

    /// <summary>The loop device's name (loop3) under /sys/fs/ext4.</summary>
    public static async Task<string> DeviceOfAsync(string dir)
    {
        var (_, source) = await CheckAsync("findmnt", "-no", "SOURCE", dir);
        return Path.GetFileName(source.Trim());
    }

    public async Task UnmountAsync(string dir)
    {
        var (code, _) = await RunAsync("umount", dir);
        if (code != 0)
        {
            await RunAsync("umount", "-l", dir);
        }
        _mounted.Remove(dir);
    }

    public void Dispose()
    {
        UnmountAll();
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
    }

    public static async Task<(int Code, string Output)> CheckAsync(string file, params string[] args)
    {
        var (code, output) = await RunAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {output.Trim()}");
        }
        return (code, output);
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var (code, output, errors) = await Command.RunAsync(file, args);
        return (code, output + errors);
    }

    private void OnExit(object? sender, EventArgs e) => UnmountAll();

    private void UnmountAll()
    {
        foreach (var dir in _mounted.ToList())
        {
            // synchronous: this also runs from ProcessExit
            using var umount = Process.Start("umount", ["-l", dir]);
            umount.WaitForExit();
            _mounted.Remove(dir);
        }
    }
}
