using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Results;

/// <summary>
/// The committee's results, computed from the database on each request:
/// <c>GET /api/results/formations/{code}</c> (JSON standings, <c>.csv</c>, <c>.xlsx</c>) and
/// <c>GET /api/results/sessions/{id}</c> (the session's candidates with their formation's rank,
/// <c>.csv</c>, <c>.xlsx</c>). 404 for an unknown code or id; 409 when the standings cannot be
/// computed (e.g. a formation scored under two threshold sets).
/// </summary>
public static class ResultsApi
{
    /// <summary>The committee policy (admin or panitia) registered with Identity.</summary>
    public const string Policy = Identity.StaffPolicies.Panitia;

    public static RouteGroupBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/results").WithTags("Hasil (panitia)").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/formations/{code}", GetFormation).WithName("results-formation-json").WithSummary("Peringkat satu formasi (JSON)");
        api.MapGet("/formations/{code}.csv", GetFormationCsv).WithName("results-formation-csv").WithSummary("Peringkat satu formasi (CSV)");
        api.MapGet("/formations/{code}.xlsx", GetFormationXlsx).WithName("results-formation-xlsx").WithSummary("Peringkat satu formasi (XLSX)");
        api.MapGet("/sessions/{id:int}", GetSession).WithName("results-session-json").WithSummary("Hasil satu sesi dengan peringkat formasi (JSON)");
        api.MapGet("/sessions/{id:int}.csv", GetSessionCsv).WithName("results-session-csv").WithSummary("Hasil satu sesi (CSV)");
        api.MapGet("/sessions/{id:int}.xlsx", GetSessionXlsx).WithName("results-session-xlsx").WithSummary("Hasil satu sesi (XLSX)");
        return api;
    }

    public static async Task<Results<Ok<FormationStandings>, ProblemHttpResult>> GetFormation(string code, Standings standings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        try
        {
            return await standings.ForFormationAsync(code, ct) is { } s ? TypedResults.Ok(s) : FormationNotFound(code);
        }
        catch (StandingsException e)
        {
            return CannotRank(e);
        }
    }

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetFormationCsv(string code, Standings standings, CancellationToken ct) =>
        FormationFile(code, standings, "csv", ct);

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetFormationXlsx(string code, Standings standings, CancellationToken ct) =>
        FormationFile(code, standings, "xlsx", ct);

    public static async Task<Results<Ok<SessionResults>, ProblemHttpResult>> GetSession(int id, Standings standings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        try
        {
            return await standings.ForSessionAsync(id, ct) is { } s ? TypedResults.Ok(s.Session) : SessionNotFound(id);
        }
        catch (StandingsException e)
        {
            return CannotRank(e);
        }
    }

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetSessionCsv(int id, Standings standings, CancellationToken ct) =>
        SessionFile(id, standings, "csv", ct);

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetSessionXlsx(int id, Standings standings, CancellationToken ct) =>
        SessionFile(id, standings, "xlsx", ct);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FormationFile(string code, Standings standings, string format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        try
        {
            if (await standings.ForFormationAsync(code, ct) is not { } s)
            {
                return FormationNotFound(code);
            }
            var name = ResultExports.FormationFileName(s.FormationCode, format);
            return format == "csv"
                ? TypedResults.File(ResultExports.Csv(s.Subtests, s.Rows), ResultExports.CsvContentType, name)
                : TypedResults.File(ResultExports.Xlsx(s.Subtests, s.Rows, s.FormationCode, $"Peringkat formasi {s.FormationCode}"), ResultExports.XlsxContentType, name);
        }
        catch (StandingsException e)
        {
            return CannotRank(e);
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SessionFile(int id, Standings standings, string format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        try
        {
            if (await standings.ForSessionAsync(id, ct) is not { } r)
            {
                return SessionNotFound(id);
            }
            var s = r.Session;
            var name = ResultExports.SessionFileName(s.SessionCode, format);
            return format == "csv"
                ? TypedResults.File(ResultExports.Csv(s.Subtests, s.Rows), ResultExports.CsvContentType, name)
                : TypedResults.File(ResultExports.Xlsx(s.Subtests, s.Rows, s.SessionCode, $"Hasil sesi {s.SessionCode}"), ResultExports.XlsxContentType, name);
        }
        catch (StandingsException e)
        {
            return CannotRank(e);
        }
    }

    private static ProblemHttpResult FormationNotFound(string code) => TypedResults.Problem(
        title: "Formasi tidak ditemukan",
        detail: $"Tidak ada formasi dengan kode '{code}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult SessionNotFound(int id) => TypedResults.Problem(
        title: "Sesi tidak ditemukan",
        detail: $"Tidak ada sesi ujian dengan nomor {id}.",
        statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult CannotRank(StandingsException e) => TypedResults.Problem(
        title: "Peringkat tidak dapat disusun",
        detail: e.Message,
        statusCode: StatusCodes.Status409Conflict);
}
