using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace AsnCat.Server.Identity;

/// <summary>The staff pages' markup: server-rendered forms in the console's frame and style, each with its antiforgery token.</summary>
internal static class StaffHtml
{
    public static string Login(AntiforgeryTokenSet token, string? returnUrl, string? error) => Page("Masuk staf", $"""
        <h1>Masuk staf</h1>
        <p class="muted">Untuk admin, panitia dan pengawas. Peserta ujian masuk di terminal, bukan di sini.</p>
        {Error(error)}
        <form method="post" action="{StaffPaths.Login}" class="grid">
          {Token(token)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <label for="userName">Nama pengguna</label>
          <input id="userName" name="userName" autocomplete="username" required autofocus>
          <label for="password">Sandi</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          <span></span>
          <div class="toolbar"><button type="submit" class="primary">Masuk</button></div>
        </form>
        """, signedIn: false);

    public static string ChangePassword(AntiforgeryTokenSet token, bool forced, string? error) => Page("Ganti sandi", $"""
        <h1>Ganti sandi</h1>
        {(forced ? "<p class=\"notice\">Anda masuk dengan sandi sekali pakai. Buat sandi baru sebelum melanjutkan.</p>" : "")}
        <p class="muted">Minimal 12 karakter. Frasa beberapa kata mudah diingat dan sulit ditebak; sandi yang umum, berisi nama pengguna,
        atau deretan seperti 111111111111 dan abcdefghijklm ditolak.</p>
        {Error(error)}
        <form method="post" action="{StaffPaths.ChangePassword}" class="grid">
          {Token(token)}
          <label for="currentPassword">Sandi saat ini</label>
          <input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required autofocus>
          <label for="newPassword">Sandi baru</label>
          <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="12" required>
          <label for="confirmPassword">Ulangi sandi baru</label>
          <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" minlength="12" required>
          <span></span>
          <div class="toolbar"><button type="submit" class="primary">Simpan sandi baru</button></div>
        </form>
        {LogoutForm(token)}
        """);

    public static string Home(AntiforgeryTokenSet token, string displayName, IEnumerable<string> roles) => Page("Staf AsnCat", $"""
        <h1>Staf AsnCat</h1>
        <p>Masuk sebagai <strong>{E(displayName)}</strong> ({E(string.Join(", ", roles))}).</p>
        <ul class="staff-links">
          <li><a href="/konsol"><strong>Buka konsol panitia dan pengawasan</strong></a></li>
          <li><a href="{StaffPaths.ChangePassword}">Ganti sandi</a></li>
        </ul>
        {LogoutForm(token)}
        """);

    public static string Refused() => Page("Akses ditolak", $"""
        <h1>Akses ditolak</h1>
        <p>Akun Anda tidak berhak membuka halaman ini. Minta admin memberi peran yang sesuai bila Anda memerlukannya.</p>
        <p><a href="{StaffPaths.Home}">Kembali ke halaman staf</a></p>
        """);

    private static string LogoutForm(AntiforgeryTokenSet token) => $"""
        <form method="post" action="{StaffPaths.Logout}" class="toolbar">{Token(token)}<button type="submit">Keluar</button></form>
        """;

    private static string Token(AntiforgeryTokenSet token) =>
        $"""<input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken)}">""";

    private static string Error(string? error) => error is null ? "" : $"""<div class="errors" role="alert"><p>{E(error)}</p></div>""";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    // the console's frame and style sheets (terminal.css: palette and buttons; console.css: the console)
    private static string Page(string title, string body, bool signedIn = true) => $"""
        <!DOCTYPE html>
        <html lang="id">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(title)} · AsnCat</title>
        <link rel="stylesheet" href="/_content/AsnCat.ExamClient/terminal.css">
        <link rel="stylesheet" href="/console.css"></head>
        <body><div class="console">
        <header class="console-bar"><a class="console-brand" href="{(signedIn ? StaffPaths.Home : StaffPaths.Login)}">AsnCat · Staf panitia dan pengawas</a></header>
        <main class="console-main">
        {body}
        </main>
        </div></body>
        </html>
        """;
}
