using AsnCat.Server.Identity;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
namespace AsnCat.Server.Imports;

/// <summary>
/// The committee's imports: download a template (<c>GET /api/imports/templates/formasi.xlsx</c>,
/// <c>peserta.csv</c> ...) and upload a filled one (<c>POST /api/imports/formasi</c>, multipart
/// field <c>file</c>). An upload is stored whole (200 with counts) or not at all (422 with a
/// problem per bad row).
/// </summary>
public static class ImportsApi
{
    /// <summary>The committee policy (admin or panitia) registered with Identity.</summary>
    public const string Policy = Identity.StaffPolicies.Panitia;

    public const string AlreadyImportedMessage = "Berkas yang sama persis sudah diimpor sebelumnya; tidak ada yang disimpan ulang.";

    public static RouteGroupBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/imports").WithTags("Formasi dan peserta").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/templates/{kind}.{format}", GetTemplate).WithName("imports-template").WithSummary("Templat impor formasi atau peserta (.xlsx atau .csv)").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{kind}", PostImport).WithName("imports-upload").WithSummary("Mengimpor formasi atau peserta (kind: formasi, peserta)")
            .WithDescription("Multipart, kolom file (.xlsx atau .csv); perlu token antiforgery (GET /api/antiforgery). Semua atau tidak sama sekali: setiap baris yang salah dilaporkan per baris dan kolom. Aman diulang: berkas yang sama persis (SHA-256) yang sudah tersimpan dijawab 200 dengan alreadyImported true tanpa menyimpan ulang.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new RequestSizeLimitAttribute(ImportTable.MaxBytes + 1024 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: ImportTable.MaxBytes + 1024 * 1024);
        return api;
    }

    /// <summary><c>GET /api/formations</c> and <c>GET /api/candidates?q=</c>: what was imported, as the console lists it (<see cref="Roster"/>).</summary>
    public static RouteGroupBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var roster = app.MapGroup("/api").WithTags("Formasi dan peserta").RequireAuthorization(Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        roster.MapGet("/formations", GetFormations).WithName("formations-list").WithSummary("Daftar formasi dengan jumlah pesertanya");
        roster.MapGet("/candidates", GetCandidates).WithName("candidates-list").WithSummary($"Daftar peserta (NIK disamarkan), paling banyak {Roster.PageSize}")
            .WithDescription("q: bagian nomor peserta, nama atau kode formasi. total menyebut berapa yang cocok.").ProducesProblem(StatusCodes.Status400BadRequest);
        return roster;
    }

    public static async Task<Ok<IReadOnlyList<FormationRow>>> GetFormations(Roster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.FormationsAsync(ct));

    public static async Task<Ok<CandidateRows>> GetCandidates(string? q, Roster roster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var list = await roster.CandidatesAsync(q, ct);
        return TypedResults.Ok(new CandidateRows(list.Total, [.. list.Rows.Select(Roster.Row)]));
    }

    public static Results<FileContentHttpResult, NotFound> GetTemplate(string kind, string format)
    {
        if (!ImportTemplates.TryParseKind(kind, out var k))
        {
            return TypedResults.NotFound();
        }
        var name = ImportTemplates.Name(k);
        return format.ToLowerInvariant() switch
        {
            "xlsx" => TypedResults.File(ImportTemplates.Xlsx(k), ImportTemplates.XlsxContentType, $"template-{name}.xlsx"),
            "csv" => TypedResults.File(ImportTemplates.Csv(k), ImportTemplates.CsvContentType, $"template-{name}.csv"),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<Ok<ImportSummary>, ProblemHttpResult, NotFound>> PostImport(
        string kind, IFormFile file, HttpContext http, ImportService imports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(imports);
        if (!ImportTemplates.TryParseKind(kind, out var k))
        {
            return TypedResults.NotFound();
        }
        var actor = http.User.Identity?.Name ?? "panitia";
        var address = http.ClientAddress();
        var fileName = Path.GetFileName(file.FileName);
        await using var stream = file.OpenReadStream();
        var result = await imports.ImportAsync(k, stream, fileName, actor, address, ct);   // reads at most 10 MB + 1 byte
        if (result.Succeeded)
        {
            return TypedResults.Ok(new ImportSummary(result.Kind, result.FileName, result.Imported, result.AlreadyImported,
                result.AlreadyImported ? AlreadyImportedMessage : null));
        }
        return TypedResults.Problem(
            title: "Impor ditolak; tidak ada data yang disimpan",
            detail: $"{result.Problems.Count} masalah di {result.FileName}. Perbaiki semua baris yang disebut lalu unggah ulang seluruh berkas.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
    }
}

/// <summary>The candidates the console lists: how many matched and the first <see cref="Roster.PageSize"/>.</summary>
public sealed record CandidateRows(int Total, IReadOnlyList<CandidateRow> Rows);

/// <summary>
/// What a stored import answers: how many rows of which kind from which file. <see cref="AlreadyImported"/>:
/// the very same file had been stored before (a repeated request); <see cref="Imported"/> is that import's count.
/// </summary>
public sealed record ImportSummary(string Kind, string FileName, int Imported, bool AlreadyImported = false, string? Message = null);
