using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace AsnCat.Server.Identity;

/// <summary>The staff pages' markup: plain server-rendered forms, each with its antiforgery token.</summary>
internal static class StaffHtml
{
    public static string Login(AntiforgeryTokenSet token, string? returnUrl, string? error) => Page("Masuk staf", $"""
        <h1>Masuk staf</h1>
        {Error(error)}
        <form method="post" action="{StaffPaths.Login}">
          {Token(token)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <p><label for="userName">Nama pengguna</label><br>
          <input id="userName" name="userName" autocomplete="username" required autofocus></p>
          <p><label for="password">Sandi</label><br>
          <input id="password" name="password" type="password" autocomplete="current-password" required></p>
          <p><button type="submit">Masuk</button></p>
        </form>
        """);

    public static string ChangePassword(AntiforgeryTokenSet token, bool forced, string? error) => Page("Ganti sandi", $"""
        <h1>Ganti sandi</h1>
        {(forced ? "<p>Anda masuk dengan sandi sekali pakai. Buat sandi baru sebelum melanjutkan.</p>" : "")}
        {Error(error)}
        <form method="post" action="{StaffPaths.ChangePassword}">
          {Token(token)}
          <p><label for="currentPassword">Sandi saat ini</label><br>
          <input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required autofocus></p>
          <p><label for="newPassword">Sandi baru (minimal 12 karakter)</label><br>
          <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="12" required></p>
          <p><label for="confirmPassword">Ulangi sandi baru</label><br>
          <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" minlength="12" required></p>
          <p><button type="submit">Simpan sandi baru</button></p>
        </form>
        {LogoutForm(token)}
        """);

    public static string Home(AntiforgeryTokenSet token, string displayName, IEnumerable<string> roles) => Page("Staf AsnCat", $"""
        <h1>Staf AsnCat</h1>
        <p>Masuk sebagai <strong>{E(displayName)}</strong> ({E(string.Join(", ", roles))}).</p>
        <p><a href="/konsol"><strong>Buka konsol panitia dan pengawasan</strong></a></p>
        <p><a href="{StaffPaths.ChangePassword}">Ganti sandi</a></p>
        {LogoutForm(token)}
        """);

    public static string Refused() => Page("Akses ditolak", $"""
        <h1>Akses ditolak</h1>
        <p>Akun Anda tidak berhak membuka halaman ini.</p>
        <p><a href="{StaffPaths.Home}">Kembali</a></p>
        """);

    private static string LogoutForm(AntiforgeryTokenSet token) => $"""
        <form method="post" action="{StaffPaths.Logout}">{Token(token)}<button type="submit">Keluar</button></form>
        """;

    private static string Token(AntiforgeryTokenSet token) =>
        $"""<input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken)}">""";

    private static string Error(string? error) => error is null ? "" : $"""<p role="alert"><strong>{E(error)}</strong></p>""";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="id">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(title)} - AsnCat</title></head>
        <body><main>
        {body}
        </main></body>
        </html>
        """;
}
