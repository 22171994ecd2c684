using AsnCat.Server.Api;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Centre;

public sealed record RegisterVenueRequest(string? Code, string? Name, string? TimeZone);

public sealed record RevokeVenueRequest(string? Reason);

/// <summary>The admin's registry of venues (docs/national.md, "Operations"): register, issue an enrolment code, revoke, list. Every action audited.</summary>
public static class VenueRegistryApi
{
    public static IEndpointRouteBuilder MapVenueRegistryApi(this IEndpointRouteBuilder app)
    {
        var venues = app.MapGroup("/api/national/venues").WithTags("Lokasi nasional").RequireAuthorization(StaffPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        venues.MapGet("", List).WithName("national-venues-list").WithSummary("Daftar lokasi ujian terdaftar")
            .WithDescription("Setiap lokasi: kode, nama, zona waktu, sudah mendaftarkan kunci atau belum, dicabut atau tidak. Kredensial tidak pernah ditampilkan.");
        venues.MapPost("", Register).WithName("national-venues-register").WithSummary("Mendaftarkan lokasi ujian")
            .WithDescription("Kode (mis. LOK-MKS-01), nama dan zona waktu (WIB, WITA, WIT). Jawaban memuat kode pendaftaran sekali pakai (berlaku 24 jam) yang dimasukkan di server lokasi; pusat hanya menyimpan hash-nya.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        venues.MapPost("/{code}/enrolment", Reissue).WithName("national-venues-enrolment").WithSummary("Menerbitkan kode pendaftaran baru")
            .WithDescription("Kode sekali pakai baru (yang lama tidak berlaku lagi). Pendaftaran ulang mengganti kunci dan kredensial lokasi, juga setelah dicabut.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        venues.MapPost("/{code}/revoke", Revoke).WithName("national-venues-revoke").WithSummary("Mencabut kredensial lokasi")
            .WithDescription("Setiap panggilan sinkronisasi lokasi ini ditolak sejak itu. Alasan wajib (minimal 5 karakter), dicatat di log audit.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<List<VenueView>>> List(VenueRegistry registry, CancellationToken ct) => TypedResults.Ok(await registry.ListAsync(ct));

    public static async Task<Results<Created<IssuedEnrolment>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterVenueRequest request, VenueRegistry registry, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim() ?? "";
        if (code.Length is 0 or > 100 || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors["code"] = ["Kode lokasi wajib diisi: 1-100 huruf, angka, '-', '_' atau '.', mis. LOK-MKS-01."];
        }
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 300)
        {
            errors["name"] = ["Nama lokasi wajib diisi (paling banyak 300 karakter)."];
        }
        var zone = request.TimeZone?.Trim().ToUpperInvariant() ?? "";
        if (!IndonesianTime.Zones.ContainsKey(zone))
        {
            errors["timeZone"] = ["Zona waktu harus WIB, WITA atau WIT."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        var issued = await registry.RegisterAsync(code, name, zone, ct);
        if (issued is null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Kode lokasi sudah terdaftar",
                [$"Lokasi '{code}' sudah terdaftar. Untuk kode pendaftaran baru pakai POST /api/national/venues/{code}/enrolment."]);
        }
        await Audit(dbs, time, http, AuditActions.National.VenueRegistered, code, new { name, timeZone = zone, expiresAt = issued.ExpiresAt });
        return TypedResults.Created($"/api/national/venues/{code}", issued);
    }

    public static async Task<Results<Ok<IssuedEnrolment>, ProblemHttpResult>> Reissue(
        string code, VenueRegistry registry, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var issued = await registry.ReissueAsync(code, ct);
        if (issued is null)
        {
            return ApiProblems.NotFound($"Lokasi '{code}' tidak terdaftar.");
        }
        await Audit(dbs, time, http, AuditActions.National.EnrolmentIssued, code, new { expiresAt = issued.ExpiresAt });
        return TypedResults.Ok(issued);
    }

    public static async Task<Results<Ok<VenueView>, ValidationProblem, ProblemHttpResult>> Revoke(
        string code, RevokeVenueRequest request, VenueRegistry registry, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is < 5 or > 500)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["reason"] = ["Alasan pencabutan wajib diisi (5-500 karakter)."] });
        }
        var view = await registry.RevokeAsync(code, reason, ct);
        if (view is null)
        {
            return ApiProblems.NotFound($"Lokasi '{code}' tidak terdaftar.");
        }
        await Audit(dbs, time, http, AuditActions.National.VenueRevoked, code, new { reason });
        return TypedResults.Ok(view);
    }

    private static Task Audit(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, string action, string venue, object details) =>
        AuditLog.WriteAsync(dbs, time, http.User.Identity?.Name ?? "", http.ClientAddress(), action, venue, details, CancellationToken.None);
}
