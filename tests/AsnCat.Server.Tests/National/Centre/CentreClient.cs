using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AsnCat.Contracts.National;
using AsnCat.Server.Identity;
using AsnCat.Server.National;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Tests.Hosts;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>A venue as the centre sees it in a test: its key, its credential and a client that sends them.</summary>
internal sealed class TestVenue(string code, ECDsa key, string credential, HttpClient client) : IDisposable
{
    public string Code { get; } = code;

    public ECDsa Key { get; } = key;

    public string Credential { get; } = credential;

    /// <summary>Sends <c>Authorization: AsnCat-Venue code:credential</c>.</summary>
    public HttpClient Client { get; } = client;

    /// <summary>The body as it is, signed with <paramref name="signer"/> (the venue's key unless told), or unsigned when <paramref name="sign"/> is false.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, byte[] body, bool sign = true, ECDsa? signer = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (sign)
        {
            request.Headers.Add(SyncContract.SignatureHeader, VenueSignatures.Sign(signer ?? Key, body));
        }
        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Key.Dispose();
        Client.Dispose();
    }
}

internal static class CentreClient
{
    /// <summary>An entry of <paramref name="action"/> about the venue exists, every one with an actor as told and the caller's address.</summary>
    public static async Task AssertAuditedAsync(KestrelHost host, string action, string venue, Func<string, bool> actor)
    {
        await using var db = host.Db();
        var entries = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditEntries.Where(e => e.Action == action && e.Subject == venue), TestContext.Current.CancellationToken);
        Assert.NotEmpty(entries);
        Assert.All(entries, e =>
        {
            Assert.True(actor(e.Actor), e.Actor);
            Assert.Equal("127.0.0.1", e.Address);
        });
    }

    public static async Task<HttpClient> AdminAsync(KestrelHost host) => await host.StaffAsync("admin-" + Guid.NewGuid().ToString("N")[..6], StaffRoles.Admin);

    public static async Task<IssuedEnrolment> RegisterAsync(HttpClient admin, string code, string zone = "WITA")
    {
        var response = await admin.PostAsJsonAsync("/api/national/venues", new RegisterVenueRequest(code, "Lokasi " + code, zone), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<IssuedEnrolment>(TestContext.Current.CancellationToken))!;
    }

    public static EnrolRequest Proof(ECDsa key, string code, string enrolmentCode) =>
        new(code, enrolmentCode, VenueSignatures.PublicKey(key), VenueSignatures.Sign(key, VenueSignatures.EnrolStatement(code, enrolmentCode)));

    /// <summary>A venue registered by the admin and enrolled with a fresh key.</summary>
    public static async Task<TestVenue> EnrolledAsync(KestrelHost host, HttpClient admin, string code)
    {
        var issued = await RegisterAsync(admin, code);
        var key = VenueSignatures.NewKey();
        using var anonymous = host.Anonymous();
        var response = await anonymous.PostAsJsonAsync(SyncContract.EnrolPath, Proof(key, code, issued.EnrolmentCode), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var reply = (await response.Content.ReadFromJsonAsync<EnrolReply>(TestContext.Current.CancellationToken))!;
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, code + ":" + reply.Credential);
        return new TestVenue(code, key, reply.Credential, client);
    }
}
