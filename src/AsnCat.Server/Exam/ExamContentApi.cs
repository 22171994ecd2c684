using AsnCat.Contracts.Exam;
namespace AsnCat.Server.Exam;

/// <summary>
/// <c>GET /exam/content/{access}/{hash}</c>: a session's shared item content and images by
/// content hash, for terminal hosts, venue proxies and browsers to cache for good
/// (docs/protocol.md, "ExamSet"). Never an item id, a key or a weight.
/// </summary>
public static class ExamContentApi
{
    private const string NotFoundText = "Konten soal tidak tersedia: sesi ujian tidak sedang dibuka, atau alamat konten salah. Masuk kembali di terminal untuk mendapatkan alamat yang berlaku.";

    public static IEndpointRouteBuilder MapExamContent(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(ExamHub.ContentRoot + "/{access}/{hash}", GetAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> GetAsync(string access, string hash, HttpContext http, ContentAccess sessions, ExamMaterials materials, CancellationToken ct)
    {
        if (await sessions.OpenSessionAsync(access, ct) is not { } sessionId
            || !(await materials.ForSessionAsync(sessionId, ct)).Contents.TryGetValue(hash, out var body))
        {
            return TypedResults.Problem(title: "Konten tidak ditemukan", detail: NotFoundText, statusCode: StatusCodes.Status404NotFound);
        }
        var etag = $"\"{hash}\"";
        KeepForGood(http.Response);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(body.Bytes, body.ContentType);
    }

    /// <summary>What every content answer carries, from the server or a terminal host's relay: cached for good, never run.</summary>
    internal static void KeepForGood(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        // an SVG opened on its own must not run anything on the exam's origin
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    }
}
