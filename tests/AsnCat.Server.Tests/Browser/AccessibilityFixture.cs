using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// One real server and one Chromium for the whole accessibility audit: a running session (the
/// terminal's exam, paused and result pages), a session not started yet (the waiting room), an
/// ended and published session (the results, a publication, a verification page, item analysis),
/// and an admin signed in once (the console, the proctor monitor, the staff pages).
/// </summary>
public sealed class AccessibilityFixture : IAsyncLifetime
{
    public const string Admin = "admin1";

    private readonly TempDir dir = new();
    private IPlaywright? playwright;

    internal KestrelHost Host { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Signed in as <see cref="Admin"/>: every console page is open to it.</summary>
    public IBrowserContext AdminContext { get; private set; } = default!;

    /// <summary>Candidates of the running session, one per terminal page kind.</summary>
    public List<(string Number, string Pin, int AttemptId)> Running { get; private set; } = [];

    public int RunningSessionId { get; private set; }

    public string RunningSessionCode { get; private set; } = "";

    public string Venue { get; private set; } = "";

    public (string Number, string Pin, int AttemptId) Waiting { get; private set; }

    public int EndedSessionId { get; private set; }

    /// <summary>A session not started, whose PINs the audit issues to show the PIN list and slips (the other sessions keep theirs).</summary>
    public int SlipsSessionId { get; private set; }

    public int PublicationId { get; private set; }

    public string PublishedParticipant { get; private set; } = "";

    public static BrowserNewContextOptions Desktop => new() { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "id-ID" };

    public async ValueTask InitializeAsync()
    {
        Host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        (RunningSessionId, Running) = await Host.SeedSessionAsync(5);
        Waiting = (await Host.SeedSessionAsync(1, start: false)).People[0];
        SlipsSessionId = (await Host.SeedSessionAsync(2, start: false)).SessionId;
        var (endedId, ended) = await Host.SeedSessionAsync(2);
        EndedSessionId = endedId;
        await using (var answering = await Host.LoginAsync(ended[0]))
        {
            for (var position = 0; position < 20; position++)
            {
                Assert.True((await KestrelHost.SaveAsync(answering, position, position % 5, position + 1)).Ok);
            }
        }
        Assert.True(await Host.Control.EndSessionAsync(endedId, "uji", "sesi selesai"));
        await Host.Services.GetRequiredService<WriteBundleJob>().RunAsync(endedId, includeKeys: false);   // the ledger head a publication carries
        var publisher = Host.Services.GetRequiredService<Publisher>();
        PublicationId = (await publisher.PublishAsync((await publisher.SessionTableAsync(endedId))!, "uji")).Id;
        PublishedParticipant = ended[0].Number;
        await using (var db = Host.Db())
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Id == RunningSessionId);
            (RunningSessionCode, Venue) = (session.Code, session.Venue);
        }

        await Host.CreateStaffAsync(Admin, "admin", TestStaff.Password);
        (playwright, Browser) = await Chromium.LaunchAsync();
        AdminContext = await Browser.NewContextAsync(Desktop);
        var page = await AdminContext.NewPageAsync();
        await page.GotoAsync(Host.Url + "/staf/masuk");
        await page.Locator("#userName").FillAsync(Admin);
        await page.Locator("#password").FillAsync(TestStaff.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        try
        {
            // a setup step, not what the tests audit: a busy machine (the whole suite at once) gets time
            await page.WaitForURLAsync(Host.Url + "/staf", new() { Timeout = 90_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Masuk sebagai {Admin} tidak sampai ke /staf dalam 90 s; halaman ada di {page.Url} ({await page.TitleAsync()}).", e);
        }
        await page.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        dir.Dispose();
    }
}
