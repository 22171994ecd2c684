using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Contracts.National;

namespace AsnCat.Server.National.Venue;

/// <summary>What the centre answered: the status, the body's bytes, and the problem's Indonesian detail when it refused.</summary>
public sealed record CentreReply(HttpStatusCode Status, byte[] Body)
{
    public bool Ok => (int)Status is >= 200 and <= 299;

    /// <summary>The refusal as the centre worded it (an RFC 7807 problem's <c>detail</c> or <c>title</c>), or the status alone.</summary>
    public string Refusal()
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            foreach (var name in new[] { "detail", "title" })
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }
        return $"pusat menjawab HTTP {(int)Status} {Status}";
    }

    public T? Read<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

/// <summary>
/// The venue's typed client for the centre (<see cref="SyncContract"/>). Retries, backoff with
/// jitter and the attempt and total timeouts are the standard resilience handler's (registered in
/// <see cref="VenueExtensions"/>); this class only shapes the calls: the venue credential on every
/// call but enrolment, and every POST body signed with the venue's key over the exact bytes sent.
/// A network failure (after the handler's retries) is an <see cref="HttpRequestException"/> or a
/// timeout for the caller to leave its work queued; an answer of the centre, even a refusal, is a
/// <see cref="CentreReply"/>.
/// </summary>
public sealed class CentreClient(HttpClient http, VenueIdentity identity)
{
    public Uri? BaseAddress => http.BaseAddress;

    public async Task<CentreReply> EnrolAsync(EnrolRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, SyncContract.EnrolPath) { Content = JsonContent.Create(request, options: JsonSerializerOptions.Web) };
        return await SendAsync(message, ct);
    }

    public Task<CentreReply> PackagesAsync(CancellationToken ct) => GetAsync(SyncContract.PackagesPath, ct);

    public Task<CentreReply> PackageAsync(string session, int version, CancellationToken ct) => GetAsync(SyncContract.PackagePath(session, version), ct);

    public Task<CentreReply> BankAsync(string hash, CancellationToken ct) => GetAsync(SyncContract.BanksPath + "/" + Uri.EscapeDataString(hash), ct);

    public Task<CentreReply> AckAsync(string session, int version, CancellationToken ct) =>
        PostSignedAsync(SyncContract.PackageAckPath(session, version), [], "application/json", ct);

    public Task<CentreReply> ProgressAsync(byte[] batch, CancellationToken ct) => PostSignedAsync(SyncContract.ProgressPath, batch, "application/json", ct);

    public Task<CentreReply> BundleAsync(string session, byte[] bundle, CancellationToken ct) =>
        PostSignedAsync(SyncContract.BundlesPath + "/" + Uri.EscapeDataString(session), bundle, "application/json", ct);

    private async Task<CentreReply> GetAsync(string path, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        Authorize(message);
        return await SendAsync(message, ct);
    }

    /// <summary>The body goes as these exact bytes, signed over them (<see cref="SyncContract.SignatureHeader"/>).</summary>
    private async Task<CentreReply> PostSignedAsync(string path, byte[] body, string contentType, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        message.Headers.Add(SyncContract.SignatureHeader, VenueSignatures.Sign(identity.Key(), body));
        Authorize(message);
        return await SendAsync(message, ct);
    }

    private void Authorize(HttpRequestMessage message)
    {
        var credential = identity.Credential()
            ?? throw new VenueNotEnrolledException();
        message.Headers.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, credential.VenueCode + ":" + credential.Credential);
    }

    private async Task<CentreReply> SendAsync(HttpRequestMessage message, CancellationToken ct)
    {
        using var response = await http.SendAsync(message, ct);
        return new CentreReply(response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
    }
}

/// <summary>A call that needs the credential before the venue has enrolled.</summary>
public sealed class VenueNotEnrolledException() : InvalidOperationException(
    "Lokasi ini belum terdaftar di pusat: jalankan 'venue enrol --centre <alamat pusat> --venue <kode lokasi> --code <kode pendaftaran>' lalu mulai ulang server.");
