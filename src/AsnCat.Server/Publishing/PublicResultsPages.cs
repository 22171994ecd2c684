using AsnCat.Server.Data;
using AsnCat.Server.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Publishing;

/// <summary>
/// The public results pages (no login; server-rendered HTML, printable and indexable):
/// <c>/hasil</c>, <c>/hasil/{id}</c>, its <c>.csv</c>, <c>.xlsx</c> and <c>.pdf</c>, a candidate's
/// certificate <c>/hasil/{id}/sertifikat/{participantNumber}.pdf</c> and verification page
/// <c>/hasil/verifikasi/{id}/{participantNumber}</c>. A publication never changes, so neither do these.
/// </summary>
public static class PublicResultsPages
{
    public const string Home = "/hasil";

    public static RouteGroupBuilder MapPublicResultsPages(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Home, Index).AllowAnonymous().WithName("public-results-index");
        var pages = app.MapGroup(Home).AllowAnonymous();
        pages.MapGet("/{id:int}", Page).WithName("public-results-page");
        pages.MapGet("/{id:int}.csv", Csv).WithName("public-results-csv");
        pages.MapGet("/{id:int}.xlsx", Xlsx).WithName("public-results-xlsx");
        pages.MapGet("/{id:int}.pdf", Pdf).WithName("public-results-pdf");
        pages.MapGet("/{id:int}/sertifikat/{participantNumber}.pdf", Certificate).WithName("public-results-certificate");
        pages.MapGet("/verifikasi/{id:int}/{participantNumber}", Verify).WithName("public-results-verify");
        return pages;
    }

    /// <summary>The server's public address: <see cref="PublicationOptions.BaseUrl"/>, else the request's scheme, host and path base.</summary>
    public static string BaseUrl(HttpRequest request, PublicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.BaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.BaseUrl.TrimEnd('/');
    }

    public static async Task<RazorComponentResult<ResultsIndex>> Index(Publisher publisher, IOptions<LetterheadOptions> letterhead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(letterhead);
        var items = await publisher.ListAsync(ct);
        return new RazorComponentResult<ResultsIndex>(new { Items = items, Header = letterhead.Value.Lines });
    }

    public static async Task<IResult> Page(int id, Publisher publisher, IOptions<PublicationOptions> options, IOptions<LetterheadOptions> letterhead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(letterhead);
        if (await publisher.GetAsync(id, ct) is not { } view)
        {
            return NotFoundPage(letterhead.Value, "Pengumuman tidak ditemukan", $"Pengumuman hasil nomor {id} tidak ada.");
        }
        return new RazorComponentResult<ResultPage>(new { View = view, Header = letterhead.Value.Lines, options.Value.BundleDocsUrl });
    }

    public static async Task<Results<FileContentHttpResult, NotFound<string>>> Csv(int id, Publisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return await publisher.GetAsync(id, ct) is { } view
            ? TypedResults.File(PublicationFiles.Csv(view.Table), PublicationFiles.CsvContentType, PublicationFiles.FileStem(view.Publication) + ".csv")
            : NotFoundText(id);
    }

    public static async Task<Results<FileContentHttpResult, NotFound<string>>> Xlsx(int id, Publisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return await publisher.GetAsync(id, ct) is { } view
            ? TypedResults.File(PublicationFiles.Xlsx(view.Table, view.Publication), PublicationFiles.XlsxContentType, PublicationFiles.FileStem(view.Publication) + ".xlsx")
            : NotFoundText(id);
    }

    public static async Task<Results<FileContentHttpResult, NotFound<string>>> Pdf(
        int id, HttpRequest request, Publisher publisher, PublicationFiles files, IOptions<PublicationOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        return await publisher.GetAsync(id, ct) is { } view
            ? TypedResults.File(files.Pdf(view, BaseUrl(request, options.Value)), PublicationFiles.PdfContentType, PublicationFiles.FileStem(view.Publication) + ".pdf")
            : NotFoundText(id);
    }

    public static async Task<Results<FileContentHttpResult, NotFound<string>>> Certificate(
        int id, string participantNumber, HttpRequest request, Publisher publisher, PublicationFiles files, IOptions<PublicationOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        if (await publisher.GetAsync(id, ct) is not { } view)
        {
            return NotFoundText(id);
        }
        return files.Certificate(view, participantNumber, BaseUrl(request, options.Value)) is { } pdf
            ? TypedResults.File(pdf, PublicationFiles.PdfContentType, $"sertifikat-{ResultExports.FileSafe(participantNumber)}-{PublicationFiles.FileStem(view.Publication)}.pdf")
            : view.Table.Rows.Any(r => r.ParticipantNumber == participantNumber)
                ? TypedResults.NotFound($"Peserta {participantNumber} tidak memiliki nilai dalam pengumuman hasil nomor {id} (tidak hadir), jadi tidak ada sertifikat nilai.")
                : NotFoundParticipant(id, participantNumber);
    }

    /// <summary>A candidate's verification page; an unknown publication or participant gets an Indonesian page (404) that says so and where to look.</summary>
    public static async Task<IResult> Verify(int id, string participantNumber, Publisher publisher, IOptions<LetterheadOptions> letterhead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(letterhead);
        if (await publisher.GetAsync(id, ct) is not { } view)
        {
            return NotFoundPage(letterhead.Value, "Pengumuman tidak ditemukan", $"Pengumuman hasil nomor {id} tidak ada.");
        }
        var row = view.Table.Rows.FirstOrDefault(r => r.ParticipantNumber == participantNumber);
        return row is null
            ? NotFoundPage(letterhead.Value, "Peserta tidak ditemukan",
                $"Nomor peserta {participantNumber} tidak tercantum dalam pengumuman \"{view.Publication.Title}\". Periksa kembali nomor peserta pada kartu ujian atau sertifikat, atau lihat daftar lengkapnya.",
                $"/hasil/{id}")
            : new RazorComponentResult<VerifyPage>(new { View = view, Row = row, Header = letterhead.Value.Lines });
    }

    /// <summary>A public results address that leads nowhere: an Indonesian page (404) saying what is missing, with a link back (<paramref name="back"/>, else <see cref="Home"/>).</summary>
    public static RazorComponentResult<PublicNotFound> NotFoundPage(LetterheadOptions letterhead, string title, string message, string? back = null)
    {
        ArgumentNullException.ThrowIfNull(letterhead);
        return new(new { Header = letterhead.Lines, Title = title, Message = message, Back = back ?? Home }) { StatusCode = StatusCodes.Status404NotFound };
    }

    private static NotFound<string> NotFoundText(int id) => TypedResults.NotFound($"Pengumuman hasil nomor {id} tidak ada.");

    private static NotFound<string> NotFoundParticipant(int id, string participantNumber) =>
        TypedResults.NotFound($"Peserta {participantNumber} tidak ada dalam pengumuman hasil nomor {id}.");
}
