using AsnCat.Server.Api;
using AsnCat.Server.Network;
using AsnCat.Tool.National;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// The centre's national ranking for the committee (<c>docs/national.md</c>, "National ranking"):
/// <c>POST /api/national/ranking/runs</c> (a provisional run on demand; final for closed formations),
/// <c>POST /api/national/formations/{code}/close</c> (close a formation's SKD),
/// <c>POST /api/national/formations/{code}/optimalisasi</c> (fill its unfilled places by a rule file),
/// <c>GET /api/national/results/formations/{code}.json|.csv</c> (the registration system's export),
/// <c>GET /api/national/publication</c> (the national publication, <c>asncat-national/1</c>).
/// </summary>
public static class NationalRankingApi
{
    public const string Policy = Identity.StaffPolicies.Panitia;

    public static RouteGroupBuilder MapNationalRankingApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/national").WithTags("Peringkat nasional (pusat)").RequireAuthorization(Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/ranking/runs", PostRun).WithName("national-ranking-run").WithSummary("Menyusun peringkat nasional semua formasi (versi baru)")
            .WithDescription("Sementara untuk formasi yang SKD-nya belum ditutup, final untuk yang sudah. 409 bila ada formasi yang tidak dapat diperingkat; tidak ada yang disimpan.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/formations/{code}/close", PostClose).WithName("national-formation-close").WithSummary("Menutup SKD satu formasi (peringkat menjadi final)")
            .WithDescription("Ditolak (409) bila ada sesi berisi peserta formasi ini yang hasilnya belum diterima pusat, kecuali force=true dengan alasan.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/formations/{code}/optimalisasi", PostOptimalisasi).WithName("national-formation-optimalisasi").WithSummary("Optimalisasi: mengisi tempat formasi yang kosong dengan peserta lulus terbaik formasi sejenis")
            .WithDescription("Aturan dari berkas question-banks/optimalisasi/{rule}.yaml (jabatan dan pendidikan sama); berlaku pada penyusunan peringkat berikutnya.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/publication", GetPublication).WithName("national-publication").WithSummary("Publikasi nasional (asncat-national/1): peringkat semua formasi dan bundel lokasi yang menjadi dasarnya")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/results/formations/{code}.json", GetJson).WithName("national-results-json").WithSummary("Hasil nasional satu formasi untuk sistem pendaftaran (JSON)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/results/formations/{code}.csv", GetCsv).WithName("national-results-csv").WithSummary("Hasil nasional satu formasi untuk sistem pendaftaran (CSV)")
            .Produces(StatusCodes.Status200OK, contentType: NationalResults.CsvContentType).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<NationalRankingReport>, ProblemHttpResult>> PostRun(HttpContext http, NationalRanker ranker, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ranker);
        try
        {
            return TypedResults.Ok(await ranker.RunAsync(http.User.Identity?.Name ?? "panitia", http.ClientAddress(), ct));
        }
        catch (NationalRankingException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Peringkat nasional tidak dapat disusun", e.Problems);
        }
    }

    public static async Task<Results<Ok<FormationClosureReply>, ProblemHttpResult>> PostClose(
        string code, CloseFormationRequest request, HttpContext http, FormationClosures closures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(closures);
        var result = await closures.CloseAsync(code, request, http.User.Identity?.Name ?? "panitia", http.ClientAddress(), ct);
        return result.Status switch
        {
            CloseStatus.Closed => TypedResults.Ok(result.Closure!),
            CloseStatus.UnknownFormation => ApiProblems.NotFound($"Tidak ada formasi dengan kode '{code}'."),
            CloseStatus.AlreadyClosed => ApiProblems.Problem(StatusCodes.Status409Conflict, "SKD formasi sudah ditutup",
                [$"SKD formasi {code} sudah ditutup oleh {result.Closure!.ClosedBy} pada {result.Closure.ClosedAt:O}; penutupan tidak dapat diulang."]),
            CloseStatus.SessionsPending => ApiProblems.Problem(StatusCodes.Status409Conflict, "Hasil sesi belum lengkap",
                [$"Formasi {code}: hasil sesi {string.Join(", ", result.PendingSessions)} belum diterima pusat. Tunggu bundel hasilnya, atau tutup dengan force=true dan reason yang menyebut mengapa."]),
            _ => ApiProblems.Problem(StatusCodes.Status400BadRequest, "Alasan penutupan wajib",
                [$"Formasi {code}: menutup dengan force=true wajib disertai reason (1 sampai {FormationClosures.MaxReason} karakter) yang menyebut mengapa hasil sesi yang belum ada tidak ditunggu."]),
        };
    }

    public static async Task<Results<Ok<OptimalisasiResult>, ProblemHttpResult>> PostOptimalisasi(
        string code, OptimalisasiRequest request, HttpContext http, Optimalisasi optimalisasi, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(optimalisasi);
        try
        {
            return TypedResults.Ok(await optimalisasi.ApplyAsync(code, request.Rule, http.User.Identity?.Name ?? "panitia", http.ClientAddress(), ct));
        }
        catch (OptimalisasiException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Optimalisasi tidak dapat dilakukan", [e.Message]);
        }
    }

    public static async Task<Results<Ok<NationalPublicationFile>, ProblemHttpResult>> GetPublication(NationalPublication publication, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return await publication.BuildAsync(ct) is { } file
            ? TypedResults.Ok(file)
            : ApiProblems.NotFound("Peringkat nasional belum pernah disusun: jalankan POST /api/national/ranking/runs lebih dahulu.");
    }

    public static async Task<Results<Ok<NationalFormationResults>, ProblemHttpResult>> GetJson(string code, NationalResults results, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (r, why) = await results.ForFormationAsync(code, ct);
        return r is null ? ApiProblems.NotFound(why!) : TypedResults.Ok(r);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCsv(string code, NationalResults results, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (r, why) = await results.ForFormationAsync(code, ct);
        return r is null ? ApiProblems.NotFound(why!) : TypedResults.File(NationalResults.Csv(r), NationalResults.CsvContentType, $"hasil-nasional-{code}.csv");
    }
}

/// <param name="Rule">The rule file's code (<c>question-banks/optimalisasi/&lt;rule&gt;.yaml</c>), e.g. <c>optimalisasi-2024</c>.</param>
public sealed record OptimalisasiRequest(string Rule);
