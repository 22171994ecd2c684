using System.Runtime.CompilerServices;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AsnCat.Server.Live;

/// <summary>
/// The public live state over plain HTTP, anonymous and read-only, made for caches:
/// <c>GET /api/public/live/sessions/{code}</c> and <c>/venues/{venue}</c> return the board (the
/// same JSON as the live hub's watch calls) with an <c>ETag</c> of what an observer sees (rows,
/// sessions, columns; not the version or build time, so a rebuild that changed nothing keeps
/// it) and <c>Cache-Control: public, max-age=1</c>; a request whose <c>If-None-Match</c> holds
/// the current tag gets 304 and no body. A board is rebuilt at most once per push interval
/// however many ask, serialized and tagged once. 404 for an unknown code or venue.
/// </summary>
public static class PublicLiveApi
{
    public const string Prefix = "/api/public/live";

    /// <summary>What the public HTTP state's answers carry: any cache may keep a board a second.</summary>
    public const string CacheControl = "public, max-age=1";

    public static RouteGroupBuilder MapPublicLiveApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Prefix).WithTags("Publik").AllowAnonymous();
        api.MapGet("/sessions/{code}", GetSession).WithName("public-live-session").WithSummary("Papan nilai langsung satu sesi")
            .Produces<LiveBoard>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/venues/{venue}", GetVenue).WithName("public-live-venue").WithSummary("Papan nilai langsung satu lokasi")
            .Produces<LiveBoard>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetSession(
        string code, HttpContext http, LiveScores live, PublicBoards boards, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return await live.SessionBoardAsync(code, ct) is { } board
            ? Answer(http, boards, board)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Sesi tidak ditemukan", detail: $"Tidak ada sesi dengan kode '{code}'.");
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetVenue(
        string venue, HttpContext http, LiveScores live, PublicBoards boards, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return await live.BoardAsync(LiveBoard.VenueKind, venue, ct) is { } board
            ? Answer(http, boards, board)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lokasi tidak ditemukan", detail: $"Tidak ada sesi di lokasi '{venue}'.");
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(HttpContext http, PublicBoards boards, LiveBoard board)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(boards);
        var body = boards.Of(board);
        http.Response.Headers.CacheControl = CacheControl;
        var notModified = http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } asked
            && asked.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(body.Tag, useStrongComparison: false));
        boards.Counters.HttpAnswer(notModified);
        if (notModified)
        {
            http.Response.Headers.ETag = body.Tag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(body.Json, "application/json; charset=utf-8", entityTag: body.Tag);
    }
}

/// <summary>
/// A board as the public HTTP state sends it: its JSON (as the minimal APIs would write it) and
/// its tag, made once per board object (a watched board is one object until it changes; a board
/// built for readers is reused for a push interval) and forgotten with it.
/// </summary>
public sealed class PublicBoards(IOptions<JsonOptions> json, LiveCounters counters)
{
    private readonly ConditionalWeakTable<LiveBoard, Body> _bodies = [];

    internal LiveCounters Counters { get; } = counters;

    public Body Of(LiveBoard board) => _bodies.GetValue(board, b =>
    {
        var options = json.Value.SerializerOptions;
        // the tag covers what an observer sees: a rebuild that changed nothing keeps it, on any server
        var seen = JsonSerializer.SerializeToUtf8Bytes(b with { Version = 0, BuiltAt = default }, options);
        return new Body(JsonSerializer.SerializeToUtf8Bytes(b, options), new EntityTagHeaderValue($"\"{ContentHash.Of(seen)}\""));
    });

    /// <param name="Json">The board in UTF-8 JSON.</param>
    /// <param name="Tag">Its strong entity tag.</param>
    public sealed record Body(byte[] Json, EntityTagHeaderValue Tag);
}
