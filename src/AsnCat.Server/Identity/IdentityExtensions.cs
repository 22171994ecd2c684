using AsnCat.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
namespace AsnCat.Server.Identity;

/// <summary>
/// The staff identity area: ASP.NET Core Identity on the server's database, a cookie for staff,
/// the role policies, the staff login pages, the account API and the admin's staff accounts (<see cref="StaffAdmin"/>).
/// </summary>
public static class IdentityExtensions
{
    public static WebApplicationBuilder AddAsnCatIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<StaffUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase is allowed and enough.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddErrorDescriber<IndonesianIdentityErrors>()
            .AddPasswordValidator<StaffPasswordValidator>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AsnCatDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "asncat.staf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = StaffPaths.Login;
            o.LogoutPath = StaffPaths.Logout;
            o.Events.OnRedirectToLogin = ctx => Refuse(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Refuse(ctx.HttpContext, null, StatusCodes.Status403Forbidden);
        });
        services.AddStaffPolicies();
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StaffLoginGuard>();
        services.AddSingleton<StaffAdmin>();
        // a disabled account's or reset password's cookie is refused within a minute, not Identity's default 30
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAntiforgery();
        return builder;
    }

    /// <summary>
    /// The staff policies (<see cref="StaffPolicies"/>: each role policy also refuses a user who
    /// must still change a one-time password) and how a refusal is answered. The server's only
    /// registration of them; tests that host one feature's API use it too.
    /// </summary>
    public static IServiceCollection AddStaffPolicies(this IServiceCollection services)
    {
        var passwordChanged = new PasswordChangedRequirement();
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.Admin).AddRequirements(passwordChanged))
            .AddPolicy(StaffPolicies.Panitia, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.Admin, StaffRoles.Panitia).AddRequirements(passwordChanged))
            .AddPolicy(StaffPolicies.Pengawas, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.Admin, StaffRoles.Panitia, StaffRoles.Pengawas).AddRequirements(passwordChanged))
            .AddPolicy(StaffPolicies.Staff, p => p.RequireAuthenticatedUser());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StaffAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// Authentication and authorization, before any endpoint runs. <c>UseAntiforgery()</c> must
    /// follow (once, for every role), so that a staff form's token is checked against the signed-in user.
    /// </summary>
    public static WebApplication UseAsnCatIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapAsnCatIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaffPages();
        app.MapAccountApi();
        app.MapStaffApi();
        return app;
    }

    /// <summary>First run: creates the roles and, into an empty user table, an admin whose one-time password is logged once.</summary>
    public static async Task SeedAdminAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("AsnCat.Server.Identity.AdminSeeder");
        await AdminSeeder.SeedAsync(scope.ServiceProvider, logger, ct);
    }

    // APIs and hubs get a status code (the API with problem details, when the app has them); pages
    // get the login page (401) or a short refusal (403).
    private static async Task Refuse(HttpContext context, string? loginUri, int status)
    {
        if (loginUri is not null && !StaffPaths.IsApi(context.Request.Path))
        {
            context.Response.Redirect(loginUri);
            return;
        }
        context.Response.StatusCode = status;
        if (!StaffPaths.IsApi(context.Request.Path))
        {
            await context.Response.WriteAsync(StaffHtml.Refused(), context.RequestAborted);
        }
        else if (context.Request.Path.StartsWithSegments("/api") && context.RequestServices.GetService<IProblemDetailsService>() is { } problems)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status } });
        }
    }
}
