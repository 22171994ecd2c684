using System.Security.Claims;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

/// <summary>
/// The staff pages: login, logout, change password and the staff home. Forms post with antiforgery
/// tokens. Logins (also failed ones) and logouts are audited (<see cref="AuditLog.StaffLoginAsync"/>).
/// </summary>
public static class StaffPages
{
    internal const string WrongLogin = "Nama pengguna atau sandi salah.";
    internal const string Disabled = "Akun ini dinonaktifkan. Hubungi admin bila Anda masih bertugas.";
    internal const string LockedOut = "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.";

    public static IEndpointRouteBuilder MapStaffPages(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet(StaffPaths.Login, LoginPage).AllowAnonymous();
        routes.MapPost(StaffPaths.Login, Login).AllowAnonymous();
        routes.MapPost(StaffPaths.Logout, Logout).RequireAuthorization(StaffPolicies.Staff).WithMetadata(new RequireAntiforgeryTokenAttribute());
        routes.MapGet(StaffPaths.ChangePassword, ChangePasswordPage).RequireAuthorization(StaffPolicies.Staff);
        routes.MapPost(StaffPaths.ChangePassword, ChangePassword).RequireAuthorization(StaffPolicies.Staff);
        routes.MapGet(StaffPaths.Home, Home).RequireAuthorization(StaffPolicies.Pengawas);
        return routes;
    }

    public static ContentHttpResult LoginPage(HttpContext context, IAntiforgery antiforgery, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
        Html(StaffHtml.Login(antiforgery.GetAndStoreTokens(context), returnUrl, null));

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Login(
        HttpContext context, IAntiforgery antiforgery, SignInManager<StaffUser> signIn, StaffLoginGuard guard, IDbContextFactory<AsnCatDb> dbs, TimeProvider time,
        [FromForm] string userName, [FromForm] string password, [FromForm] string? returnUrl)
    {
        if (await Account.PasswordSignInAsync(signIn, guard, dbs, time, context, userName, password) is { } refused)
        {
            return Html(StaffHtml.Login(antiforgery.GetAndStoreTokens(context), returnUrl, refused.Message), refused.Status);
        }
        var user = await signIn.UserManager.FindByNameAsync(userName);
        var target = user is { MustChangePassword: true } ? StaffPaths.ChangePassword
            : IsLocal(returnUrl) ? returnUrl! : StaffPaths.Home;
        return TypedResults.LocalRedirect(target);
    }

    public static async Task<Results<RedirectHttpResult, BadRequest>> Logout(
        HttpContext context, SignInManager<StaffUser> signIn, IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
    {
        // no form fields to bind, so the middleware's verdict on the token is checked here
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.BadRequest();
        }
        await AuditLog.StaffLogoutAsync(dbs, time, context);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(StaffPaths.Login);
    }

    public static ContentHttpResult ChangePasswordPage(HttpContext context, IAntiforgery antiforgery) =>
        Html(StaffHtml.ChangePassword(antiforgery.GetAndStoreTokens(context), MustChange(context.User), null));

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> ChangePassword(
        HttpContext context, IAntiforgery antiforgery, SignInManager<StaffUser> signIn, IDbContextFactory<AsnCatDb> dbs, TimeProvider time,
        [FromForm] string currentPassword, [FromForm] string newPassword, [FromForm] string confirmPassword)
    {
        var error = await Account.ChangePasswordAsync(signIn, dbs, time, context, currentPassword, newPassword, confirmPassword);
        if (error is null)
        {
            return TypedResults.LocalRedirect(StaffPaths.Home);
        }
        return Html(StaffHtml.ChangePassword(antiforgery.GetAndStoreTokens(context), MustChange(context.User), error), StatusCodes.Status400BadRequest);
    }

    public static ContentHttpResult Home(HttpContext context, IAntiforgery antiforgery) =>
        Html(StaffHtml.Home(
            antiforgery.GetAndStoreTokens(context),
            context.User.FindFirstValue(StaffClaims.DisplayName) ?? context.User.Identity?.Name ?? "",
            context.User.FindAll(ClaimTypes.Role).Select(c => c.Value)));

    private static bool MustChange(ClaimsPrincipal user) => user.HasClaim(c => c.Type == StaffClaims.MustChangePassword);

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static ContentHttpResult Html(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
}
