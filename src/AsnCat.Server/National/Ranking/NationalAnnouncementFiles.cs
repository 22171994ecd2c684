using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.National.Centre;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// What anyone may download beside a national announcement (no login, like <c>/hasil</c>): each venue
/// bundle it names, as the exact bytes the centre accepted (<c>/hasil/{id}/bundel/{session}.json</c>),
/// and the <c>asncat-national/1</c> file restricted to its formation and those bundles
/// (<c>/hasil/{id}/nasional.json</c>), so <c>verify</c> can re-derive the ranking and its head.
/// </summary>
public static class NationalAnnouncementFiles
{
    public const string JsonContentType = "application/json";

    public static RouteGroupBuilder MapNationalAnnouncementFiles(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pages = app.MapGroup(PublicResultsPages.Home).AllowAnonymous();
        pages.MapGet("/{id:int}/bundel/{session}.json", Bundle).WithName("public-results-national-bundle");
        pages.MapGet("/{id:int}/nasional.json", NationalFile).WithName("public-results-national-file");
        return pages;
    }

    public static async Task<IResult> Bundle(int id, string session, Publisher publisher, IDbContextFactory<AsnCatDb> dbs, IOptions<ResultsOptions> results,
        IHostEnvironment host, IOptions<LetterheadOptions> letterhead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(letterhead);
        if (await BasisAsync(id, publisher, ct) is not { } found)
        {
            return NotNational(letterhead.Value, id);
        }
        var (view, basis) = found;
        var named = basis.Bundles.FirstOrDefault(b => b.Session == session);
        if (named?.Sha256 is not { } sha)
        {
            return PublicResultsPages.NotFoundPage(letterhead.Value, "Bundel tidak ditemukan",
                $"Sesi {session} tidak termasuk bundel lokasi yang menjadi dasar pengumuman \"{view.Publication.Title}\". Bundel yang disebut pengumuman itu: {string.Join(", ", basis.Bundles.Select(b => b.Session))}.",
                $"/hasil/{id}");
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stored = await db.VenueBundles.AsNoTracking().Where(b => b.SessionCode == session && b.Sha256 == sha && b.Status == BundleStatus.Accepted)
            .Select(b => b.Path).ToListAsync(ct);
        // a session the centre ran itself has the ledger's own bundle file instead
        stored.Add(Path.Combine(results.Value.ResolveBundleDirectory(host.ContentRootPath), ResultBundle.FileName(session, includeKeys: false)));
        foreach (var path in stored.OfType<string>().Where(File.Exists))
        {
            var bytes = await File.ReadAllBytesAsync(path, ct);
            if (VenueSignatures.Sha256(bytes) == sha)
            {
                return TypedResults.File(bytes, JsonContentType, ResultBundle.FileName(session, includeKeys: false));
            }
        }
        return PublicResultsPages.NotFoundPage(letterhead.Value, "Berkas bundel tidak tersedia",
            $"Bundel sesi {session} dengan SHA-256 {sha} tidak lagi tersimpan di server ini dengan isi yang sama. Mintalah berkas itu kepada panitia; SHA-256-nya harus sama dengan yang tercantum di pengumuman.",
            $"/hasil/{id}");
    }

    /// <summary>
    /// The announcement's formation and bundles as <c>asncat-national/1</c>: the same records as
    /// <c>GET /api/national/publication</c>, read from the frozen publication; the selection names
    /// the run that was the newest when the announcement was published.
    /// </summary>
    public static async Task<IResult> NationalFile(int id, Publisher publisher, IDbContextFactory<AsnCatDb> dbs, IOptions<LetterheadOptions> letterhead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(letterhead);
        if (await BasisAsync(id, publisher, ct) is not { } found)
        {
            return NotNational(letterhead.Value, id);
        }
        var (view, basis) = found;
        await using var db = await dbs.CreateDbContextAsync(ct);
        // few runs, and SQLite cannot compare times in SQL
        var runs = await db.NationalRankingRuns.AsNoTracking().Select(r => new { r.Id, r.At }).ToListAsync(ct);
        var run = runs.Where(r => r.At <= view.Publication.PublishedAt).MaxBy(r => r.Id);
        var formation = basis.Formation;
        var own = formation.Rows.Where(r => r.FromFormation is null).ToList();
        var file = new NationalPublicationFile(NationalPublicationFile.FormatName,
            new PublishedSelection(run?.Id ?? 0, run?.At ?? view.Publication.PublishedAt, formation.ThresholdSet is { } set ? [set] : [],
                own.Count, own.Count(r => r.FinishedAttempts > 1)),
            basis.Bundles, [formation]);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(file, JsonSerializerOptions.Web), JsonContentType,
            $"nasional-{ResultExports.FileSafe(view.Publication.Subject)}-v{view.Publication.Version}.json");
    }

    private static async Task<(PublicationView View, NationalBasis Basis)?> BasisAsync(int id, Publisher publisher, CancellationToken ct) =>
        await publisher.GetAsync(id, ct) is { Table.National: { } basis } view ? (view, basis) : null;

    private static RazorComponentResult<PublicNotFound> NotNational(LetterheadOptions letterhead, int id) =>
        PublicResultsPages.NotFoundPage(letterhead, "Pengumuman nasional tidak ditemukan",
            $"Pengumuman hasil nomor {id} tidak ada atau bukan peringkat nasional, jadi tidak ada bundel lokasi atau berkas nasional untuknya.");
}
