using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AsnCat.LoadTest;

/// <summary>
/// A private nginx in front of the server for the HTTP pollers: Debian's <c>/usr/sbin/nginx</c>
/// (<c>scripts/services.sh install</c> installs it) with its own prefix, pid, temp and cache
/// folders in the run's temp folder and a free loopback port, micro-caching
/// <c>/api/public/live/</c> for a second (<c>proxy_cache_valid 200 1s</c>, one request to the
/// origin per board at a time, stale answers while one updates, revalidation with the origin's
/// ETag). The origin compresses (Brotli or gzip by <c>Accept-Encoding</c>, with
/// <c>Vary: Accept-Encoding</c>): nginx (since 1.7.7) keeps one cached answer per distinct
/// <c>Accept-Encoding</c> value under the same key, so br and gzip pollers each get theirs from
/// the cache, and it does not compress (<c>gzip off</c>) or decompress anything itself.
/// Started and stopped by the run (this process started it; it stops that process only).
/// </summary>
public sealed class NginxCache : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;

    private NginxCache(Process process, Uri url, string dir)
    {
        _process = process;
        Url = url;
        Dir = dir;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>: the cache, in front of the origin.</summary>
    public Uri Url { get; }

    public string Dir { get; }

    // started by root, nginx's workers would run as nobody and could not enter the run's private temp folder
    public static string Config(string dir, int port, Uri origin) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        worker_processes 1;
        daemon off;
        master_process on;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        worker_rlimit_nofile 65536;
        events { worker_connections 16384; }
        http {
            access_log off;
            gzip off;
            client_body_temp_path {{dir}}/tmp/body;
            proxy_temp_path {{dir}}/tmp/proxy;
            fastcgi_temp_path {{dir}}/tmp/fastcgi;
            uwsgi_temp_path {{dir}}/tmp/uwsgi;
            scgi_temp_path {{dir}}/tmp/scgi;
            proxy_cache_path {{dir}}/cache levels=1:2 keys_zone=live:10m max_size=256m inactive=60s use_temp_path=off;
            keepalive_requests 100000;
            upstream origin {
                server {{origin.Host}}:{{origin.Port}};
                keepalive 16;
            }
            server {
                listen 127.0.0.1:{{port}};
                location /api/public/live/ {
                    proxy_pass http://origin;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_cache live;
                    proxy_cache_valid 200 1s;
                    proxy_cache_lock on;
                    proxy_cache_lock_timeout 5s;
                    proxy_cache_use_stale updating error timeout;
                    proxy_cache_revalidate on;
                    add_header X-Cache-Status $upstream_cache_status;
                }
            }
        }
        """;

    /// <summary>Starts nginx in <paramref name="dir"/> (created) before <paramref name="origin"/>; waits until it answers (at most 10 s).</summary>
    public static async Task<NginxCache> StartAsync(Uri origin, string dir, CancellationToken ct)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} not found: scripts/services.sh install installs nginx from Debian's packages");
        }
        Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        Directory.CreateDirectory(Path.Combine(dir, "cache"));
        Directory.CreateDirectory(Path.Combine(dir, "logs"));   // nginx opens <prefix>/logs/error.log before it reads the config
        var port = ChildProcess.FreePort();
        var config = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(dir, port, origin), ct);
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-p", dir + "/", "-c", config, "-e", Path.Combine(dir, "error.log") })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        using var probe = new TcpClient();
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync(ct)}");
            }
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NginxCache(process, url, dir);
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("nginx did not listen within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
