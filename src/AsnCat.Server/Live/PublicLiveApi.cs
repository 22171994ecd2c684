using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AsnCat.Server.Live;

/// <summary>
/// The public live state, anonymous and read-only: <c>GET /api/public/live/sessions/{code}</c>
/// returns the session's board (the same JSON as the live hub pushes). A board is rebuilt at
/// most once per <see cref="LiveScores.Interval"/> however many ask. 404 for an unknown code.
/// </summary>
public static class PublicLiveApi
{
    public static RouteGroupBuilder MapPublicLiveApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/public/live").WithTags("Publik").AllowAnonymous();
        api.MapGet("/sessions/{code}", GetSession).WithName("public-live-session").WithSummary("Papan nilai langsung satu sesi").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<LiveBoard>, ProblemHttpResult>> GetSession(string code, LiveScores live, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return await live.SessionBoardAsync(code, ct) is { } board
            ? TypedResults.Ok(board)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Sesi tidak ditemukan", detail: $"Tidak ada sesi dengan kode '{code}'.");
    }
}
