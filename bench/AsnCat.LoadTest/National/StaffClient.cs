using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AsnCat.Server.Api;
namespace AsnCat.LoadTest.National;

/// <summary>
/// A signed-in staff member on a server's JSON API (the centre's committee or a venue's proctor),
/// as a registration system or a script would drive it: a cookie, the antiforgery token for file
/// uploads, and a failure that names the call and quotes the server's problem.
/// </summary>
public sealed class StaffClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;

    private StaffClient(HttpClient http) => _http = http;

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// A client for <paramref name="server"/>; <paramref name="pinnedCertificate"/> (PEM): the only
    /// certificate accepted (the centre proxy's self-signed one on loopback).
    /// </summary>
    public static HttpClient Http(Uri server, string? pinnedCertificate, bool cookies)
    {
        var handler = new HttpClientHandler { UseCookies = cookies };
        if (pinnedCertificate is not null)
        {
            var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(pinnedCertificate)).Thumbprint;
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == pinned;
        }
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(120) };
    }

    public static async Task<StaffClient> LoginAsync(Uri server, string? pinnedCertificate, string userName, string password, CancellationToken ct)
    {
        var http = Http(server, pinnedCertificate, cookies: true);
        var login = await http.PostAsJsonAsync("/api/account/login", new { userName, password }, ct);
        await EnsureAsync(login, "login " + userName, ct);
        var token = await http.GetFromJsonAsync<AntiforgeryToken>("/api/antiforgery", Json, ct)
            ?? throw new InvalidOperationException("no antiforgery token");
        http.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        return new StaffClient(http);
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        await EnsureAsync(response, "GET " + path, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        await EnsureAsync(response, "GET " + path, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<T> PostAsync<T>(string path, object? body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, Json, ct);
        await EnsureAsync(response, "POST " + path, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    public async Task PostAsync(string path, object? body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, Json, ct);
        await EnsureAsync(response, "POST " + path, ct);
    }

    /// <summary>An import (<c>formasi</c>, <c>peserta</c>) as the console's upload sends it.</summary>
    public async Task ImportAsync(string kind, string csv, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", kind + ".csv" } };
        using var response = await _http.PostAsync($"/api/imports/{kind}", form, ct);
        await EnsureAsync(response, "import " + kind, ct);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 600)]}", null,
                response.StatusCode == 0 ? HttpStatusCode.InternalServerError : response.StatusCode);
        }
    }
}
