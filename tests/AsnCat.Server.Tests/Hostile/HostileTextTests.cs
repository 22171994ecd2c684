using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.ExamClient.Pages;
using AsnCat.ExamClient.Terminal;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Live;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Console;
using AsnCat.Server.Tests.Hosts;
using Bunit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// Script in item text (from an uploaded bank) and in a candidate's name, rendered by the real
/// server and terminal: it is stored literally and shown as text everywhere, never as markup.
/// </summary>
public sealed class HostileTextTests : ConsoleTestContext
{
    private const string StemScript = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    private const string OptionScript = "<a href=\"javascript:alert(3)\">klik</a>";

    private const string NameScript = "<script>alert('nama')</script><img src=x onerror=alert(4)> Budi";

    /// <summary>Uploads the sample bank with script put in front of every stem and every option A, and returns its version.</summary>
    private async Task<int> UploadHostileBankAsync()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var path in Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(TestPaths.SampleBank, path).Replace('\\', '/');
                var bytes = File.ReadAllBytes(path);
                if (relative.EndsWith(".yaml", StringComparison.Ordinal) && relative != "bank.yaml")
                {
                    bytes = Encoding.UTF8.GetBytes(Inject(File.ReadAllText(path)));
                }
                using var entry = zip.CreateEntry("skd-contoh/" + relative).Open();
                entry.Write(bytes);
            }
        }
        buffer.Position = 0;
        var result = await Host.Services.GetRequiredService<BankUpload>().ImportAsync(buffer, "bank-jahat.zip", "admin-uji", "127.0.0.1", Ct);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Take(5)));
        return result.Bank!.Id!.Value;
    }

    /// <summary>The first line of every stem block and every option A gets script in front.</summary>
    private static string Inject(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0 && lines[i - 1].TrimEnd() is var previous && previous.EndsWith("stem: |", StringComparison.Ordinal) && lines[i].Trim().Length > 0)
            {
                var indent = lines[i].Length - lines[i].TrimStart().Length;
                lines[i] = lines[i][..indent] + StemScript + " " + lines[i][indent..];
            }
            else if (Regex.Match(lines[i], "^(\\s+)A: (?![|>])(.+)$") is { Success: true } option)
            {
                lines[i] = $"{option.Groups[1].Value}A: '{OptionScript} {option.Groups[2].Value.Replace("'", "''", StringComparison.Ordinal)}'";
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// A session on the hostile bank whose first candidate is named with script. Written before any
    /// PIN is issued: the exam writer keeps the name it loaded with the attempt.
    /// </summary>
    private async Task<(int SessionId, string Number, string Pin)> SessionWithHostileNameAsync()
    {
        var bankId = await UploadHostileBankAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var session = await SessionSeeder.SeedAsync(Host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), Host.Control, new SessionSpec
        {
            Code = "S-" + tag,
            Formation = SessionSpec.TestFormation("F-" + tag),
            Candidates = [new SeedCandidate(tag + "-0001", NameScript, CandidateCategory.Umum, "3171010101010001")],
            StartsAt = KestrelHost.T0,
            Venue = Venue,
            BankVersionId = bankId,
            Seed = "seed-" + tag,
        }, "uji", start: false, Ct);
        Assert.NotNull(session);
        var person = Assert.Single(session.People);
        return (session.Id, person.ParticipantNumber, person.Pin);
    }

    private static void AssertNoActiveMarkup(IEnumerable<IElement> roots)
    {
        foreach (var root in roots)
        {
            Assert.Empty(root.QuerySelectorAll("script"));
            Assert.Empty(root.QuerySelectorAll("[onerror], [onclick], [onmouseover]"));
            Assert.Empty(root.QuerySelectorAll("a[href^='javascript']"));
        }
    }

    [Fact]
    public async Task Script_in_item_text_and_a_candidate_name_is_shown_as_text_on_the_terminal()
    {
        var (sessionId, number, pin) = await SessionWithHostileNameAsync();
        Assert.True(await Host.Control.StartSessionAsync(sessionId, "uji"));
        JSInterop.Mode = JSRuntimeMode.Loose;
        // the terminal's own transport, to this host's hub; closed at the end, before the host stops
        await using var transport = new SignalRExamTransport(new Uri(Host.Url + ExamHub.Path), TimeProvider.System, NullLogger<SignalRExamTransport>.Instance);
        Services.AddSingleton<IExamTransport>(transport);
        Services.AddSingleton<IExamContent>(new HttpExamContent(new HttpClient(), new Uri(Host.Url)));
        Services.AddSingleton<ITerminalTokenStore>(new MemoryTokenStore());
        Services.AddScoped<ExamTerminal>();
        var terminal = Services.GetRequiredService<ExamTerminal>();
        var page = Render<TerminalPage>();
        page.WaitForState(() => terminal.Screen != TerminalScreen.Connecting);

        await page.InvokeAsync(() => terminal.LoginAsync(number, pin));

        page.WaitForAssertion(() => page.Find(".stem"));
        var stem = page.Find(".stem");
        Assert.StartsWith(StemScript + " ", stem.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", stem.InnerHtml, StringComparison.Ordinal);
        // options are shuffled per candidate: the bank's option A is one of them, as text
        Assert.Contains(page.FindAll(".option"), o => o.TextContent.Contains(OptionScript, StringComparison.Ordinal));
        // the name is the text of an element of its own (the header), not markup
        Assert.Contains(page.FindAll("*"), e => e.Children.Length == 0 && e.TextContent.Contains(NameScript, StringComparison.Ordinal));
        AssertNoActiveMarkup(page.Nodes.OfType<IElement>());
    }

    [Fact]
    public async Task A_candidate_name_with_script_is_shown_as_text_in_the_console_lists_and_the_proctor_monitor()
    {
        var (sessionId, number, _) = await SessionWithHostileNameAsync();
        SignIn("panitia1", StaffRoles.Panitia);

        var candidates = Render<CandidatesPage>();
        candidates.WaitForAssertion(() => Assert.Contains(number, candidates.Markup, StringComparison.Ordinal));
        var session = Render<SessionPage>(p => p.Add(x => x.Id, sessionId));
        session.WaitForAssertion(() => Assert.Contains(number, session.Markup, StringComparison.Ordinal));
        var monitor = Render<ProctorMonitor>(p => p.Add(x => x.Id, sessionId));
        monitor.WaitForAssertion(() => Assert.Contains(number, monitor.Markup, StringComparison.Ordinal));

        foreach (var (what, markup, nodes) in new[] { ("peserta", candidates.Markup, candidates.Nodes), ("sesi", session.Markup, session.Nodes), ("pengawasan", monitor.Markup, monitor.Nodes) })
        {
            // as element text it is escaped; inside a quoted attribute (a tooltip) '<' is harmless and the DOM check below holds
            Assert.True(markup.Contains("&lt;script&gt;alert(", StringComparison.Ordinal), what + ": the name is not shown escaped");
            AssertNoActiveMarkup(nodes.OfType<IElement>());
        }
    }

    [Fact]
    public async Task The_public_board_shows_a_script_name_as_text()
    {
        var (sessionId, number, pin) = await SessionWithHostileNameAsync();
        Assert.True(await Host.Control.StartSessionAsync(sessionId, "uji"));
        await using (var c = await Host.ConnectAsync())
        {
            Assert.True((await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, "T-1"), Ct)).Ok);
        }
        string code;
        await using (var db = Host.Db())
        {
            code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
        }
        Services.AddSingleton(Host.Services.GetRequiredService<LiveScores>());

        var board = Render<SessionBoardPage>(p => p.Add(x => x.Code, code));

        board.WaitForAssertion(() => Assert.Contains(number, board.Markup, StringComparison.Ordinal));
        var name = board.Find($"tr[data-participant='{number}'] td.name");
        Assert.Equal(NameScript, name.TextContent);
        Assert.Contains("&lt;script&gt;alert(", board.Markup, StringComparison.Ordinal);
        AssertNoActiveMarkup(board.Nodes.OfType<IElement>());
    }

    private sealed class MemoryTokenStore : ITerminalTokenStore
    {
        private SavedTerminal? _saved;

        public ValueTask<SavedTerminal?> LoadAsync() => ValueTask.FromResult(_saved);

        public ValueTask SaveAsync(SavedTerminal saved)
        {
            _saved = saved;
            return ValueTask.CompletedTask;
        }

        public ValueTask ClearAsync()
        {
            _saved = null;
            return ValueTask.CompletedTask;
        }

        public ValueTask<string> TerminalNameAsync() => ValueTask.FromResult("T-UJI");
    }
}
