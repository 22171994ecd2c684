using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Ledger;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Commands;
using AsnCat.Tool.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// PPPK end to end: the sample PPPK bank imported, a session under pppk-2023 for a Pranata Komputer
/// formation, a blind candidate (20 extra minutes: 150) taking the exam in headless Chromium, then
/// the session ended, ranked, published and its bundle verified.
/// </summary>
public sealed class PppkBrowserTests
{
    private const string Position = "Pranata Komputer Ahli Pertama";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidate_takes_a_pppk_exam_at_the_terminal_and_the_session_is_ranked_published_and_verified()
    {
        using var dir = new TempDir();
        using var content = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        var rules = host.Services.GetRequiredService<RulesCatalog>();
        int bankVersionId;
        using (var scope = host.Services.CreateScope())
        {
            var imported = await SampleBank.ImportAsync(scope.ServiceProvider.GetRequiredService<BankImporter>(), NullLogger.Instance,
                Path.Combine(TestPaths.QuestionBanks, "pppk-contoh"), rules, Ct);
            Assert.NotNull(imported);
            bankVersionId = imported.BankVersionId;
        }
        var seeded = await SessionSeeder.SeedAsync(host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), host.Control, new SessionSpec
        {
            Code = "PPPK-BDG-001",
            Formation = new Formation { Code = "PPPK-PK-001", Agency = "Pemerintah Kota Bandung", Position = Position, Location = "Bandung", Quota = 1, Education = "S-1" },
            Candidates =
            [
                new SeedCandidate("PPPK-0001", "Rina Marlina", CandidateCategory.Umum, "3273014101990001") { ExtraMinutes = 20 },
                new SeedCandidate("PPPK-0002", "Agus Setiawan", CandidateCategory.KebutuhanKhusus, "3273014101990002"),
            ],
            StartsAt = KestrelHost.T0,
            BankVersionId = bankVersionId,
            ThresholdSetCode = "pppk-2023",
            Seed = "seed-pppk",
        }, "uji", start: false, Ct);
        Assert.NotNull(seeded);
        var person = seeded.People[0];

        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "id-ID" });
            var page = await context.NewPageAsync();
            await page.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(page, person.ParticipantNumber, person.Pin);
            // the waiting room names PPPK's duration with the accommodation: 130 + 20
            await Expect(page.Locator(".rules")).ToContainTextAsync("Waktu ujian 150 menit");
            Assert.True(await host.Control.StartSessionAsync(seeded.Id, "uji"));
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 145");
            await Expect(page.Locator(".subtest-name").First).ToHaveTextAsync("Kompetensi teknis");
            // 130 minutes and the 20 of the accommodation
            var left = Seconds(await page.Locator(".countdown-value").InnerTextAsync());
            Assert.InRange(left, (150 * 60) - 120, 150 * 60);

            // three technical answers by keyboard, then one in each weighted subtest through the strip
            var exam = page.Locator(".exam");
            await exam.FocusAsync();
            foreach (var key in new[] { "a", "b", "c" })
            {
                await page.Keyboard.PressAsync(key);
                await Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
                await page.Keyboard.PressAsync("ArrowRight");
            }
            foreach (var (position, subtest) in new[] { (91, "Kompetensi manajerial"), (116, "Kompetensi sosial kultural"), (136, "Wawancara") })
            {
                await page.Locator(".strip-item").Nth(position - 1).ClickAsync();
                await Expect(page.Locator("#question-title")).ToHaveTextAsync($"Soal {position} dari 145");
                await Expect(page.Locator(".subtest-name").First).ToHaveTextAsync(subtest);
                await exam.FocusAsync();
                await page.Keyboard.PressAsync("d");
                await Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "pppk-terminal.png") });

            await page.Locator("button.finish").ClickAsync();
            await Expect(page.Locator("#finish-text")).ToContainTextAsync("139");
            await page.Locator("button.confirm").ClickAsync();
            await Expect(page.Locator(".total-row")).ToBeVisibleAsync();
            await Expect(page.Locator(".score-row")).ToHaveCountAsync(4);
            Assert.Equal(["TEKNIS", "MANAJERIAL", "SOSIOKULTURAL", "WAWANCARA"], await page.Locator(".score-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.subtest)"));
            // six answers cannot reach 117 managerial + socio-cultural: the terminal names the failed conditions
            await Expect(page.Locator(".verdict-fail")).ToContainTextAsync("MANAJERIAL+SOSIOKULTURAL");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "pppk-result.png") });

            await using var db = host.Db();
            var attempt = await db.Attempts.SingleAsync(a => a.Id == person.AttemptId, Ct);
            Assert.Equal(6, await db.Answers.CountAsync(a => a.AttemptId == attempt.Id && a.Option != null, Ct));
            Assert.Equal(attempt.Total!.Value.ToString(CultureInfo.InvariantCulture), (await page.Locator(".total-row td").First.InnerTextAsync()).Trim());
            Assert.Equal(["MANAJERIAL", "SOSIOKULTURAL", "TEKNIS", "WAWANCARA"], attempt.Scores!.Keys.Order(StringComparer.Ordinal));

            // the public live board shows PPPK's four subtests and the finished score
            var board = await context.NewPageAsync();
            await board.GotoAsync($"{host.Url}/papan/sesi/PPPK-BDG-001");
            var boardRow = board.Locator($"tr[data-participant='{person.ParticipantNumber}']");
            await Expect(boardRow).ToHaveAttributeAsync("data-final", "1");
            await Expect(boardRow).ToHaveAttributeAsync("data-total", attempt.Total!.Value.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(["TEKNIS", "MANAJERIAL", "SOSIOKULTURAL", "WAWANCARA"], (await board.Locator("thead th.sub").AllInnerTextsAsync()).Select(t => t.Trim().TrimEnd('▲', '▼', ' ')));
            await board.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "pppk-board.png") });
            await RankPublishAndVerifyAsync(host, rules, content.Path, seeded, person.ParticipantNumber, context);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task RankPublishAndVerifyAsync(KestrelHost host, RulesCatalog rules, string contentRoot, SeededSession seeded, string participant, IBrowserContext context)
    {
        // the committee ends the session (the second candidate never came: absent), ranks, publishes and verifies
        Assert.True(await host.Control.EndSessionAsync(seeded.Id, "uji", "sesi selesai"));
        var dbs = host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>();
        var job = new WriteBundleJob(new ResultBundles(dbs, new Standings(dbs, rules), rules), dbs, Options.Create(new ResultsOptions()),
            new HostingEnvironment { ContentRootPath = contentRoot }, TimeProvider.System, NullLogger<WriteBundleJob>.Instance);
        await job.RunAsync(seeded.Id, includeKeys: true);

        var standings = (await host.Services.GetRequiredService<Standings>().ForFormationAsync("PPPK-PK-001", Ct))!;
        Assert.Equal(["TEKNIS", "MANAJERIAL", "SOSIOKULTURAL", "WAWANCARA"], standings.Subtests.Select(s => s.Code));
        var row = standings.Rows.Single(r => r.ParticipantNumber == participant);
        Assert.Equal(AsnCat.Scoring.StandingOutcomes.Failed, row.Outcome);
        Assert.Contains("MANAJERIAL+SOSIOKULTURAL", row.FailedRequirements, StringComparison.Ordinal);

        var publisher = host.Services.GetRequiredService<Publisher>();
        var table = (await publisher.FormationTableAsync("PPPK-PK-001", Ct))!;
        Assert.Equal(["Peringkat", "Nomor peserta", "Nama", "Kategori", "TEKNIS", "MANAJERIAL", "SOSIOKULTURAL", "WAWANCARA", "Total", "Ambang batas", "Keterangan"], table.Columns);
        Assert.StartsWith("Peringkat PPPK formasi PPPK-PK-001", table.Title, StringComparison.Ordinal);
        Assert.Equal("Tidak masuk kuota formasi", table.Rows.Single(r => r.ParticipantNumber == participant).Cells[^1]);
        Assert.NotNull((await publisher.PublishAsync(table, "ketua", Ct)).LedgerHead);
        var sessionTable = (await publisher.SessionTableAsync(seeded.Id, Ct))!;
        Assert.Equal(["Nomor peserta", "Nama", "Formasi", "Kategori", "TEKNIS", "MANAJERIAL", "SOSIOKULTURAL", "WAWANCARA", "Total", "Ambang batas", "Peringkat di formasi", "Keterangan"], sessionTable.Columns);
        Assert.Equal("Tidak hadir", sessionTable.Rows.Single(r => r.ParticipantNumber == "PPPK-0002").Cells[^1]);
        var published = await publisher.PublishAsync(sessionTable, "ketua", Ct);

        var bundle = Path.Combine(contentRoot, "data", "bundles", "PPPK-BDG-001.kunci.json");
        var report = BundleVerifier.Verify(bundle);
        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Findings.Select(f => f.ToString())));
        Assert.Equal(published.LedgerHead, report.Ledger.Head);
        // and as the auditor runs it
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, CommandLine.Run(["verify", bundle], stdout, stderr));
        Assert.Equal("", stderr.ToString());
        Assert.Contains(published.LedgerHead!, stdout.ToString(), StringComparison.Ordinal);

        // the published page and its PDF carry the same PPPK columns
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{host.Url}/hasil/{published.Id}");
        Assert.Equal(sessionTable.Columns, (await page.Locator("#hasil thead th").AllInnerTextsAsync()).Select(t => t.Trim()));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "pppk-published.png"), FullPage = true });
        var pdf = await page.APIRequest.GetAsync($"{host.Url}/hasil/{published.Id}.pdf");
        Assert.True(pdf.Ok);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.BodyAsync())[..4]);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static int Seconds(string hhmmss)
    {
        var parts = hhmmss.Trim().Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0] * 3600) + (parts[1] * 60) + parts[2];
    }
}
