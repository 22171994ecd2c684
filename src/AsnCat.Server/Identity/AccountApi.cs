using System.Security.Claims;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

public sealed record StaffLoginRequest(string UserName, string Password);

public sealed record AccountView(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Venues, bool MustChangePassword);

public sealed record ProblemMessage(string Message);

/// <summary>
/// Staff accounts over JSON: login (cookie), logout, who am I; the admin's list and creation of
/// accounts is <see cref="StaffApi"/> (also answered here at <c>/users</c>).
/// Logins (also failed ones) and logouts are audited, as on the staff pages.
/// </summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/api/account").WithTags("Akun");
        api.MapPost("/login", Login).AllowAnonymous().WithName("account-login").WithSummary("Masuk sebagai staf")
            .WithDescription("Nama pengguna dan sandi; jawaban 200 membawa cookie asncat.staf yang dikirim bersama setiap panggilan berikutnya. Lima sandi salah mengunci akun 15 menit.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status423Locked).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", Logout).RequireAuthorization(StaffPolicies.Staff).WithName("account-logout").WithSummary("Keluar").ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/me", Me).RequireAuthorization(StaffPolicies.Staff).WithName("account-me").WithSummary("Akun yang sedang masuk").ProducesProblem(StatusCodes.Status401Unauthorized);
        // the first address of the staff list and creation, kept for callers that use it (same handlers as /api/staff)
        api.MapGet("/users", StaffApi.List).RequireAuthorization(StaffPolicies.Admin).WithName("ListStaffAccountUsers").WithSummary("Daftar akun staf (sama dengan GET /api/staff)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/users", StaffApi.Create).RequireAuthorization(StaffPolicies.Admin).WithName("CreateStaffAccountUser").WithSummary("Membuat akun staf (sama dengan POST /api/staff)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        return routes;
    }

    public static async Task<Results<Ok<AccountView>, UnauthorizedHttpResult, JsonHttpResult<ProblemMessage>>> Login(
        StaffLoginRequest request, HttpContext http, SignInManager<StaffUser> signIn, StaffLoginGuard guard, IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await Account.PasswordSignInAsync(signIn, guard, dbs, time, http, request.UserName, request.Password) is { } refused)
        {
            return TypedResults.Json(new ProblemMessage(refused.Message), statusCode: refused.Status);
        }
        var user = await signIn.UserManager.FindByNameAsync(request.UserName);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await ViewAsync(signIn.UserManager, user));
    }

    public static async Task<NoContent> Logout(HttpContext http, SignInManager<StaffUser> signIn, IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
    {
        await AuditLog.StaffLogoutAsync(dbs, time, http);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AccountView>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, UserManager<StaffUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await ViewAsync(users, user));
    }

    private static async Task<AccountView> ViewAsync(UserManager<StaffUser> users, StaffUser user) =>
        new(user.UserName ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)], [.. user.Venues], user.MustChangePassword);
}
