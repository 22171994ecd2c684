using AsnCat.Server.Data;
using AsnCat.Server.Tests.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Hosts;

/// <summary>How a test runs the real server: its files, its clock and any setting the test changes.</summary>
internal sealed record ServerOptions
{
    /// <summary>Where the database (unless <see cref="ConnectionString"/>), the PIN key and the terminal keys go.</summary>
    public required string DataDir { get; init; }

    /// <summary>
    /// The database (of <see cref="Provider"/>); when null a SQLite file in <see cref="DataDir"/>,
    /// or on PostgreSQL a fresh database of the server's own, dropped with it.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>The engine; the test run's (<see cref="TestEngine"/>) when null.</summary>
    public DatabaseProvider? Provider { get; init; }

    /// <summary>The server's clock; the real one when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The deadline sweep on or off; the server's default when null.</summary>
    public bool? DeadlineSweep { get; init; }

    /// <summary>The host environment (<c>Testing</c> unless a test is about another).</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Demo:Enabled; null leaves it unset, so the environment decides.</summary>
    public bool? Demo { get; init; } = false;

    /// <summary>Further settings (configuration keys with <c>:</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Replaces or adds services after the server's own (a log sink, a recording hub protocol).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The real server (<c>Program</c>) as the in-process and the Kestrel host run it: environment
/// Testing, no demo data, its files in the test's folder, its database on the test run's engine.
/// </summary>
internal static class ServerFactory
{
    public static WebApplicationFactory<Program> Create(ServerOptions o)
    {
        var provider = o.Provider ?? TestEngine.Provider;
        var owned = provider == DatabaseProvider.Postgres && o.ConnectionString is null ? PostgresTestDatabase.Create() : null;
        var connectionString = o.ConnectionString ?? owned?.ConnectionString ?? $"Data Source={Path.Combine(o.DataDir, "asncat.db")};Pooling=False";
        return new TestServerFactory(o, provider, connectionString, owned);
    }

    private sealed class TestServerFactory(ServerOptions o, DatabaseProvider provider, string connectionString, PostgresTestDatabase? owned) : WebApplicationFactory<Program>
    {
        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            owned?.Dispose();
        }

        protected override void ConfigureWebHost(IWebHostBuilder b)
        {
            b.UseEnvironment(o.Environment);
            b.UseSetting("Database:Provider", provider.ToString());
            b.UseSetting("ConnectionStrings:AsnCat", connectionString);
            b.UseSetting("Exam:PinKeyFile", Path.Combine(o.DataDir, "pin.key"));
            b.UseSetting("Terminal:KeysDirectory", Path.Combine(o.DataDir, "keys"));
            b.UseSetting("Banks:SourceDirectory", Path.Combine(o.DataDir, "banks"));
            if (o.Demo is { } demo)
            {
                b.UseSetting("Demo:Enabled", demo ? "true" : "false");
            }
            if (o.DeadlineSweep is { } sweep)
            {
                b.UseSetting("Exam:DeadlineSweep", sweep ? "true" : "false");
            }
            foreach (var (key, value) in o.Settings)
            {
                b.UseSetting(key, value);
            }
            b.ConfigureTestServices(s =>
            {
                if (o.Time is not null)
                {
                    s.AddSingleton(o.Time);
                }
                o.Services?.Invoke(s);
            });
        }
    }
}
