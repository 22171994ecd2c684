using System.Net;
using System.Text.RegularExpressions;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
namespace AsnCat.Server.Tests.Identity;

/// <summary>The staff sign-in, change-password and home pages are pages of the console: its style sheets, frame, heading, main landmark and labelled inputs.</summary>
public sealed partial class StaffPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_change_password_and_home_use_the_console_style_with_a_heading_a_main_landmark_and_labelled_inputs()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        await host.CreateUserAsync("panitia1", StaffRoles.Panitia);
        var anonymous = host.Client();
        var signedIn = await host.LoggedInAsync("panitia1");

        foreach (var (client, path) in new[] { (anonymous, StaffPaths.Login), (signedIn, StaffPaths.ChangePassword), (signedIn, StaffPaths.Home) })
        {
            var html = await client.GetStringAsync(path, Ct);
            Assert.Contains("<link rel=\"stylesheet\" href=\"/console.css\">", html, StringComparison.Ordinal);
            Assert.Contains("<link rel=\"stylesheet\" href=\"/_content/AsnCat.ExamClient/terminal.css\">", html, StringComparison.Ordinal);
            Assert.Contains("<div class=\"console\">", html, StringComparison.Ordinal);
            Assert.Single(Regex.Matches(html, "<h1>"));
            Assert.Single(Regex.Matches(html, "<main class=\"console-main\">"));
            foreach (Match input in VisibleInput().Matches(html))
            {
                Assert.Contains($"<label for=\"{input.Groups[1].Value}\">", html, StringComparison.Ordinal);
            }
        }
        foreach (var sheet in new[] { "/console.css", "/_content/AsnCat.ExamClient/terminal.css" })
        {
            var response = await anonymous.GetAsync(sheet, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [GeneratedRegex("<input id=\"([^\"]+)\"")]
    private static partial Regex VisibleInput();
}
