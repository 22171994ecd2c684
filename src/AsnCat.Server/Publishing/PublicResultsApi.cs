using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Publishing;

/// <summary>
/// Published results as JSON, for everyone (no login): <c>GET /api/public/results</c> (every
/// publication) and <c>GET /api/public/results/{id}</c> (one, with its table and the exact
/// <c>rowsJson</c> text whose SHA-256 is <c>rowsSha256</c>). See docs/public-api.md, "Results".
/// </summary>
public static class PublicResultsApi
{
    public const string Path = "/api/public/results";

    public static RouteGroupBuilder MapPublicResultsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, List).AllowAnonymous().WithTags("Publik").WithName("public-results-list").WithSummary("Daftar hasil yang diumumkan");
        var api = app.MapGroup(Path).WithTags("Publik").AllowAnonymous();
        api.MapGet("/{id:int}", Get).WithName("public-results-get").WithSummary("Satu pengumuman hasil dengan tabel dan hash-nya").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>One line of the list; <c>latest</c> is false for a version that a correction replaced.</summary>
    /// <summary>One line of the list; <c>publishedAt</c> is ISO 8601 with the offset of <c>timeZone</c> (the session's or venue's zone).</summary>
    public sealed record PublicationItem(int Id, string Kind, string Subject, int Version, bool Latest, string Title, DateTimeOffset PublishedAt, string TimeZone,
        string RowsSha256, string? LedgerHead, string Url);

    public sealed record VersionItem(int Id, int Version, DateTimeOffset PublishedAt, string RowsSha256);

    public sealed record PublicationDetail(int Id, string Kind, string Subject, int Version, bool Latest, string Title, DateTimeOffset PublishedAt, string TimeZone,
        string Number, string? LedgerHead, string RowsSha256, IReadOnlyList<VersionItem> Versions, PublishedTable Table, string RowsJson);

    public static async Task<Ok<List<PublicationItem>>> List(Publisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var all = await publisher.ListAsync(ct);
        var latest = all.GroupBy(p => (p.Kind, p.Subject)).ToDictionary(g => g.Key, g => g.Max(p => p.Version));
        return TypedResults.Ok(all.Select(p => new PublicationItem(p.Id, p.Kind, p.Subject, p.Version, latest[(p.Kind, p.Subject)] == p.Version,
            p.Title, IndonesianTime.Local(p.PublishedAt, p.TimeZone), p.TimeZone, p.RowsSha256, p.LedgerHead, $"/api/public/results/{p.Id}")).ToList());
    }

    public static async Task<Results<Ok<PublicationDetail>, NotFound>> Get(int id, Publisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        if (await publisher.GetAsync(id, ct) is not { } view)
        {
            return TypedResults.NotFound();
        }
        var p = view.Publication;
        var zone = view.TimeZone;
        return TypedResults.Ok(new PublicationDetail(p.Id, p.Kind, p.Subject, p.Version, !view.Superseded, p.Title, IndonesianTime.Local(p.PublishedAt, zone), zone,
            PublicationFiles.Number(p), p.LedgerHead, p.RowsSha256,
            [.. view.Versions.Select(v => new VersionItem(v.Id, v.Version, IndonesianTime.Local(v.PublishedAt, zone), v.RowsSha256))], view.Table, p.RowsJson));
    }
}
