using AsnCat.Server.Api;
using AsnCat.Server.Identity;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Publishing;

/// <summary>What to publish: <c>sesi</c> with a session code, <c>formasi</c>, <c>akhir</c> or <c>nasional</c> with a formation code.</summary>
public sealed record PublishRequest(string Kind, string Subject);

/// <summary>
/// A stored publication: where the public reads it and what its rows hash to.
/// <see cref="AlreadyPublished"/>: these very rows were already the newest version, nothing new was stored (a repeated request).
/// </summary>
public sealed record PublishedResult(int Id, string Kind, string Subject, int Version, string Title, string RowsSha256, string? LedgerHead, string Page, string Json,
    bool AlreadyPublished = false, string? Message = null);

/// <summary>
/// Publication for the committee, as on the console's page: the list of publications and
/// <c>POST /api/publications</c>, which freezes the table the console would show as the next
/// version (audited with actor and address, the answer keys' bundle written).
/// </summary>
public static class PublicationApi
{
    public static IEndpointRouteBuilder MapPublicationApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/publications").WithTags("Publikasi").RequireAuthorization(StaffPolicies.Panitia)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("", List).WithName("publications-list").WithSummary("Daftar publikasi")
            .WithDescription("Setiap publikasi yang terbit, terbaru dahulu, dengan SHA-256 barisnya dan kepala ledger.");
        api.MapPost("", Publish).WithName("publications-publish").WithSummary("Mempublikasikan hasil")
            .WithDescription("Membekukan tabel hasil sesi (kind sesi, subject kode sesi), peringkat formasi (formasi), hasil akhir SKD+SKB (akhir) atau peringkat nasional formasi yang SKD-nya sudah ditutup (nasional, subject kode formasi; menyebut bundel lokasi dasarnya) sebagai versi berikutnya; tampil di /hasil dan /api/public/results. "
                + "Aman diulang: bila versi terbaru sudah berisi baris yang sama, jawabannya 200 dengan publikasi itu (alreadyPublished true) dan tidak ada versi baru.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<PublicationSummary>>> List(Publisher publisher, CancellationToken ct) =>
        TypedResults.Ok(await publisher.ListAsync(ct));

    public const string AlreadyPublishedMessage = "Tabel ini sudah terbit dengan isi yang sama; tidak ada versi baru yang dibuat.";

    public static async Task<Results<Created<PublishedResult>, Ok<PublishedResult>, ValidationProblem, ProblemHttpResult>> Publish(
        PublishRequest request, HttpContext http, PublicationDrafts drafts, Publisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(publisher);
        if (!PublicationKinds.All.Contains(request.Kind))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["kind"] = [$"Jenis publikasi harus salah satu dari: {string.Join(", ", PublicationKinds.All)}."] }, "Hasil tidak dipublikasikan");
        }
        var draft = await drafts.DraftAsync(request.Kind, request.Subject ?? "", ct);
        if (draft.Table is null)
        {
            return ApiProblems.Problem(draft.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, "Hasil tidak dipublikasikan", [draft.Error ?? ""]);
        }
        try
        {
            var (p, already) = await publisher.PublishOnceAsync(draft.Table, http.User.Identity?.Name ?? "panitia", http.ClientAddress(), ct);
            var result = new PublishedResult(p.Id, p.Kind, p.Subject, p.Version, p.Title, p.RowsSha256, p.LedgerHead, $"/hasil/{p.Id}", $"/api/public/results/{p.Id}",
                already, already ? AlreadyPublishedMessage : null);
            // a repeated request (a retry, another node's answer lost) gets the first one's publication, 200 instead of 201
            return already ? TypedResults.Ok(result) : TypedResults.Created(result.Json, result);
        }
        catch (PublishException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Hasil tidak dipublikasikan", [e.Message]);
        }
    }
}
