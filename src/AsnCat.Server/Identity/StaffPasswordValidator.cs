using System.Collections.Frozen;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Identity;
namespace AsnCat.Server.Identity;

/// <summary>
/// The staff password policy beyond Identity's length rule (<see cref="IdentityExtensions"/>: 12
/// characters): no password from the list of common passwords (<c>common-passwords.txt</c>), none
/// that contains the user name, and none that is one character repeated or one run up or down the
/// alphabet, the digits or a keyboard row ("111111111111", "abcdefghijklm", "qwertyuiopas").
/// Every refusal is in Indonesian and says how to choose better.
/// </summary>
public sealed class StaffPasswordValidator : IPasswordValidator<StaffUser>
{
    public const string CommonCode = "PasswordCommon";
    public const string ContainsUserNameCode = "PasswordContainsUserName";
    public const string TrivialCode = "PasswordTrivial";

    private const string Advice = "Gunakan frasa beberapa kata yang hanya Anda ketahui, misalnya \"kopi pagi di teras rumah\".";

    // the rows a run may follow, each read both ways
    private static readonly string[] Runs = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"];

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>How many passwords the shipped list holds.</summary>
    public static int CommonCount => Common.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = Check(user.UserName, password ?? "");
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>The rules above, for a password and its owner's user name; the advice on choosing better ends the last refusal only.</summary>
    public static IReadOnlyList<IdentityError> Check(string? userName, string password)
    {
        var lower = password.ToLowerInvariant();
        var compact = new string([.. lower.Where(char.IsLetterOrDigit)]);
        var errors = new List<IdentityError>();
        if (Common.Value.Contains(lower) || (compact.Length > 0 && Common.Value.Contains(compact)))
        {
            errors.Add(new IdentityError { Code = CommonCode, Description = "Sandi ini termasuk daftar sandi yang paling sering dipakai dan mudah ditebak." });
        }
        if (!string.IsNullOrWhiteSpace(userName) && userName.Trim().Length >= 3 && lower.Contains(userName.Trim().ToLowerInvariant(), StringComparison.Ordinal))
        {
            errors.Add(new IdentityError { Code = ContainsUserNameCode, Description = "Sandi tidak boleh memuat nama pengguna." });
        }
        if (compact.Length > 0 && IsTrivial(compact))
        {
            errors.Add(new IdentityError { Code = TrivialCode, Description = "Sandi tidak boleh berupa satu karakter yang diulang atau deretan berurutan (seperti 111111111111, abcdefghijklm atau qwertyuiop)." });
        }
        if (errors.Count > 0)
        {
            errors[^1].Description += " " + Advice;
        }
        return errors;
    }

    /// <summary>One character repeated, one run along a row (either way), or one short block repeated ("abcabcabcabc").</summary>
    internal static bool IsTrivial(string s)
    {
        if (s.Distinct().Count() == 1)
        {
            return true;
        }
        foreach (var row in Runs)
        {
            var reversed = new string([.. row.Reverse()]);
            if (IsRun(s, row) || IsRun(s, reversed))
            {
                return true;
            }
        }
        for (var block = 2; block <= s.Length / 2; block++)
        {
            if (s.Length % block == 0 && string.Concat(Enumerable.Repeat(s[..block], s.Length / block)) == s)
            {
                return true;
            }
        }
        return false;
    }

    // s follows row from some start, wrapping around (…xyzabc…, …7890123…)
    private static bool IsRun(string s, string row)
    {
        var start = row.IndexOf(s[0], StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] != row[(start + i) % row.Length])
            {
                return false;
            }
        }
        return true;
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(StaffPasswordValidator).Assembly.GetManifestResourceStream("AsnCat.Server.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded in the server assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && text[0] != '#')
            {
                set.Add(text.ToLowerInvariant());
            }
        }
        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
