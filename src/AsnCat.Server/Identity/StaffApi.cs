using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Identity;

/// <summary>A staff account over JSON. <see cref="Disabled"/>: refused at sign-in; <see cref="LockedUntil"/>: locked after wrong passwords.</summary>
public sealed record StaffView(string UserName, string DisplayName, string Role, IReadOnlyList<string> Venues, bool Disabled, DateTimeOffset? LockedUntil, bool MustChangePassword);

/// <summary>A new account (<see cref="Venues"/>: for a pengawas, venues of scheduled sessions, <c>GET /api/staff/venues</c>).</summary>
public sealed record CreateStaffRequest(string UserName, string DisplayName, string Role, IReadOnlyList<string>? Venues);

/// <summary>The changed display name and, for a pengawas, venues of an account.</summary>
public sealed record UpdateStaffRequest(string DisplayName, IReadOnlyList<string>? Venues);

/// <summary>A one-time password, shown only in this answer; the account must change it at its next sign-in.</summary>
public sealed record CreatedStaff(string UserName, string OneTimePassword);

/// <summary>
/// The admin's staff accounts over JSON (<see cref="StaffAdmin"/>, the same as the console's
/// "Staf" page): list, known venues, create, change, disable, enable, unlock and reset the
/// password. Admin only. A refusal is an RFC 7807 problem in Indonesian (<c>errors</c> lists every
/// reason); every change is audited with the admin and their address.
/// </summary>
public static class StaffApi
{
    public const string Path = "/api/staff";

    private const string Tag = "Staf";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup(Path).RequireAuthorization(StaffPolicies.Admin).WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", List).WithName("ListStaff").WithSummary("Daftar akun staf dengan peran, lokasi dan statusnya");
        api.MapGet("/venues", Venues).WithName("ListStaffVenues").WithSummary("Lokasi ujian yang dapat diberikan kepada pengawas (lokasi sesi terjadwal)");
        api.MapPost("/", Create).WithName("CreateStaff").WithSummary("Membuat akun staf dengan sandi sekali pakai")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/{userName}", Update).WithName("UpdateStaff").WithSummary("Mengubah nama lengkap dan lokasi pengawas")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{userName}/disable", Disable).WithName("DisableStaff").WithSummary("Menonaktifkan akun staf")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{userName}/enable", Enable).WithName("EnableStaff").WithSummary("Mengaktifkan kembali akun staf")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{userName}/unlock", Unlock).WithName("UnlockStaff").WithSummary("Membuka kunci akun setelah salah sandi berulang")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{userName}/reset-password", ResetPassword).WithName("ResetStaffPassword").WithSummary("Mengatur ulang sandi ke sandi sekali pakai yang wajib diganti")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<List<StaffView>>> List(StaffAdmin staff, CancellationToken ct) =>
        TypedResults.Ok((await staff.ListAsync(ct)).Select(r => new StaffView(r.UserName, r.DisplayName, r.Role, r.Venues, r.Disabled, r.LockedUntil, r.MustChangePassword)).ToList());

    public static async Task<Ok<IReadOnlyList<string>>> Venues(StaffAdmin staff, CancellationToken ct) =>
        TypedResults.Ok(await staff.KnownVenuesAsync(ct));

    public static async Task<Results<Created<CreatedStaff>, ProblemHttpResult>> Create(CreateStaffRequest request, StaffAdmin staff, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await staff.CreateAsync(new StaffForm(request.UserName ?? "", request.DisplayName ?? "", request.Role ?? "", request.Venues), Actor(http), http.ClientAddress(), ct);
        if (!result.Ok)
        {
            return Problem("Akun staf tidak dibuat", result);
        }
        var name = request.UserName!.Trim();
        return TypedResults.Created($"{Path}/{Uri.EscapeDataString(name)}", new CreatedStaff(name, result.OneTimePassword!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Update(string userName, UpdateStaffRequest request, StaffAdmin staff, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answer("Akun staf tidak diubah", await staff.UpdateAsync(new StaffForm(userName, request.DisplayName ?? "", "", request.Venues), Actor(http), http.ClientAddress(), ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Disable(string userName, StaffAdmin staff, HttpContext http, CancellationToken ct) =>
        Answer("Akun staf tidak dinonaktifkan", await staff.DisableAsync(userName, Actor(http), http.ClientAddress(), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> Enable(string userName, StaffAdmin staff, HttpContext http, CancellationToken ct) =>
        Answer("Akun staf tidak diaktifkan", await staff.EnableAsync(userName, Actor(http), http.ClientAddress(), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> Unlock(string userName, StaffAdmin staff, HttpContext http, CancellationToken ct) =>
        Answer("Kunci akun tidak dibuka", await staff.UnlockAsync(userName, Actor(http), http.ClientAddress(), ct));

    public static async Task<Results<Ok<CreatedStaff>, ProblemHttpResult>> ResetPassword(string userName, StaffAdmin staff, HttpContext http, CancellationToken ct)
    {
        var result = await staff.ResetPasswordAsync(userName, Actor(http), http.ClientAddress(), ct);
        return result.Ok ? TypedResults.Ok(new CreatedStaff(userName, result.OneTimePassword!)) : Problem("Sandi tidak diatur ulang", result);
    }

    private static Results<NoContent, ProblemHttpResult> Answer(string title, StaffResult result) =>
        result.Ok ? TypedResults.NoContent() : Problem(title, result);

    private static ProblemHttpResult Problem(string title, StaffResult result) => TypedResults.Problem(
        title: title,
        detail: string.Join(" ", result.Errors),
        statusCode: result.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "";
}
