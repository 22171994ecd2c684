using System.Security.Claims;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

public sealed record StaffLoginRequest(string UserName, string Password);

public sealed record AccountView(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Venues, bool MustChangePassword);

public sealed record ProblemMessage(string Message);

public sealed record CreateStaffRequest(string UserName, string DisplayName, string Role, IReadOnlyList<string>? Venues);

public sealed record CreatedStaff(string UserName, string OneTimePassword);

/// <summary>
/// Staff accounts over JSON: login (cookie), logout, who am I, and the admin's list and creation of
/// committee and proctor accounts. A new account gets a one-time password it must change.
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
        api.MapGet("/users", ListUsers).RequireAuthorization(StaffPolicies.Admin).WithName("account-users").WithSummary("Daftar akun staf").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/users", CreateUser).RequireAuthorization(StaffPolicies.Admin).WithName("account-create-user").WithSummary("Membuat akun panitia atau pengawas")
            .WithDescription("Akun baru mendapat sandi sekali pakai yang wajib diganti saat pertama masuk.").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
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

    public static async Task<Ok<List<AccountView>>> ListUsers(UserManager<StaffUser> users, CancellationToken ct)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        var views = new List<AccountView>(all.Count);
        foreach (var user in all)
        {
            views.Add(await ViewAsync(users, user));
        }
        return TypedResults.Ok(views);
    }

    public static async Task<Results<Created<CreatedStaff>, ValidationProblem>> CreateUser(CreateStaffRequest request, UserManager<StaffUser> users)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StaffRoles.All.Contains(request.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"Peran harus salah satu dari: {string.Join(", ", StaffRoles.All)}."] });
        }
        var password = AdminSeeder.OneTimePassword();
        var user = new StaffUser
        {
            UserName = request.UserName,
            DisplayName = request.DisplayName,
            MustChangePassword = true,
            Venues = [.. request.Venues ?? []],
        };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, request.Role);
        }
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = [.. created.Errors.Select(e => e.Description)] });
        }
        return TypedResults.Created($"/api/account/users/{Uri.EscapeDataString(user.UserName)}", new CreatedStaff(user.UserName, password));
    }

    private static async Task<AccountView> ViewAsync(UserManager<StaffUser> users, StaffUser user) =>
        new(user.UserName ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)], [.. user.Venues], user.MustChangePassword);
}
