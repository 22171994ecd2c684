using System.Reflection;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Identity;

/// <summary>The staff password policy as the server's own <see cref="UserManager{TUser}"/> applies it, each rule on its own, in Indonesian.</summary>
public sealed class PasswordPolicyTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private InProcessHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = InProcessHost.StartServer(_dir);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<IReadOnlyList<IdentityError>> RefusalsAsync(string userName, string password)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName, DisplayName = "Uji" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }
        return errors;
    }

    [Theory]
    [InlineData("abcdefghijklm")]
    [InlineData("111111111111")]
    [InlineData("123456789012")]
    [InlineData("zyxwvutsrqponm")]
    [InlineData("qwertyuiopasdf")]
    [InlineData("9876543210987")]
    [InlineData("abcabcabcabc")]
    [InlineData("AAAAAAAAAAAAAAA")]
    public async Task A_repeated_or_sequential_run_is_refused(string password)
    {
        var errors = await RefusalsAsync("pengawas1", password);
        Assert.Contains(errors, e => e.Code == StaffPasswordValidator.TrivialCode);
        Assert.All(errors, e => Assert.DoesNotMatch("[Pp]assword|must|characters", e.Description));
    }

    [Theory]
    [InlineData("passwordpassword")]
    [InlineData("qwerty123456")]
    [InlineData("Bismillah123")]
    [InlineData("P@ssw0rd")]
    [InlineData("Indonesia123")]
    [InlineData("QwertyUiop123")]
    [InlineData("1q2w3e4r5t6y")]
    public async Task A_common_password_from_the_shipped_list_is_refused_whatever_its_case(string password)
    {
        var errors = await RefusalsAsync("pengawas1", password);
        var common = Assert.Single(errors, e => e.Code == StaffPasswordValidator.CommonCode);
        Assert.Contains("paling sering dipakai", common.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_list_holds_several_hundred_passwords()
    {
        Assert.True(StaffPasswordValidator.CommonCount >= 500, $"{StaffPasswordValidator.CommonCount} passwords");
    }

    [Fact]
    public async Task A_password_containing_the_user_name_is_refused()
    {
        var errors = await RefusalsAsync("budi.santoso", "rahasia-Budi.Santoso-77");
        var error = Assert.Single(errors);
        Assert.Equal(StaffPasswordValidator.ContainsUserNameCode, error.Code);
        Assert.Equal("Sandi tidak boleh memuat nama pengguna. Gunakan frasa beberapa kata yang hanya Anda ketahui, misalnya \"kopi pagi di teras rumah\".", error.Description);
    }

    [Fact]
    public async Task A_short_password_is_refused_in_Indonesian()
    {
        var error = Assert.Single(await RefusalsAsync("pengawas1", "kopi-teras7"));
        Assert.Equal(nameof(IdentityErrorDescriber.PasswordTooShort), error.Code);
        Assert.StartsWith("Sandi minimal 12 karakter", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kopi pagi di teras rumah")]
    [InlineData("Gunung-Rinjani-2026-berkabut")]
    [InlineData(TestStaff.Password)]
    public async Task A_long_uncommon_passphrase_is_accepted(string password)
    {
        Assert.Empty(await RefusalsAsync("pengawas1", password));
    }

    [Fact]
    public void Every_Identity_error_has_an_Indonesian_text()
    {
        var english = typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError))
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(IdentityErrorDescriber)
                && typeof(IndonesianIdentityErrors).GetMethod(m.Name, [.. m.GetParameters().Select(p => p.ParameterType)])!.DeclaringType != typeof(IndonesianIdentityErrors))
            .Select(m => m.Name).ToList();
        Assert.Empty(english);
        var describer = new IndonesianIdentityErrors();
        Assert.Equal("Nama pengguna 'panitia1' sudah dipakai. Pilih nama lain, misalnya dengan menambahkan angka.", describer.DuplicateUserName("panitia1").Description);
    }
}
