using System.IO.Compression;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.National;
using AsnCat.Server.National.Venue;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.National.Venue;

/// <summary>
/// A venue server (the real <c>Program</c>, in process) naming a <see cref="FakeCentre"/>: its
/// identity already enrolled unless told, packages pulled when the test says
/// (<see cref="PullAsync"/>), boards and bundles sent every 200 ms, the resilience handler's
/// retries short so a cut link shows within a second. Also builds the packages the centre offers.
/// </summary>
internal sealed class VenueRig : IAsyncDisposable
{
    public const string SeedText = "0123456789abcdef0123456789abcdef";

    private readonly WebApplicationFactory<Program> _factory;

    private VenueRig(WebApplicationFactory<Program> factory) => _factory = factory;

    public IServiceProvider Services => _factory.Services;

    public static string IdentityDir(TempDir dir) => Path.Combine(dir.Path, "venue");

    public static VenueRig Start(TempDir dir, FakeCentre centre, bool enrolled = true)
    {
        if (enrolled)
        {
            Enrol(dir, centre);
        }
        var factory = ServerFactory.Create(new ServerOptions
        {
            DataDir = dir.Path,
            Settings = new Dictionary<string, string>
            {
                ["National:CentreUrl"] = centre.Url,
                ["National:VenueCode"] = FakeCentre.VenueCode,
                ["National:IdentityDirectory"] = IdentityDir(dir),
                ["National:PullEvery"] = "01:00:00",
                ["National:ProgressEvery"] = "00:00:00.2",
                ["National:Resilience:Retry:MaxRetryAttempts"] = "1",
                ["National:Resilience:Retry:Delay"] = "00:00:00.05",
                ["National:Resilience:AttemptTimeout:Timeout"] = "00:00:05",
                ["National:Resilience:CircuitBreaker:SamplingDuration"] = "00:00:10",
                ["National:Resilience:TotalRequestTimeout:Timeout"] = "00:00:15",
                ["Results:BundleDirectory"] = Path.Combine(dir.Path, "bundles"),
            },
        });
        _ = factory.Services;   // started: migrations done, the loops running
        return new VenueRig(factory);
    }

    /// <summary>The venue's key and the centre's credential on disk, as <c>venue enrol</c> leaves them.</summary>
    public static void Enrol(TempDir dir, FakeCentre centre)
    {
        var identity = Identity(dir);
        centre.PublicKey = VenueSignatures.PublicKey(identity.Key());
        identity.Store(new VenueCredential(FakeCentre.VenueCode, new Uri(centre.Url), centre.Credential, "Lokasi Uji Makassar", "WITA", DateTimeOffset.UtcNow));
    }

    public static VenueIdentity Identity(TempDir dir) =>
        new(Options.Create(new NationalOptions { IdentityDirectory = IdentityDir(dir) }), new HostingEnvironment { ContentRootPath = dir.Path });

    public Task PullAsync() => Services.GetRequiredService<PackagePuller>().PullOnceAsync(TestContext.Current.CancellationToken);

    public AsnCatDb Db() => Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContext();

    public async Task<List<SyncOutbox>> OutboxAsync()
    {
        await using var db = Db();
        return await db.Set<SyncOutbox>().AsNoTracking().OrderBy(o => o.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for " + what);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>A bank the venue does not hold yet: the sample SKD bank with another title, zipped, and its hash.</summary>
    public static (string Hash, byte[] Zip) CentreBank(TempDir dir)
    {
        var folder = Path.Combine(dir.Path, "bank-pusat");
        foreach (var file in Directory.GetFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(TestPaths.SampleBank, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var manifest = Path.Combine(folder, "bank.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("title: Bank soal contoh SKD AsnCat", "title: Bank soal SKD dari pusat", StringComparison.Ordinal));
        var hash = BankLoader.Load(folder, new RulesCatalog(TestPaths.QuestionBanks).Blueprint).Bank!.Hash;
        var zip = Path.Combine(dir.Path, "bank-pusat.zip");
        ZipFile.CreateFromDirectory(folder, zip);
        return (hash, File.ReadAllBytes(zip));
    }

    /// <summary>A package of session <paramref name="session"/> on the centre's bank, starting tomorrow, with these candidates (number, seat).</summary>
    public static SessionPackage Package(string session, int version, string bankHash, IEnumerable<(string Number, int? Seat)> candidates, string seed = SeedText, string? commitment = null)
    {
        var blueprint = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml"));
        var thresholds = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "thresholds", "skd-2024.yaml"));
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(1), TimeSpan.Zero);
        return new SessionPackage(SyncContract.PackageFormat, FakeCentre.VenueCode, version,
            new PackageSession(session, "Lokasi Uji Makassar", "Ruang 1", "WITA", startsAt, 10, "skd", blueprint, "skd-2024", thresholds),
            new PackageBank(bankHash, "skd-pusat"), seed, commitment ?? VenueSignatures.Commitment(seed == "" ? SeedText : seed),
            [new PackageFormation("F-UJI-01", "Instansi Uji", "Analis", "Makassar", 2, "S-1")],
            [.. candidates.Select((c, i) => new PackageCandidate(c.Number, "Peserta " + c.Number, "12" + (i % 10) + "4", new DateOnly(1998, 5, 17), "F-UJI-01", "umum", c.Seat, 0, false, false))]);
    }
}
