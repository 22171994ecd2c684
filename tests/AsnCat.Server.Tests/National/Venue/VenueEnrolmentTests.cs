using AsnCat.Server.National;
using AsnCat.Server.National.Venue;
namespace AsnCat.Server.Tests.National.Venue;

/// <summary>
/// <c>venue enrol</c> and <c>venue status</c> as an operator runs them: the key made and kept
/// owner-only, the proof verified by the centre, the credential stored; a refused code or an
/// unreachable centre stores nothing and says in Indonesian what to do.
/// </summary>
public sealed class VenueEnrolmentTests
{
    [Fact]
    public async Task Enrol_makes_the_key_proves_it_to_the_centre_and_stores_the_credential()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (code, stdout, stderr) = await RunAsync(dir, "enrol", "--centre", centre.Url, "--venue", FakeCentre.VenueCode, "--code", FakeCentre.EnrolmentCode);

        Assert.True(code == 0, stderr);
        Assert.Contains("terdaftar di pusat", stdout, StringComparison.Ordinal);
        var identity = VenueRig.Identity(dir);
        var credential = identity.Credential()!;
        Assert.Equal((FakeCentre.VenueCode, centre.Credential), (credential.VenueCode, credential.Credential));
        // the centre holds the key the venue keeps, and the venue's proof verified against it
        Assert.Equal(VenueSignatures.PublicKey(identity.Key()), centre.PublicKey);
        Assert.Contains(VenueIdentity.Fingerprint(identity.Key()), stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(identity.KeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(identity.CredentialPath));
        }

        var status = await RunAsync(dir, "status");
        Assert.Equal(0, status.Code);
        Assert.Contains(VenueIdentity.Fingerprint(identity.Key()), status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Terdaftar        : ya", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Antrean ke pusat : 0", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_code_stores_no_credential_and_says_to_ask_for_a_new_one()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (code, _, stderr) = await RunAsync(dir, "enrol", "--centre", centre.Url, "--venue", FakeCentre.VenueCode, "--code", "KODE-SALAH");

        Assert.Equal(1, code);
        Assert.Contains("ditolak pusat", stderr, StringComparison.Ordinal);
        Assert.Contains("minta kode baru", stderr, StringComparison.Ordinal);
        Assert.Null(VenueRig.Identity(dir).Credential());
        Assert.Null(centre.PublicKey);
    }

    [Fact]
    public async Task An_unreachable_centre_stores_no_credential_and_says_what_to_check()
    {
        using var dir = new TempDir();
        string url;
        await using (var gone = await FakeCentre.StartAsync())
        {
            url = gone.Url;
        }
        var (code, _, stderr) = await RunAsync(dir, "enrol", "--centre", url, "--venue", FakeCentre.VenueCode, "--code", FakeCentre.EnrolmentCode);

        Assert.Equal(3, code);
        Assert.Contains("tidak dapat dihubungi", stderr, StringComparison.Ordinal);
        Assert.Null(VenueRig.Identity(dir).Credential());
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(TempDir dir, params string[] verb)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:AsnCat"] = $"Data Source={Path.Combine(dir.Path, "asncat.db")};Pooling=False",
            ["National:IdentityDirectory"] = VenueRig.IdentityDir(dir),
            ["National:Resilience:Retry:MaxRetryAttempts"] = "1",
            ["National:Resilience:Retry:Delay"] = "00:00:00.05",
        };
        var code = await VenueCommand.RunAsync(["venue", .. verb], stdout, stderr, settings);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
