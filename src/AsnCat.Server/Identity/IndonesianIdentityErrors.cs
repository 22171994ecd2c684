using Microsoft.AspNetCore.Identity;
namespace AsnCat.Server.Identity;

/// <summary>
/// Identity's refusals in Indonesian: what went wrong and how to fix it. Without this a duplicate
/// user name came back as "Username 'panitia1' is already taken." on the console and in the API.
/// </summary>
public sealed class IndonesianIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Terjadi kesalahan yang tidak diketahui. Coba lagi atau hubungi admin.");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Akun ini baru saja diubah oleh orang lain. Muat ulang halaman lalu ulangi.");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Sandi salah.");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "Token tidak berlaku. Ulangi permintaan dari awal.");

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "Kode pemulihan tidak berlaku.");

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "Login ini sudah terhubung dengan akun lain.");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName),
        $"Nama pengguna '{userName}' tidak sah: gunakan huruf, angka dan tanda - . _ @ + saja, tanpa spasi.");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"Alamat surel '{email}' tidak sah.");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName),
        $"Nama pengguna '{userName}' sudah dipakai. Pilih nama lain, misalnya dengan menambahkan angka.");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"Alamat surel '{email}' sudah dipakai akun lain.");

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), $"Nama peran '{role}' tidak sah.");

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), $"Peran '{role}' sudah ada.");

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "Akun ini sudah memiliki sandi.");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "Penguncian tidak diaktifkan untuk akun ini.");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"Akun ini sudah berperan {role}.");

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"Akun ini tidak berperan {role}.");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"Sandi minimal {length} karakter; frasa beberapa kata mudah diingat dan cukup panjang.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), $"Sandi harus memuat sedikitnya {uniqueChars} karakter yang berbeda.");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "Sandi harus memuat sedikitnya satu tanda baca atau simbol.");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Sandi harus memuat sedikitnya satu angka (0-9).");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Sandi harus memuat sedikitnya satu huruf kecil (a-z).");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Sandi harus memuat sedikitnya satu huruf besar (A-Z).");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
