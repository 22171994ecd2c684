using System.Security.Claims;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

/// <summary>What the login and change-password page and API share.</summary>
internal static class Account
{
    /// <summary>
    /// A password login (form or API), audited either way. An address past its failure budget
    /// (<see cref="StaffLoginGuard"/>) is refused without checking the password.
    /// </summary>
    /// <returns>null when signed in, else the message for the user and the HTTP status.</returns>
    public static async Task<(string Message, int Status)?> PasswordSignInAsync(
        SignInManager<StaffUser> signIn, StaffLoginGuard guard, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http,
        string? userName, string? password)
    {
        var remote = http.ClientAddress();
        var address = remote ?? "";
        if (guard.Blocked(address))
        {
            if (guard.FirstRefusal(address))
            {
                await AuditLog.WriteAsync(dbs, time, userName ?? "", remote, AuditActions.Staff.LoginThrottled,
                    details: new { failures = guard.FailuresPerAddress, minutes = guard.Window.TotalMinutes }, ct: CancellationToken.None);
            }
            return (guard.Message, StatusCodes.Status429TooManyRequests);
        }
        var result = await signIn.PasswordSignInAsync(userName ?? "", password ?? "", isPersistent: false, lockoutOnFailure: true);
        await AuditLog.StaffLoginAsync(dbs, time, http, userName ?? "", result);
        if (result.Succeeded)
        {
            return null;
        }
        guard.Failed(address);
        if (result.IsLockedOut && await signIn.UserManager.FindByNameAsync(userName ?? "") is { } user && StaffAdmin.IsDisabled(user))
        {
            return (StaffPages.Disabled, StatusCodes.Status401Unauthorized);
        }
        return (result.IsLockedOut ? StaffPages.LockedOut : StaffPages.WrongLogin, StatusCodes.Status401Unauthorized);
    }

    /// <summary>Checks the current password (a wrong one counts toward lockout), sets the new one, renews the cookie; a change is audited.</summary>
    /// <returns>null when changed, else the message for the user.</returns>
    public static async Task<string?> ChangePasswordAsync(
        SignInManager<StaffUser> signIn, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, string current, string next, string confirm)
    {
        var principal = http.User;
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
            return string.Join(" ", changed.Errors.Select(e => e.Description));
        }
        var wasOneTime = user.MustChangePassword;
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        await AuditLog.WriteAsync(dbs, time, user.UserName ?? "", http.ClientAddress(), AuditActions.Staff.PasswordChanged,
            StaffAdmin.Subject(user.UserName ?? ""), new { sandiSekaliPakai = wasOneTime }, CancellationToken.None);
        return null;
    }
}
