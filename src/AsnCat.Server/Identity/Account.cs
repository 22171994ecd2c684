using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace AsnCat.Server.Identity;

/// <summary>What the login and change-password page and API share.</summary>
internal static class Account
{
    /// <summary>Checks the current password (a wrong one counts toward lockout), sets the new one, renews the cookie.</summary>
    /// <returns>null when changed, else the message for the user.</returns>
    public static async Task<string?> ChangePasswordAsync(SignInManager<StaffUser> signIn, ClaimsPrincipal principal, string current, string next, string confirm)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return "Akun tidak ditemukan.";
        }
        if (next != confirm)
        {
            return "Sandi baru dan ulangannya tidak sama.";
        }
        if (next == current)
        {
            return "Sandi baru harus berbeda dari sandi saat ini.";
        }
        var check = await signIn.CheckPasswordSignInAsync(user, current, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return check.IsLockedOut ? StaffPages.LockedOut : "Sandi saat ini salah.";
        }
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded)
        {
            return string.Join(" ", changed.Errors.Select(Describe));
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return null;
    }

    private static string Describe(IdentityError e) => e.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "Sandi baru minimal 12 karakter.",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "Sandi baru harus memuat sedikitnya 5 karakter yang berbeda.",
        _ => e.Description,
    };
}
