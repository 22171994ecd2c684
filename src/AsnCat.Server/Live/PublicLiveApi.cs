using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace AsnCat.Server.Live;

/// <summary>
/// The public live state over plain HTTP, anonymous and read-only, made for caches:
/// <c>GET /api/public/live/sessions/{code}</c> and <c>/venues/{venue}</c> return the board (the
/// same JSON as the live hub's watch calls) with an <c>ETag</c> of what an observer sees (rows,
/// sessions, columns; not the version or build time, so a rebuild that changed nothing keeps
/// it) and <c>Cache-Control: public, max-age=1</c>; a request whose <c>If-None-Match</c> holds
/// the current tag gets 304 and no body. The board goes Brotli- or gzip-compressed to whoever
/// accepts it (<see cref="PublicBoards.Negotiate"/>), with <c>Vary: Accept-Encoding</c> and a tag
/// per encoding; a tag of the same board in any encoding gets 304. A board is rebuilt at most once
/// per push interval however many ask, serialized, compressed and tagged once. 404 for an unknown
/// code or venue.
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
        string code, HttpContext http, LiveScores live, PublicBoards boards, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return await live.SessionBoardAsync(code, ct) is { } board
            ? Answer(http, boards, board, time)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Sesi tidak ditemukan", detail: $"Tidak ada sesi dengan kode '{code}'.");
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetVenue(
        string venue, HttpContext http, LiveScores live, PublicBoards boards, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return await live.BoardAsync(LiveBoard.VenueKind, venue, ct) is { } board
            ? Answer(http, boards, board, time)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lokasi tidak ditemukan", detail: $"Tidak ada sesi di lokasi '{venue}'.");
    }

    /// <summary>
    /// The header nginx reads for how long to cache an answer (<c>@</c>: until that Unix second,
    /// which nginx keeps while its clock shows it): this second. nginx counts a cache life in whole
    /// seconds, so <c>max-age=1</c> (or <c>proxy_cache_valid 1s</c>) kept an answer 1 to 2 s and
    /// 20,000 pollers' staleness p99 was 4.7 s; ending the life at the next whole second keeps an
    /// answer at most a second, still about one origin request per board per second. Other caches
    /// ignore it (nginx does not pass it on); browsers and CDNs follow <c>max-age=1</c>.
    /// </summary>
    public const string NginxExpires = "X-Accel-Expires";

    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(HttpContext http, PublicBoards boards, LiveBoard board, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(boards);
        ArgumentNullException.ThrowIfNull(time);
        http.Response.Headers[NginxExpires] = $"@{time.GetUtcNow().ToUnixTimeSeconds()}";
        var body = boards.Of(board);
        var encoding = PublicBoards.Negotiate(http.Request.GetTypedHeaders().AcceptEncoding);
        var tag = body.TagOf(encoding);
        http.Response.Headers.CacheControl = CacheControl;
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        var notModified = http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } asked && asked.Any(body.Matches);
        boards.Counters.HttpAnswer(notModified);
        if (notModified)
        {
            http.Response.Headers.ETag = tag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        if (encoding != BoardEncoding.Identity)
        {
            // already compressed: response compression (not used by the app) leaves an answer with a Content-Encoding alone
            http.Response.Headers.ContentEncoding = PublicBoards.ContentCoding(encoding);
        }
        return TypedResults.Bytes(body.In(encoding), "application/json; charset=utf-8", entityTag: tag);
    }
}
