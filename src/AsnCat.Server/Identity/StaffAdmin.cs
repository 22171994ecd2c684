using AsnCat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Identity;

/// <summary>One staff account as the admin sees it. <see cref="LockedUntil"/>: locked after wrong passwords (not disabled).</summary>
public sealed record StaffRow(string UserName, string DisplayName, string Role, IReadOnlyList<string> Venues, bool Disabled, DateTimeOffset? LockedUntil, bool MustChangePassword);

/// <summary>A new account, or the changed name and venues of one.</summary>
public sealed record StaffForm(string UserName, string DisplayName, string Role, IReadOnlyList<string>? Venues);

/// <summary>
/// The outcome of an admin's action on a staff account: done, or why not (Indonesian, for the
/// screen and the API). <see cref="OneTimePassword"/> is set once, for a new account or a reset.
/// </summary>
public sealed record StaffResult(bool Ok, IReadOnlyList<string> Errors, string? OneTimePassword = null, bool NotFound = false)
{
    public static StaffResult Done(string? oneTimePassword = null) => new(true, [], oneTimePassword);

    public static StaffResult Fail(params string[] errors) => new(false, errors);

    public static StaffResult Missing(string userName) => new(false, [$"Akun '{userName}' tidak ditemukan."], NotFound: true);
}

/// <summary>
/// The admin's work on staff accounts, for the console page and the API alike: list, create (a
/// proctor only for venues the server knows), change name and venues, disable and enable, unlock
/// after wrong passwords, reset the password to a one-time one that must be changed at the next
/// sign-in. Every change is audited with the acting admin and their address. A disabled account is
/// locked out until the end of time (Identity's own way: no column of ours, and a disabled user's
/// login is refused before the password is checked); its cookie stops working at the next
/// security-stamp check.
/// </summary>
public sealed class StaffAdmin(IServiceScopeFactory scopes, IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
{
    public const int MaxDisplayName = 200;

    /// <summary>The lockout end that marks a disabled account.</summary>
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public static bool IsDisabled(StaffUser user) => user.LockoutEnd is { Year: >= 9999 };

    public async Task<IReadOnlyList<StaffRow>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var now = time.GetUtcNow();
        var rows = new List<StaffRow>(all.Count);
        foreach (var user in all)
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            var locked = !IsDisabled(user) && user.LockoutEnd > now ? user.LockoutEnd : null;
            rows.Add(new StaffRow(user.UserName ?? "", user.DisplayName, role, [.. user.Venues], IsDisabled(user), locked, user.MustChangePassword));
        }
        return rows;
    }

    /// <summary>The venues a proctor may be given: those of the sessions scheduled on this server.</summary>
    public async Task<IReadOnlyList<string>> KnownVenuesAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venues = await db.ExamSessions.AsNoTracking().Select(s => s.Venue).Distinct().ToListAsync(ct);
        return [.. venues.Order(StringComparer.Ordinal)];
    }

    public async Task<StaffResult> CreateAsync(StaffForm form, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var userName = (form.UserName ?? "").Trim();
        var errors = new List<string>();
        if (userName.Length == 0)
        {
            errors.Add("Nama pengguna wajib diisi, misalnya pengawas.jkt1.");
        }
        var (venues, formErrors) = await CheckAsync(form, ct);
        errors.AddRange(formErrors);
        if (errors.Count > 0)
        {
            return new StaffResult(false, errors);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = form.DisplayName.Trim(), MustChangePassword = true, Venues = [.. venues] };
        var password = await NewPasswordAsync(users, user);
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, form.Role);
        }
        if (!created.Succeeded)
        {
            return new StaffResult(false, [.. created.Errors.Select(e => e.Description)]);
        }
        await AuditAsync(actor, address, AuditActions.Staff.Created, userName, new { peran = form.Role, nama = user.DisplayName, lokasi = venues }, ct);
        return StaffResult.Done(password);
    }

    /// <summary>Changes the display name and, for a proctor, the venues. The role is not changed here.</summary>
    public Task<StaffResult> UpdateAsync(StaffForm form, string actor, string? address, CancellationToken ct = default) =>
        WithUserAsync(form?.UserName ?? "", async (users, user) =>
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            var (venues, errors) = await CheckAsync(form! with { Role = role }, ct);
            if (errors.Count > 0)
            {
                return new StaffResult(false, errors);
            }
            user.DisplayName = form!.DisplayName.Trim();
            user.Venues.Clear();
            foreach (var v in venues)
            {
                user.Venues.Add(v);
            }
            return await SavedAsync(users, user, await users.UpdateAsync(user), actor, address, AuditActions.Staff.Updated,
                new { nama = user.DisplayName, lokasi = venues }, ct);
        });

    public Task<StaffResult> DisableAsync(string userName, string actor, string? address, CancellationToken ct = default) =>
        WithUserAsync(userName, async (users, user) =>
        {
            if (string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase))
            {
                return StaffResult.Fail("Anda tidak dapat menonaktifkan akun Anda sendiri.");
            }
            if (IsDisabled(user))
            {
                return StaffResult.Fail($"Akun '{user.UserName}' sudah nonaktif.");
            }
            if (await users.IsInRoleAsync(user, StaffRoles.Admin)
                && (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count(u => !IsDisabled(u)) <= 1)
            {
                return StaffResult.Fail("Admin aktif terakhir tidak dapat dinonaktifkan; buat atau aktifkan admin lain dahulu.");
            }
            await users.SetLockoutEnabledAsync(user, true);
            var result = await users.SetLockoutEndDateAsync(user, DisabledUntil);
            return await SavedAsync(users, user, result, actor, address, AuditActions.Staff.Disabled, null, ct);
        });

    public Task<StaffResult> EnableAsync(string userName, string actor, string? address, CancellationToken ct = default) =>
        WithUserAsync(userName, async (users, user) =>
        {
            if (!IsDisabled(user))
            {
                return StaffResult.Fail($"Akun '{user.UserName}' sudah aktif.");
            }
            await users.ResetAccessFailedCountAsync(user);
            var result = await users.SetLockoutEndDateAsync(user, null);
            return await SavedAsync(users, user, result, actor, address, AuditActions.Staff.Enabled, null, ct);
        });

    /// <summary>Lifts a lockout after wrong passwords (not a disabled account: enable that).</summary>
    public Task<StaffResult> UnlockAsync(string userName, string actor, string? address, CancellationToken ct = default) =>
        WithUserAsync(userName, async (users, user) =>
        {
            if (IsDisabled(user))
            {
                return StaffResult.Fail($"Akun '{user.UserName}' dinonaktifkan, bukan terkunci; aktifkan kembali bila perlu.");
            }
            var wasLocked = user.LockoutEnd > time.GetUtcNow();
            await users.ResetAccessFailedCountAsync(user);
            var result = await users.SetLockoutEndDateAsync(user, null);
            return await SavedAsync(users, user, result, actor, address, AuditActions.Staff.Unlocked, new { terkunci = wasLocked }, ct);
        });

    /// <summary>A new one-time password (shown once); the account must change it at its next sign-in, and a lockout is lifted.</summary>
    public Task<StaffResult> ResetPasswordAsync(string userName, string actor, string? address, CancellationToken ct = default) =>
        WithUserAsync(userName, async (users, user) =>
        {
            var password = await NewPasswordAsync(users, user);
            var result = await users.RemovePasswordAsync(user);
            if (result.Succeeded)
            {
                result = await users.AddPasswordAsync(user, password);
            }
            if (!result.Succeeded)
            {
                return new StaffResult(false, [.. result.Errors.Select(e => e.Description)]);
            }
            user.MustChangePassword = true;
            if (!IsDisabled(user))
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
            }
            var saved = await SavedAsync(users, user, IdentityResult.Success, actor, address, AuditActions.Staff.PasswordReset, null, ct);
            return saved.Ok ? StaffResult.Done(password) : saved;
        });

    // role, display name and venues: a proctor needs at least one venue, each known to the server
    private async Task<(IReadOnlyList<string> Venues, List<string> Errors)> CheckAsync(StaffForm form, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!StaffRoles.All.Contains(form.Role))
        {
            errors.Add($"Peran harus salah satu dari: {string.Join(", ", StaffRoles.All)}.");
        }
        var name = (form.DisplayName ?? "").Trim();
        if (name.Length is 0 or > MaxDisplayName)
        {
            errors.Add($"Nama lengkap wajib diisi, paling banyak {MaxDisplayName} karakter.");
        }
        if (form.Role != StaffRoles.Pengawas)
        {
            return ([], errors);
        }
        var venues = (form.Venues ?? []).Select(v => (v ?? "").Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = await KnownVenuesAsync(ct);
        if (venues.Count == 0)
        {
            errors.Add(known.Count == 0
                ? "Pengawas memerlukan lokasi ujian, tetapi belum ada sesi terjadwal: jadwalkan sesi di lokasinya dahulu."
                : "Pilih sedikitnya satu lokasi ujian untuk pengawas.");
        }
        foreach (var unknown in venues.Where(v => !known.Contains(v, StringComparer.Ordinal)))
        {
            errors.Add($"Lokasi '{unknown}' tidak dikenal: pilih salah satu lokasi sesi yang terjadwal ({string.Join(", ", known)}).");
        }
        return (venues, errors);
    }

    private async Task<StaffResult> WithUserAsync(string userName, Func<UserManager<StaffUser>, StaffUser, Task<StaffResult>> act)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByNameAsync((userName ?? "").Trim());
        return user is null ? StaffResult.Missing(userName ?? "") : await act(users, user);
    }

    private async Task<StaffResult> SavedAsync(UserManager<StaffUser> users, StaffUser user, IdentityResult result, string actor, string? address,
        string action, object? details, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            // a disabled user's or reset password's cookie stops working at its next check
            result = await users.UpdateSecurityStampAsync(user);
        }
        if (!result.Succeeded)
        {
            return new StaffResult(false, [.. result.Errors.Select(e => e.Description)]);
        }
        await AuditAsync(actor, address, action, user.UserName ?? "", details, ct);
        return StaffResult.Done();
    }

    private Task AuditAsync(string actor, string? address, string action, string userName, object? details, CancellationToken ct) =>
        AuditLog.WriteAsync(dbs, time, actor, address, action, Subject(userName), details, ct);

    /// <summary>The audit subject of a staff account.</summary>
    public static string Subject(string userName) => "staf:" + userName;

    // a random one that passes every password validator (it could contain a short user name by chance)
    private static async Task<string> NewPasswordAsync(UserManager<StaffUser> users, StaffUser user)
    {
        while (true)
        {
            var password = AdminSeeder.OneTimePassword();
            var ok = true;
            foreach (var validator in users.PasswordValidators)
            {
                ok &= (await validator.ValidateAsync(users, user, password)).Succeeded;
            }
            if (ok)
            {
                return password;
            }
        }
    }
}
