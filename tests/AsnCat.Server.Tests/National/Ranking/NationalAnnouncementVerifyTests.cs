using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Identity;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.National.Centre;
using AsnCat.Tool.Commands;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
namespace AsnCat.Server.Tests.National.Ranking;

/// <summary>
/// From a venue's real bundle to the public announcement: the centre accepts it, ranks, closes and
/// publishes the formation nationally; the bundle downloaded from the public page is the venue's
/// exact bytes, and the <c>verify</c> command accepts it with the announcement's head.
/// </summary>
public sealed class NationalAnnouncementVerifyTests(IntakeFixture f) : IClassFixture<IntakeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_bundle_downloaded_from_the_announcement_is_the_venues_own_and_verify_accepts_it_with_the_announced_head()
    {
        var accepted = await f.Venue.PostAsync($"{SyncContract.BundlesPath}/{f.SessionCode}", f.Bundle);
        Assert.Equal(BundleStatus.Accepted, (await accepted.Content.ReadFromJsonAsync<BundleReceipt>(Json, Ct))!.Status);
        using var panitia = await f.Centre.StaffAsync("panitia-verifikasi", StaffRoles.Panitia);
        var formation = "F-INT";
        await NationalAnnouncementHost.CloseAsync(panitia, formation);
        await NationalAnnouncementHost.RunAsync(panitia);
        var response = await NationalAnnouncementHost.PublishAsync(panitia, formation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = (await response.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;

        using var client = f.Centre.Anonymous();
        var bytes = await client.GetByteArrayAsync($"/hasil/{p.Id}/bundel/{f.SessionCode}.json", Ct);
        Assert.Equal(f.Bundle, bytes);
        var file = (await client.GetFromJsonAsync<NationalPublicationFile>($"/hasil/{p.Id}/nasional.json", Json, Ct))!;
        var bundle = Assert.Single(file.Bundles);
        Assert.Equal((f.SessionCode, Convert.ToHexStringLower(SHA256.HashData(f.Bundle)), ResultBundle.Parse(f.Bundle).Ledger.Head),
            (bundle.Session, bundle.Sha256, bundle.LedgerHead));
        Assert.Equal(formation, Assert.Single(file.Formations).Code);

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, f.SessionCode + ".json");
        await File.WriteAllBytesAsync(path, bytes, Ct);
        Assert.True(Verify(path, p.LedgerHead!, out var output) == 0, output);
        // the check is real: another head is refused
        Assert.NotEqual(0, Verify(path, new string('0', 64), out _));
    }

    private static int Verify(string bundle, string head, out string output)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CommandLine.Run(["verify", bundle, "--publication-head", head], stdout, stderr);
        output = stdout + "\n" + stderr;
        return exit;
    }
}
