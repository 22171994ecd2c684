using AsnCat.Server.Tests.Hosts;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// Settings of a centre that cannot work stop the start with a message saying what to fill:
/// <c>Jobs:Storage = Postgres</c> with no database named, a <c>SignalR:Redis</c> that is not a Redis configuration.
/// </summary>
public sealed class ScaleOutSettingsTests
{
    [Fact]
    public void A_Redis_setting_that_cannot_be_read_stops_the_start_with_an_example()
    {
        using var dir = new TempDir();
        var failure = Assert.ThrowsAny<Exception>(() => NodeHosts.Start(dir, new Dictionary<string, string> { ["SignalR:Redis"] = "redis.pusat:6379,sandi=rahasia" }));
        Assert.Contains("SignalR:Redis 'redis.pusat:6379,sandi=rahasia' tidak dapat dibaca sebagai konfigurasi Redis (contoh: redis.pusat:6379,password=rahasia)", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Postgres_job_storage_with_no_database_named_stops_the_start_with_the_settings_to_fill()
    {
        using var dir = new TempDir();
        var failure = Assert.ThrowsAny<Exception>(() => NodeHosts.Start(dir, new Dictionary<string, string> { ["Jobs:Storage"] = "Postgres" }));
        var message = failure.ToString();
        Assert.Contains("Jobs:Storage = Postgres, tetapi basis data PostgreSQL untuk antrean pekerjaan belum ditentukan", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Jobs", message, StringComparison.Ordinal);
        Assert.Contains("Database:Provider = Postgres", message, StringComparison.Ordinal);
    }
}
