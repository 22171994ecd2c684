using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
namespace AsnCat.Server.Results;

/// <summary>
/// SKB scores and the final results, for the committee: <c>GET /api/skb/templates/{xlsx|csv}</c>
/// (the import template), <c>POST /api/skb/import</c> (multipart field <c>file</c>, antiforgery
/// token required: 200 with the count, or 422 with a problem per bad row and nothing stored) and
/// <c>GET /api/results/final/{formationCode}</c> (the formation's final table as published:
/// 404 for an unknown formation, 409 when its SKD standings cannot be computed).
/// </summary>
public static class SkbApi
{
    /// <summary>The committee policy (admin or panitia) registered with Identity.</summary>
    public const string Policy = Identity.StaffPolicies.Panitia;

    public static IEndpointRouteBuilder MapSkbApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var skb = app.MapGroup("/api/skb").WithTags("Nilai SKB dan hasil akhir").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        skb.MapGet("/templates/{format}", GetTemplate).WithName("skb-template").WithSummary("Templat impor nilai SKB (.xlsx atau .csv)").ProducesProblem(StatusCodes.Status404NotFound);
        skb.MapPost("/import", PostImport).WithName("skb-import").WithSummary("Mengimpor nilai SKB")
            .WithDescription("Multipart, kolom file; perlu token antiforgery (GET /api/antiforgery). Hanya peserta yang lanjut SKB; satu baris salah berarti tidak ada yang disimpan.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new RequestSizeLimitAttribute(ImportTable.MaxBytes + 1024 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: ImportTable.MaxBytes + 1024 * 1024);
        app.MapGroup("/api/results/final").WithTags("Nilai SKB dan hasil akhir").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/{formationCode}", GetFinal).WithName("results-final-json").WithSummary("Hasil akhir SKD+SKB satu formasi")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Results<FileContentHttpResult, NotFound> GetTemplate(string format) => format.ToLowerInvariant() switch
    {
        "xlsx" => TypedResults.File(SkbImport.TemplateXlsx(), ImportTemplates.XlsxContentType, "template-nilai-skb.xlsx"),
        "csv" => TypedResults.File(SkbImport.TemplateCsv(), ImportTemplates.CsvContentType, "template-nilai-skb.csv"),
        _ => TypedResults.NotFound(),
    };

    public static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> PostImport(IFormFile file, HttpContext http, SkbImport skb, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(skb);
        var actor = http.User.Identity?.Name ?? "panitia";
        var address = http.ClientAddress();
        var fileName = Path.GetFileName(file.FileName);
        await using var stream = file.OpenReadStream();
        var result = await skb.ImportAsync(stream, fileName, actor, address, ct);   // reads at most 10 MB + 1 byte
        if (result.Succeeded)
        {
            return TypedResults.Ok(new ImportSummary(result.Kind, result.FileName, result.Imported));
        }
        return TypedResults.Problem(
            title: "Impor nilai SKB ditolak; tidak ada nilai yang disimpan",
            detail: $"{result.Problems.Count} masalah di {result.FileName}. Perbaiki semua baris yang disebut lalu unggah ulang seluruh berkas.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
    }

    public static async Task<Results<Ok<PublishedTable>, ProblemHttpResult>> GetFinal(string formationCode, FinalStandings final, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(final);
        try
        {
            return await final.TableAsync(formationCode, ct) is { } table
                ? TypedResults.Ok(table)
                : TypedResults.Problem(title: "Formasi tidak ditemukan", detail: $"Tidak ada formasi dengan kode '{formationCode}'.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (StandingsException e)
        {
            return TypedResults.Problem(title: "Hasil akhir tidak dapat disusun", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
