namespace AsnCat.Server.Identity;

/// <summary>The staff roles. Each is also the name of the policy that admits it and every role above it.</summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Panitia = "panitia";
    public const string Pengawas = "pengawas";

    public static IReadOnlyList<string> All { get; } = [Admin, Panitia, Pengawas];
}

/// <summary>
/// Policy names: <c>admin</c> (admin), <c>panitia</c> (admin or panitia), <c>pengawas</c> (admin,
/// panitia or pengawas). All three refuse a user who must still change a one-time password;
/// <see cref="Staff"/> admits any signed-in staff user and is only for logout, change-password and "who am I".
/// </summary>
public static class StaffPolicies
{
    public const string Admin = StaffRoles.Admin;
    public const string Panitia = StaffRoles.Panitia;
    public const string Pengawas = StaffRoles.Pengawas;
    public const string Staff = "staf";
}

/// <summary>Claims added to a staff user's cookie besides name and roles.</summary>
public static class StaffClaims
{
    public const string DisplayName = "asncat:display_name";
    public const string MustChangePassword = "asncat:must_change_password";
    public const string Venue = "asncat:venue";
}

/// <summary>The staff pages' addresses.</summary>
public static class StaffPaths
{
    public const string Home = "/staf";
    public const string Login = "/staf/masuk";
    public const string Logout = "/staf/keluar";
    public const string ChangePassword = "/staf/ganti-sandi";

    /// <summary>Paths answered with status codes, never redirects to the login page.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");
}
