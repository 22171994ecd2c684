using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Api;

/// <summary>
/// The API's refusals as RFC 7807 problem details with Indonesian texts: <c>title</c> says what went
/// wrong, <c>detail</c> where and how to fix it, <c>errors</c> the messages (per field for a
/// validation problem). A refusal stores nothing.
/// </summary>
public static class ApiProblems
{
    public const string NothingStored = "Tidak ada yang disimpan.";

    /// <summary>A refused request body: the messages per field (camelCase, as in the JSON).</summary>
    public static ValidationProblem Validation(IReadOnlyDictionary<string, string[]> fields, string title = "Permintaan tidak valid") =>
        TypedResults.ValidationProblem(fields, title: title,
            detail: $"Periksa kolom yang disebut di 'errors', perbaiki lalu kirim ulang. {NothingStored}");

    public static ProblemHttpResult Problem(int status, string title, IReadOnlyList<string> errors, string? detail = null) =>
        TypedResults.Problem(
            title: title,
            detail: detail ?? string.Join(" ", errors) + " " + NothingStored,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "Tidak ditemukan", [what]);

    /// <summary>
    /// The framework's own problem details on the API's paths (a body that is not JSON, a field of the
    /// wrong type, a missing body): an Indonesian title and detail instead of the English defaults.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }
        var problem = context.ProblemDetails;
        switch (problem.Status)
        {
            case StatusCodes.Status400BadRequest when problem.Detail is null:
                problem.Title = "Permintaan tidak dapat dibaca";
                problem.Detail = "Badan permintaan bukan JSON yang sesuai, atau ada kolom yang hilang atau bertipe salah. "
                    + $"Bandingkan dengan dokumen OpenAPI ({ApiExtensions.DocumentPath}) lalu kirim ulang. {NothingStored}";
                break;
            case StatusCodes.Status401Unauthorized when problem.Detail is null:
                problem.Title = "Belum masuk";
                problem.Detail = "Masuk dahulu lewat POST /api/account/login dan kirim cookie yang diterima.";
                break;
            case StatusCodes.Status403Forbidden when problem.Detail is null:
                problem.Title = "Peran Anda tidak diizinkan";
                problem.Detail = "Tindakan ini memerlukan peran lain (lihat 'Peran' di halaman referensi API).";
                break;
            case StatusCodes.Status404NotFound when problem.Detail is null:
                problem.Title = "Tidak ditemukan";
                problem.Detail = "Alamat atau data yang diminta tidak ada.";
                break;
        }
    }
}
