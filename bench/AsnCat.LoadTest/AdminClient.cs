using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AsnCat.Server.Identity;
using AsnCat.Server.Exam;
using AsnCat.Server.Runtime;
namespace AsnCat.LoadTest;

/// <summary>An admin seeded into the run's database and logged in: reads the server's runtime view (<c>/api/admin/runtime</c>).</summary>
public sealed class AdminClient : IDisposable
{
    private const string Name = "uji-beban";

    private readonly HttpClient _http;

    private AdminClient(HttpClient http) => _http = http;

    public static async Task<AdminClient> LoginAsync(Uri server, string connectionString, CancellationToken ct)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await Seeder.SeedAdminAsync(connectionString, Name, password, ct);
        var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        (await http.PostAsJsonAsync("/api/account/login", new { userName = Name, password }, ct)).EnsureSuccessStatusCode();
        return new AdminClient(http);
    }

    /// <summary>The runtime view; <paramref name="collect"/> runs a full garbage collection first.</summary>
    public async Task<RuntimeView> RuntimeAsync(bool collect, CancellationToken ct) =>
        await _http.GetFromJsonAsync<RuntimeView>(RuntimeApi.Path + (collect ? "?collect=true" : ""), Connections.Json, ct)
            ?? throw new InvalidOperationException("empty runtime view");

    public void Dispose() => _http.Dispose();
}

/// <summary>The server's own time per answer (dispatch to reply) between two runtime views: p50/p99/count, as bucket upper bounds.</summary>
public sealed record ServerAckTime(long Count, double P50, double P99)
{
    public static ServerAckTime Between(RuntimeView before, RuntimeView after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var counts = after.AckCounts.Select((c, i) => c - before.AckCounts[i]).ToList();
        return new ServerAckTime(counts.Sum(), AckHistogram.Quantile(counts, 0.50), AckHistogram.Quantile(counts, 0.99));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50/p99 <= {P50:0.#} / {P99:0.#} ms ({Count:N0} calls; dispatch -> reply, the writer's commit included)");
}
