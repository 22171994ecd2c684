using AsnCat.Tool.Analysis;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Analysis;

/// <summary>
/// The item analysis as files for the committee (policy <c>panitia</c>):
/// <c>GET /api/analysis/items.csv?sesi=3,5</c> and <c>.xlsx</c>, the same tables as the console's
/// analysis page and <c>bank analyze --csv/--xlsx</c>. 400 with the reason when the sessions cannot
/// be analysed together (unknown, not ended, different bank versions).
/// </summary>
public static class AnalysisApi
{
    public const string Policy = Identity.StaffPolicies.Panitia;

    public const string Path = "/api/analysis";

    public static RouteGroupBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Path).WithTags("Analisis butir").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/items.csv", GetCsv).WithName("analysis-items-csv").WithSummary("Analisis butir sesi sebagai CSV");
        api.MapGet("/items.xlsx", GetXlsx).WithName("analysis-items-xlsx").WithSummary("Analisis butir sesi sebagai XLSX");
        return api;
    }

    /// <summary>The download address of the analysis of <paramref name="ids"/> as <paramref name="extension"/>.</summary>
    public static string FileUrl(IEnumerable<int> ids, string extension) => $"{Path}/items.{extension}?sesi={string.Join(",", ids)}";

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCsv(string? sesi, SessionAnalysis analysis, CancellationToken ct) =>
        FileAsync(sesi, analysis, "csv", ct);

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetXlsx(string? sesi, SessionAnalysis analysis, CancellationToken ct) =>
        FileAsync(sesi, analysis, "xlsx", ct);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(string? sesi, SessionAnalysis analysis, string extension, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (SessionAnalysis.ParseIds(sesi) is not { } ids)
        {
            return TypedResults.Problem(title: "Parameter 'sesi' tidak valid", detail: "Berikan id sesi, dipisah koma, mis. ?sesi=3,5.", statusCode: StatusCodes.Status400BadRequest);
        }
        var outcome = await analysis.AnalyzeAsync(ids, ct);
        if (outcome.Report is not { } report)
        {
            return TypedResults.Problem(title: "Analisis butir tidak dapat dibuat", detail: outcome.Error, statusCode: StatusCodes.Status400BadRequest);
        }
        var name = "analisis-butir-" + string.Join("_", outcome.Sessions.Select(s => Results.ResultExports.FileSafe(s.Code))) + "." + extension;
        return extension == "csv"
            ? TypedResults.File(AnalysisExports.Csv(report), AnalysisExports.CsvContentType, name)
            : TypedResults.File(AnalysisExports.Xlsx(report), AnalysisExports.XlsxContentType, name);
    }
}
