using System.Security.Cryptography;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

/// <summary>The first run: the roles, and an <c>admin</c> with a one-time password when no user exists.</summary>
internal static partial class AdminSeeder
{
    public const string AdminUserName = "admin";

    // No look-alikes (0/O, 1/l/I): the password is read off a console and typed by hand.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A random password of 20 characters (about 115 bits).</summary>
    public static string OneTimePassword() => RandomNumberGenerator.GetString(Alphabet, 20);

    /// <summary>Creates missing roles; creates the admin and logs its password once, only into an empty user table.</summary>
    /// <returns>The one-time password, or null when users already existed.</returns>
    public static async Task<string?> SeedAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if (await users.Users.AnyAsync(ct))
        {
            return null;
        }
        var password = OneTimePassword();
        var admin = new StaffUser { UserName = AdminUserName, DisplayName = "Administrator", MustChangePassword = true };
        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, StaffRoles.Admin));
        LogAdminCreated(logger, AdminUserName, password, StaffPaths.Login);
        return password;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Akun admin pertama dibuat. Nama pengguna: {UserName}  Sandi sekali pakai: {Password}  Sandi ini hanya ditampilkan sekali ini dan wajib diganti saat masuk pertama di {LoginPath}.")]
    private static partial void LogAdminCreated(ILogger logger, string userName, string password, string loginPath);
}
