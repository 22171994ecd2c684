using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.National;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>The venue registry and the AsnCat-Venue scheme: enrolment with proof of possession, single-use codes, revocation.</summary>
public sealed class EnrolmentTests() : KestrelHostTest(recordHubFrames: false)
{
    [Fact]
    public async Task A_good_proof_enrols_the_venue_its_credential_authenticates_and_only_its_hash_is_stored()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        using var venue = await CentreClient.EnrolledAsync(Host, admin, "LOK-MKS-01");

        var list = await venue.Client.GetAsync(SyncContract.PackagesPath, Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("LOK-MKS-01", (await list.Content.ReadFromJsonAsync<PackageList>(Ct))!.VenueCode);

        await using var db = Host.Db();
        var row = await db.NationalVenues.SingleAsync(v => v.Code == "LOK-MKS-01", Ct);
        Assert.Equal(VenueSignatures.PublicKey(venue.Key), row.PublicKey);
        Assert.Equal(VenueRegistry.Hash(venue.Credential), row.CredentialHash);
        Assert.Null(row.EnrolmentCodeHash);
        var actions = await db.AuditEntries.Where(e => e.Subject == "LOK-MKS-01").Select(e => e.Action).ToListAsync(Ct);
        Assert.Contains(AuditActions.National.VenueRegistered, actions);
        Assert.Contains(AuditActions.National.Enrolled, actions);
        Assert.Contains(AuditActions.National.PackagesListed, actions);
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.VenueRegistered, "LOK-MKS-01", a => a.StartsWith("admin-", StringComparison.Ordinal));
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.Enrolled, "LOK-MKS-01", a => a == "lokasi:LOK-MKS-01");
    }

    [Fact]
    public async Task An_enrolment_code_is_single_use()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        var issued = await CentreClient.RegisterAsync(admin, "LOK-SBY-01");
        using var anonymous = Host.Anonymous();
        using var first = VenueSignatures.NewKey();
        using var second = VenueSignatures.NewKey();

        var ok = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, CentreClient.Proof(first, "LOK-SBY-01", issued.EnrolmentCode), Ct);
        var again = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, CentreClient.Proof(second, "LOK-SBY-01", issued.EnrolmentCode), Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("sudah dipakai", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var db = Host.Db();
        Assert.Equal(VenueSignatures.PublicKey(first), await db.NationalVenues.Where(v => v.Code == "LOK-SBY-01").Select(v => v.PublicKey).SingleAsync(Ct));
        Assert.Contains(AuditActions.National.EnrolRefused, await db.AuditEntries.Where(e => e.Subject == "LOK-SBY-01").Select(e => e.Action).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_proof_not_made_by_the_key_sent_is_refused_and_the_code_stays_usable()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        var issued = await CentreClient.RegisterAsync(admin, "LOK-JYP-01");
        using var anonymous = Host.Anonymous();
        using var key = VenueSignatures.NewKey();
        using var other = VenueSignatures.NewKey();
        var forged = CentreClient.Proof(key, "LOK-JYP-01", issued.EnrolmentCode) with
        {
            Proof = VenueSignatures.Sign(other, VenueSignatures.EnrolStatement("LOK-JYP-01", issued.EnrolmentCode)),
        };

        var refused = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, forged, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Bukti kepemilikan kunci lokasi 'LOK-JYP-01' tidak sah", text, StringComparison.Ordinal);
        await using (var db = Host.Db())
        {
            var row = await db.NationalVenues.SingleAsync(v => v.Code == "LOK-JYP-01", Ct);
            Assert.Null(row.PublicKey);
            Assert.Null(row.CredentialHash);
        }

        var ok = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, CentreClient.Proof(key, "LOK-JYP-01", issued.EnrolmentCode), Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_wrong_credential_is_refused_with_401_naming_the_venue_and_a_new_code_enrols_it_again()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        using var venue = await CentreClient.EnrolledAsync(Host, admin, "LOK-AMB-01");
        using var wrong = Host.Anonymous();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, "LOK-AMB-01:bukan-kredensialnya");

        var wrongReply = await wrong.GetAsync(SyncContract.PackagesPath, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongReply.StatusCode);
        Assert.Contains("Kredensial lokasi 'LOK-AMB-01' salah", await wrongReply.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var revoke = await admin.PostAsJsonAsync("/api/national/venues/LOK-AMB-01/revoke", new RevokeVenueRequest("perangkat server lokasi hilang"), Ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var refused = await venue.Client.GetAsync(SyncContract.PackagesPath, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Kredensial lokasi 'LOK-AMB-01' telah dicabut (perangkat server lokasi hilang)", text, StringComparison.Ordinal);

        await using (var db = Host.Db())
        {
            var actions = await db.AuditEntries.Where(e => e.Subject == "LOK-AMB-01").Select(e => e.Action).ToListAsync(Ct);
            Assert.Equal(2, actions.Count(a => a == AuditActions.National.SyncRefused));
        }
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.VenueRevoked, "LOK-AMB-01", a => a.StartsWith("admin-", StringComparison.Ordinal));

        // a new code: the venue enrols again with a new key, and is served again
        var reissue = await admin.PostAsync("/api/national/venues/LOK-AMB-01/enrolment", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        var issued = (await reissue.Content.ReadFromJsonAsync<IssuedEnrolment>(Ct))!;
        using var key = VenueSignatures.NewKey();
        using var anonymous = Host.Anonymous();
        var enrolled = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, CentreClient.Proof(key, "LOK-AMB-01", issued.EnrolmentCode), Ct);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var credential = (await enrolled.Content.ReadFromJsonAsync<EnrolReply>(Ct))!.Credential;
        using var back = Host.Anonymous();
        back.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, "LOK-AMB-01:" + credential);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync(SyncContract.PackagesPath, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await venue.Client.GetAsync(SyncContract.PackagesPath, Ct)).StatusCode);
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.EnrolmentIssued, "LOK-AMB-01", a => a.StartsWith("admin-", StringComparison.Ordinal));
    }
}
