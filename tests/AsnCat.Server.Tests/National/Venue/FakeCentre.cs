using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.National;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Http = Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
namespace AsnCat.Server.Tests.National.Venue;

/// <summary>
/// The centre's side of the sync contract and nothing more, on a loopback Kestrel port: enrolment
/// (one code, the proof verified), the package list, packages and banks by hash, and the signed
/// POSTs (ack, progress, bundles), each checked with <see cref="VenueSignatures.Verify"/> against
/// the enrolled key. <see cref="Down"/> answers 503 to everything, as a cut link seen by the venue.
/// </summary>
internal sealed class FakeCentre : IAsyncDisposable
{
    public const string VenueCode = "LOK-UJI-01";

    public const string EnrolmentCode = "DAFTAR-7Q2K";

    private readonly WebApplication _app;
    private long _lastSeq;

    private FakeCentre(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public string Credential { get; } = "kredensial-" + Guid.NewGuid().ToString("N");

    /// <summary>The venue's public key (SPKI, base64), set at enrolment.</summary>
    public string? PublicKey { get; set; }

    public volatile bool Down;

    /// <summary>The receipt for every bundle: <c>diterima</c> or <c>ditolak</c> (with <see cref="RefusalReasons"/>).</summary>
    public string BundleStatus { get; set; } = "diterima";

    public IReadOnlyList<string> RefusalReasons { get; set; } = [];

    public ConcurrentDictionary<(string Session, int Version), byte[]> Packages { get; } = new();

    public ConcurrentDictionary<string, PackageRef> Listed { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte[]> Banks { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> BankFetches { get; } = new();

    public ConcurrentQueue<(string Session, int Version)> Acks { get; } = new();

    /// <summary>Every accepted progress batch, in arrival order.</summary>
    public ConcurrentQueue<ProgressBatch> Progress { get; } = new();

    /// <summary>Every bundle POST that reached the centre (duplicates included), in arrival order.</summary>
    public ConcurrentQueue<(string Session, byte[] Bytes)> BundlePosts { get; } = new();

    /// <summary>Everything that arrived up, in order: <c>progress:&lt;seq&gt;</c> or <c>bundle:&lt;sha256&gt;</c>.</summary>
    public ConcurrentQueue<string> Arrivals { get; } = new();

    /// <summary>Signed calls whose signature or credential did not verify.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public int VerifiedSignatures => _verified;

    private int _verified;

    public static async Task<FakeCentre> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeCentre? centre = null;
        app.Use(async (http, next) =>
        {
            if (centre!.Down)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await next(http);
        });
        app.MapPost(SyncContract.EnrolPath, (EnrolRequest r) => centre!.Enrol(r));
        app.MapGet(SyncContract.PackagesPath, (HttpContext http) => centre!.Authorized(http)
            ? Http.Results.Ok(new PackageList(VenueCode, [.. centre.Listed.Values], DateTimeOffset.UtcNow)) : Http.Results.Unauthorized());
        app.MapGet(SyncContract.PackagesPath + "/{session}/{version:int}", (HttpContext http, string session, int version) =>
            !centre!.Authorized(http) ? Http.Results.Unauthorized()
            : centre.Packages.TryGetValue((session, version), out var bytes) ? Http.Results.Bytes(bytes, "application/json") : Http.Results.NotFound());
        app.MapPost(SyncContract.PackagesPath + "/{session}/{version:int}/ack", async (HttpContext http, string session, int version) =>
        {
            if (await centre!.SignedBodyAsync(http) is null)
            {
                return Http.Results.Unauthorized();
            }
            centre.Acks.Enqueue((session, version));
            return Http.Results.Ok();
        });
        app.MapGet(SyncContract.BanksPath + "/{hash}", (HttpContext http, string hash) =>
        {
            if (!centre!.Authorized(http))
            {
                return Http.Results.Unauthorized();
            }
            centre.BankFetches.Enqueue(hash);
            return centre.Banks.TryGetValue(hash, out var zip) ? Http.Results.Bytes(zip, "application/zip") : Http.Results.NotFound();
        });
        app.MapPost(SyncContract.ProgressPath, async (HttpContext http) =>
        {
            if (await centre!.SignedBodyAsync(http) is not { } body)
            {
                return Http.Results.Unauthorized();
            }
            var batch = JsonSerializer.Deserialize<ProgressBatch>(body, JsonSerializerOptions.Web)!;
            lock (centre.Progress)
            {
                if (batch.Seq > centre._lastSeq)
                {
                    centre._lastSeq = batch.Seq;
                    centre.Progress.Enqueue(batch);
                    centre.Arrivals.Enqueue("progress:" + batch.Seq);
                }
            }
            return Http.Results.Ok(new ProgressReply(Interlocked.Read(ref centre._lastSeq)));
        });
        app.MapPost(SyncContract.BundlesPath + "/{session}", async (HttpContext http, string session) =>
        {
            if (await centre!.SignedBodyAsync(http) is not { } body)
            {
                return Http.Results.Unauthorized();
            }
            var sha = Convert.ToHexStringLower(SHA256.HashData(body));
            centre.BundlePosts.Enqueue((session, body));
            centre.Arrivals.Enqueue("bundle:" + sha);
            var head = JsonDocument.Parse(body).RootElement.GetProperty("ledger").GetProperty("head").GetString()!;
            return Http.Results.Ok(new BundleReceipt(session, sha, head, centre.BundleStatus, centre.BundleStatus == "ditolak" ? centre.RefusalReasons : [], [], DateTimeOffset.UtcNow));
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        centre = new FakeCentre(app, url);
        return centre;
    }

    /// <summary>Lists a package (its hash over the exact bytes served unless <paramref name="listedSha"/> says otherwise).</summary>
    public void Offer(SessionPackage package, string? listedSha = null, bool withdrawn = false)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(package, JsonSerializerOptions.Web);
        Packages[(package.Session.Code, package.Version)] = bytes;
        Listed[package.Session.Code] = new PackageRef(package.Session.Code, package.Version, listedSha ?? Convert.ToHexStringLower(SHA256.HashData(bytes)), package.Session.StartsAt, withdrawn);
    }

    private IResult Enrol(EnrolRequest r)
    {
        if (r.VenueCode != VenueCode || r.EnrolmentCode != EnrolmentCode)
        {
            return Http.Results.Problem(title: "Kode pendaftaran ditolak", detail: $"Kode pendaftaran untuk lokasi {r.VenueCode} tidak dikenal atau sudah dipakai; minta kode baru kepada panitia pusat.", statusCode: 422);
        }
        if (!VenueSignatures.Verify(r.PublicKey, VenueSignatures.EnrolStatement(r.VenueCode, r.EnrolmentCode), r.Proof))
        {
            return Http.Results.Problem(title: "Bukti kunci ditolak", detail: "Tanda tangan bukti tidak cocok dengan kunci publik.", statusCode: 422);
        }
        PublicKey = r.PublicKey;
        return Http.Results.Ok(new EnrolReply(VenueCode, "Lokasi Uji Makassar", "WITA", Credential, DateTimeOffset.UtcNow));
    }

    private bool Authorized(HttpContext http)
    {
        var ok = http.Request.Headers.Authorization.ToString() == $"{SyncContract.AuthScheme} {VenueCode}:{Credential}";
        if (!ok)
        {
            Refusals.Enqueue("credential: " + http.Request.Path);
        }
        return ok;
    }

    private async Task<byte[]?> SignedBodyAsync(HttpContext http)
    {
        if (!Authorized(http))
        {
            return null;
        }
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (PublicKey is null || !VenueSignatures.Verify(PublicKey, body, http.Request.Headers[SyncContract.SignatureHeader].ToString()))
        {
            Refusals.Enqueue("signature: " + http.Request.Path);
            return null;
        }
        Interlocked.Increment(ref _verified);
        return body;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
