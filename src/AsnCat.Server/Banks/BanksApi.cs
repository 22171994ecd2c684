using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Network;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Banks;

/// <summary>A stored bank version as the committee lists it; <see cref="Sessions"/> are the codes of the sessions that use it.</summary>
public sealed record BankVersionView(int Id, string Code, string Title, string Blueprint, string Hash, DateTimeOffset ImportedAt, int ItemCount, bool Locked, IReadOnlyList<string> Sessions);

/// <summary>
/// The committee's question banks (policy <c>panitia</c>): <c>GET /api/banks</c> lists the stored
/// versions; <c>POST /api/banks</c> uploads a bank folder as a .zip (multipart field <c>file</c>) and
/// answers 201 with the new version, 200 when the identical bank was already stored, or 422 with one
/// <c>path:line: message</c> per problem and nothing stored; <c>POST /api/banks/validate</c> runs
/// the same checks and stores nothing. <c>POST /api/banks/import</c> (and <c>/import/validate</c>) takes a
/// QTI package, Moodle XML or Excel sheet instead (field <c>from</c>: qti, moodle, xlsx; mapping fields
/// <c>subtest</c>, <c>subtopic</c>, <c>difficulty</c>, <c>blueprint</c>, <c>code</c>, <c>title</c>,
/// <c>skipUnsupported</c>) and answers with the items it could not import, one per line;
/// <c>GET /api/banks/templat.xlsx</c> is the Excel template. Uploads over <see cref="MaxRequestBytes"/> get 413.
/// </summary>
public static class BanksApi
{
    public const string Policy = Identity.StaffPolicies.Panitia;

    /// <summary>The largest upload request: the largest archive plus room for the multipart framing.</summary>
    public const long MaxRequestBytes = BankUpload.MaxArchiveBytes + 1024 * 1024;

    public const string FileField = "file";

    private static readonly FormOptions FormLimits = new() { MultipartBodyLengthLimit = BankUpload.MaxArchiveBytes, ValueCountLimit = 16 };

    public static RouteGroupBuilder MapBanksApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/banks").WithTags("Bank soal").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("", GetBanks).WithName("banks-list").WithSummary("Daftar versi bank soal");
        // the form is read by the handler (not bound), so that an oversized upload gets a 413 that says why
        api.MapPost("", PostBank).WithUploadLimits().WithName("banks-upload").WithSummary("Mengunggah bank soal (.zip), disimpan sebagai versi baru")
            .WithDescription("Multipart, kolom file; perlu token antiforgery (GET /api/antiforgery). Diperiksa seperti bank validate; satu masalah saja berarti tidak ada yang disimpan.").ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/validate", PostValidate).WithUploadLimits().WithName("banks-validate").WithSummary("Memeriksa bank soal (.zip) tanpa menyimpan").ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/import", PostImport).WithUploadLimits().WithName("banks-import").WithSummary("Mengimpor bank dari QTI, Moodle XML atau Excel").ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/import/validate", PostImportValidate).WithUploadLimits().WithName("banks-import-validate").WithSummary("Memeriksa impor QTI, Moodle XML atau Excel tanpa menyimpan").ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/templat.xlsx", GetTemplate).WithName("banks-template").WithSummary("Templat Excel bank soal");
        return api;
    }

    public static async Task<Ok<List<BankVersionView>>> GetBanks(IDbContextFactory<AsnCatDb> dbFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = await db.BankVersions.AsNoTracking().OrderByDescending(v => v.Id)
            .Select(v => new { v.Id, v.Code, v.Title, v.BlueprintCode, v.Hash, v.ImportedAt, v.ItemCount, v.Locked })
            .ToListAsync(ct);
        var sessions = (await db.ExamSessions.AsNoTracking().OrderBy(s => s.Code).Select(s => new { s.BankVersionId, s.Code }).ToListAsync(ct))
            .ToLookup(s => s.BankVersionId, s => s.Code);
        return TypedResults.Ok(versions
            .Select(v => new BankVersionView(v.Id, v.Code, v.Title, v.BlueprintCode, v.Hash, v.ImportedAt, v.ItemCount, v.Locked, [.. sessions[v.Id]]))
            .ToList());
    }

    public static Task<Results<Created<BankSummary>, Ok<BankSummary>, ProblemHttpResult>> PostBank(HttpContext http, BankUpload uploads, CancellationToken ct) =>
        StoreAsync(http, uploads, foreign: false, ct);

    public static Task<Results<Ok<BankSummary>, ProblemHttpResult>> PostValidate(HttpContext http, BankUpload uploads, CancellationToken ct) =>
        CheckAsync(http, uploads, foreign: false, ct);

    public static Task<Results<Created<BankSummary>, Ok<BankSummary>, ProblemHttpResult>> PostImport(HttpContext http, BankUpload uploads, CancellationToken ct) =>
        StoreAsync(http, uploads, foreign: true, ct);

    public static Task<Results<Ok<BankSummary>, ProblemHttpResult>> PostImportValidate(HttpContext http, BankUpload uploads, CancellationToken ct) =>
        CheckAsync(http, uploads, foreign: true, ct);

    private static async Task<Results<Created<BankSummary>, Ok<BankSummary>, ProblemHttpResult>> StoreAsync(HttpContext http, BankUpload uploads, bool foreign, CancellationToken ct)
    {
        var (result, refusal) = await UploadAsync(http, uploads, foreign, store: true, ct);
        return result?.Bank switch
        {
            _ when result is null => refusal!,
            { Created: true } bank => TypedResults.Created((string?)null, bank),
            { } bank => TypedResults.Ok(bank),
            null => Rejected("Bank soal ditolak; tidak ada yang disimpan", result.Errors, result.Skipped),
        };
    }

    private static async Task<Results<Ok<BankSummary>, ProblemHttpResult>> CheckAsync(HttpContext http, BankUpload uploads, bool foreign, CancellationToken ct)
    {
        var (result, refusal) = await UploadAsync(http, uploads, foreign, store: false, ct);
        if (result is null)
        {
            return refusal!;
        }
        return result.Bank is { } bank ? TypedResults.Ok(bank) : Rejected("Bank soal tidak lolos pemeriksaan", result.Errors, result.Skipped);
    }

    /// <summary>Reads the form and runs the upload (a bank .zip, or with <paramref name="foreign"/> a QTI/Moodle/Excel source); or the reply that says why not.</summary>
    private static async Task<(BankUploadResult? Result, ProblemHttpResult? Refusal)> UploadAsync(HttpContext http, BankUpload uploads, bool foreign, bool store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(uploads);
        var (file, form, refusal) = await ReadFormAsync(http, ct);
        if (file is null)
        {
            return (null, refusal);
        }
        SourceFormat? format = null;
        var options = new ImportOptions();
        if (foreign)
        {
            if (ImportRequest(form!) is not ({ } f, { } o))
            {
                return (null, BadImportRequest());
            }
            (format, options) = (f, o);
        }
        await using var stream = file.OpenReadStream();
        var result = store
            ? await uploads.ImportAsync(stream, file.FileName, format, options, http.User.Identity?.Name ?? "panitia", http.ClientAddress(), ct)
            : await uploads.ValidateAsync(stream, file.FileName, format, options, ct);
        return (result, null);
    }

    public static FileContentHttpResult GetTemplate() =>
        TypedResults.File(XlsxExport.Template(), XlsxLayout.ContentType, "templat-bank-soal.xlsx");

    /// <summary>The format and mapping options of an import form; null when <c>from</c> or <c>difficulty</c> is not one of the known values.</summary>
    internal static (SourceFormat?, ImportOptions?) ImportRequest(IFormCollection form)
    {
        string? Field(string key) => form.TryGetValue(key, out var v) && v.ToString().Trim() is { Length: > 0 } text ? text : null;
        if (!Enum.TryParse<SourceFormat>(Field("from"), ignoreCase: true, out var format) || !Enum.IsDefined(format) || int.TryParse(Field("from"), out _))
        {
            return (null, null);
        }
        Scoring.Difficulty? difficulty = null;
        if (Field("difficulty") is { } level)
        {
            if (!BankLoader.TryDifficulty(level, out var d))
            {
                return (null, null);
            }
            difficulty = d;
        }
        var skip = Field("skipUnsupported") is "true" or "on" or "1";
        return (format, new ImportOptions(Field("blueprint"), Field("code"), Field("title"), Field("subtest"), Field("subtopic"), difficulty, skip));
    }

    private static ProblemHttpResult BadImportRequest() => Problem(StatusCodes.Status400BadRequest, "Format impor tidak dikenal",
        "Isi kolom 'from' dengan qti, moodle atau xlsx, dan 'difficulty' (bila diisi) dengan mudah, sedang atau sulit.");

    private static RouteHandlerBuilder WithUploadLimits(this RouteHandlerBuilder route) => route
        .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes), new RequireAntiforgeryTokenAttribute())
        .Accepts<IFormFile>("multipart/form-data");

    /// <summary>The uploaded file, or the reply that says why there is none.</summary>
    private static async Task<(IFormFile? File, IFormCollection? Form, ProblemHttpResult? Refusal)> ReadFormAsync(HttpContext http, CancellationToken ct)
    {
        // UseAntiforgery only records the verdict; binding a form parameter would enforce it, reading the form by hand must
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return (null, null, Problem(StatusCodes.Status400BadRequest, "Token antiforgery tidak sah", "Muat ulang halaman lalu unggah lagi."));
        }
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            return (null, null, TooLarge());
        }
        if (!http.Request.HasFormContentType)
        {
            return (null, null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unggahan harus multipart/form-data", $"Kirim arsip .zip bank soal pada kolom '{FileField}'."));
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(FormLimits, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, TooLarge());
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, TooLarge());
        }
        catch (InvalidDataException)
        {
            return (null, null, Problem(StatusCodes.Status400BadRequest, "Isi unggahan rusak", $"Kirim arsip .zip bank soal sebagai multipart/form-data pada kolom '{FileField}'."));
        }
        return form.Files.GetFile(FileField) is { } file
            ? (file, form, null)
            : (null, null, Problem(StatusCodes.Status400BadRequest, $"Kolom '{FileField}' wajib diisi", "Pilih arsip .zip berisi satu folder bank soal."));
    }

    private static ProblemHttpResult TooLarge() => Problem(
        StatusCodes.Status413PayloadTooLarge,
        "Unggahan terlalu besar",
        $"Arsip bank soal paling besar {BankUpload.MaxArchiveBytes / (1024 * 1024)} MB. Kecilkan gambar atau pisahkan bank.");

    private static ProblemHttpResult Rejected(string title, IReadOnlyList<FileError> errors, IReadOnlyList<Unsupported>? unsupported = null) => TypedResults.Problem(
        title: title,
        detail: $"{errors.Count} masalah. Perbaiki semua yang disebut lalu unggah ulang seluruh arsip.",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => e.ToString()).ToList(),
            ["unsupported"] = (unsupported ?? []).Select(u => u.ToString()).ToList(),
        });

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
