using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Publishing;
using AsnCat.Server.Tests.Results;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Ranking;

/// <summary>
/// A formation's national ranking published at the centre as the venues' tables are (page, CSV,
/// XLSX, PDF, certificates), final only, resting on the venue bundles it names, which anyone can
/// download as accepted, with the national file restricted to the formation.
/// </summary>
public sealed class NationalAnnouncementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = NationalAnnouncementHost.Json;

    [Fact]
    public async Task It_is_refused_before_a_run_and_before_the_closure_then_published_from_the_newest_run_with_its_bundles_head_and_a_new_version_only_for_new_rows()
    {
        await using var host = await NationalAnnouncementHost.StartAsync();
        using var panitia = await host.PanitiaAsync();

        var noRun = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal(HttpStatusCode.Conflict, noRun.StatusCode);
        Assert.Contains("Peringkat nasional belum pernah disusun", await noRun.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await NationalAnnouncementHost.PublishAsync(panitia, "F-TIDAK-ADA")).StatusCode);

        await using (var db = host.Host.Db())
        {
            db.Formations.Add(new Formation { Code = "F-KOSONG", Agency = "Instansi Uji", Position = "Analis Kebijakan", Location = "Kota Palu", Quota = 1, Education = "S-1 Ilmu Administrasi" });
            await db.SaveChangesAsync(Ct);
        }
        await NationalAnnouncementHost.RunAsync(panitia);
        var empty = await NationalAnnouncementHost.PublishAsync(panitia, "F-KOSONG");
        Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        Assert.Contains("Formasi F-KOSONG tidak memiliki baris dalam peringkat nasional", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var open = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        var why = await open.Content.ReadAsStringAsync(Ct);
        Assert.Contains("SKD formasi F-3 belum ditutup: pengumuman nasional bersifat final", why, StringComparison.Ordinal);
        Assert.Contains("POST /api/national/formations/F-3/close", why, StringComparison.Ordinal);

        // closed after the newest run: that run is still provisional for F-3
        await NationalAnnouncementHost.CloseAsync(panitia, "F-3");
        var stale = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("disusun sebelum penutupan", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using (var db = host.Host.Db())
        {
            Assert.Equal(0, await db.Publications.CountAsync(Ct));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == Publisher.AuditAction, Ct));
        }

        await NationalAnnouncementHost.RunAsync(panitia);
        var created = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = (await created.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        Assert.Equal((PublicationKinds.National, "F-3", 1), (first.Kind, first.Subject, first.Version));

        // F-3 sat only at S-B: the head over that one bundle, as verify --publication-head computes it
        var sb = NationalFixture.SessionB;
        Assert.Equal(SessionLedger.PublicationHead([(sb, NationalAnnouncementHost.HeadOf(sb))]), first.LedgerHead);
        var view = (await host.Host.Services.GetRequiredService<Publisher>().GetAsync(first.Id, Ct))!;
        var bundle = Assert.Single(view.Table.National!.Bundles);
        Assert.Equal(new PublishedBundle("Lokasi B", sb, Sha(host.Bundles[sb]), NationalAnnouncementHost.HeadOf(sb)), bundle);

        // the rows are the newest run's rows of F-3, in the export's order
        await using (var db = host.Host.Db())
        {
            var run = await db.NationalRankingRuns.MaxAsync(r => r.Id, Ct);
            var f3 = await db.Formations.SingleAsync(f => f.Code == "F-3", Ct);
            var stored = await db.NationalRankingRows.Where(r => r.RunId == run && r.FormationId == f3.Id).ToListAsync(Ct);
            var expected = stored.OrderBy(r => r.Rank is null ? 1 : 0).ThenBy(r => r.Rank).ThenBy(r => r.ParticipantNumber, StringComparer.Ordinal)
                .Select(r => (string[])[r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", r.ParticipantNumber, "Peserta " + r.ParticipantNumber, r.Category,
                    .. r.Scores!.Select(s => s.ToString(CultureInfo.InvariantCulture)), r.Total!.Value.ToString(CultureInfo.InvariantCulture),
                    r.Passed ? "Memenuhi" : "Tidak memenuhi", r.Advances ? "Lanjut SKB" : "Tidak lanjut SKB"]).ToList();
            Assert.Equal(["Peringkat", "Nomor peserta", "Nama", "Kategori", "TWK", "TIU", "TKP", "Total", "Ambang batas", "Keterangan"], view.Table.Columns);
            Assert.Equal(expected, view.Table.Rows.Select(r => r.Cells.ToArray()));
            Assert.Contains(expected, r => r[9] == "Lanjut SKB");
            Assert.Contains(expected, r => r[9] == "Tidak lanjut SKB");
            Assert.True(view.Table.National!.Formation.Final);
        }

        // the same rows again, also from a newer run: the same publication, nothing new stored
        var again = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        await NationalAnnouncementHost.RunAsync(panitia);
        var afterRun = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (again.StatusCode, afterRun.StatusCode));
        var repeated = (await afterRun.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        Assert.Equal((first.Id, 1, true), (repeated.Id, repeated.Version, repeated.AlreadyPublished));

        // a score corrected at the centre and a new run: new rows, version 2
        await using (var db = host.Host.Db())
        {
            var attempt = await db.Attempts.Include(a => a.Candidate).Where(a => a.Candidate!.Formation!.Code == "F-3" && a.EndedBy == "candidate")
                .OrderBy(a => a.Candidate!.ParticipantNumber).FirstAsync(Ct);
            attempt.Scores = new Dictionary<string, int> { ["TWK"] = 150, ["TIU"] = 175, ["TKP"] = 225 };
            attempt.Total = 550;
            await db.SaveChangesAsync(Ct);
        }
        await NationalAnnouncementHost.RunAsync(panitia);
        var corrected = await NationalAnnouncementHost.PublishAsync(panitia, "F-3");
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var second = (await corrected.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        Assert.Equal(2, second.Version);
        Assert.Equal(first.LedgerHead, second.LedgerHead);
        await using (var db = host.Host.Db())
        {
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == Publisher.AuditAction && e.Subject == "nasional/F-3", Ct));
        }
    }

    [Fact]
    public async Task Its_page_csv_xlsx_pdf_and_certificate_carry_the_same_cells_and_each_named_bundle_and_the_national_file_download_anonymously()
    {
        await using var host = await NationalAnnouncementHost.StartAsync();
        using var panitia = await host.PanitiaAsync();
        await NationalAnnouncementHost.CloseAsync(panitia, "F-1");
        await NationalAnnouncementHost.CloseAsync(panitia, "F-3");
        await NationalAnnouncementHost.RunAsync(panitia);
        var p = (await (await NationalAnnouncementHost.PublishAsync(panitia, "F-1")).Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        var f3 = (await (await NationalAnnouncementHost.PublishAsync(panitia, "F-3")).Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        using var client = host.Host.Anonymous();

        var html = await client.GetStringAsync($"/hasil/{p.Id}", Ct);
        var page = PublishedReaders.HtmlTable(html, "hasil");
        Assert.Equal(host.Fixture.People.Count(x => x.Formation == "F-1") + 1, page.Count);
        Assert.Equal(p.LedgerHead, PublishedReaders.ElementText(html, "ledger-head"));
        Assert.Contains("Bundel lokasi yang menjadi dasar peringkat ini", html, StringComparison.Ordinal);
        string[] sessions = [NationalFixture.SessionA, NationalFixture.SessionB];
        Assert.Equal(
            [["Lokasi", "Sesi", "SHA-256 bundel", "Kepala ledger", "Unduh"],
             .. sessions.Select(s => new[] { s == NationalFixture.SessionA ? "Lokasi A" : "Lokasi B", s, Sha(host.Bundles[s]), NationalAnnouncementHost.HeadOf(s), s + ".json" })],
            PublishedReaders.HtmlTable(html, "bundel"));
        Assert.Equal(SessionLedger.PublicationHead(sessions.Select(s => (s, NationalAnnouncementHost.HeadOf(s)))), p.LedgerHead);
        Assert.Contains($"href=\"/hasil/{p.Id}/nasional.json\"", html, StringComparison.Ordinal);

        Assert.Equal(page, ResultsFixture.ParseCsv(await client.GetByteArrayAsync($"/hasil/{p.Id}.csv", Ct)));
        Assert.Equal(page, PublishedReaders.Xlsx(await client.GetByteArrayAsync($"/hasil/{p.Id}.xlsx", Ct)));
        var (pdfRows, _) = PublishedReaders.PdfTable(PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{p.Id}.pdf", Ct), out _, out _), page[0]);
        Assert.Equal(page.Skip(1).ToList(), pdfRows);
        var ranked = page.Skip(1).First(r => r[0] == "1");
        var certificate = await client.GetAsync($"/hasil/{p.Id}/sertifikat/{ranked[1]}.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
        var texts = PublishedReaders.PdfLines(await certificate.Content.ReadAsByteArrayAsync(Ct), out _, out _).Select(l => l.Text).ToList();
        Assert.Contains("SERTIFIKAT NILAI", texts);
        Assert.Contains($"Total {ranked[7]}", texts);
        Assert.Contains($"Kepala ledger: {p.LedgerHead}", texts);

        // each named bundle: the exact bytes intake stored, under the name the ledger gives it
        foreach (var s in sessions)
        {
            var download = await client.GetAsync($"/hasil/{p.Id}/bundel/{s}.json", Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(s + ".json", download.Content.Headers.ContentDisposition!.FileName);
            Assert.Equal(host.Bundles[s], await download.Content.ReadAsByteArrayAsync(Ct));
        }
        // F-3 rests on S-B only: S-A is stored, but not that announcement's to give
        var notNamed = await client.GetAsync($"/hasil/{f3.Id}/bundel/{NationalFixture.SessionA}.json", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notNamed.StatusCode);
        Assert.Contains($"Sesi {NationalFixture.SessionA} tidak termasuk bundel lokasi yang menjadi dasar pengumuman", WebUtility.HtmlDecode(await notNamed.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/hasil/{f3.Id}/bundel/{NationalFixture.SessionB}.json", Ct)).StatusCode);

        // the national file restricted to F-1: the committee's records for F-1 and its bundles, nothing else
        var file = (await client.GetFromJsonAsync<NationalPublicationFile>($"/hasil/{p.Id}/nasional.json", Json, Ct))!;
        var whole = (await panitia.GetFromJsonAsync<NationalPublicationFile>("/api/national/publication", Json, Ct))!;
        Assert.Equal(NationalPublicationFile.FormatName, file.Format);
        Assert.Equal(["F-1"], file.Formations.Select(x => x.Code));
        Assert.Equal(whole.Bundles, file.Bundles);
        var mine = whole.Formations.Single(x => x.Code == "F-1");
        Assert.Equal(JsonSerializer.Serialize(mine, Json), JsonSerializer.Serialize(file.Formations[0], Json));
        Assert.Equal((whole.Selection.RunId, whole.Selection.RankedAt), (file.Selection.RunId, file.Selection.RankedAt));
        Assert.Equal(["skd-2024"], file.Selection.ThresholdSets);
        Assert.Equal(host.Fixture.People.Count(x => x.Formation == "F-1"), file.Selection.Candidates);
        Assert.Equal(1, file.Selection.Flagged);
        var f3File = (await client.GetFromJsonAsync<NationalPublicationFile>($"/hasil/{f3.Id}/nasional.json", Json, Ct))!;
        Assert.Equal([NationalFixture.SessionB], f3File.Bundles.Select(b => b.Session));

        // listed with the other publications, and nothing of the kind for a venue's formation table
        var list = await client.GetStringAsync("/api/public/results", Ct);
        Assert.Contains("\"kind\":\"nasional\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/hasil/{p.Id + 100}/nasional.json", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_formation_filled_by_optimalisasi_rests_on_the_bundles_its_placed_rows_come_from_and_names_their_formation()
    {
        await using var host = await NationalAnnouncementHost.StartAsync();
        await using (var db = host.Fixture.Database.Open())
        {
            db.Formations.Add(new Formation { Code = "F-KOSONG", Agency = "Instansi Uji", Position = "Analis Kebijakan", Location = "Kota Palu", Quota = 1, Education = "S-1 Ilmu Administrasi" });
            await db.SaveChangesAsync(Ct);
        }
        using var panitia = await host.PanitiaAsync();
        await NationalAnnouncementHost.RunAsync(panitia);
        var placed = await panitia.PostAsJsonAsync("/api/national/formations/F-KOSONG/optimalisasi", new { rule = "optimalisasi-2024" }, Json, Ct);
        Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync(Ct));
        await NationalAnnouncementHost.CloseAsync(panitia, "F-KOSONG");
        await NationalAnnouncementHost.RunAsync(panitia);

        var response = await NationalAnnouncementHost.PublishAsync(panitia, "F-KOSONG");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = (await response.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        var view = (await host.Host.Services.GetRequiredService<Publisher>().GetAsync(p.Id, Ct))!;
        Assert.Equal(3, view.Table.Rows.Count);
        Assert.All(view.Table.Rows, r => Assert.Matches(@"^Lanjut SKB \(optimalisasi, pelamar formasi F-[12]\)$", r.Cells[9]));
        Assert.All(view.Table.Rows, r => Assert.Equal(("", "Memenuhi"), (r.Cells[0], r.Cells[8])));
        // no candidate of F-KOSONG sat anywhere: the bundles are those of the placed rows' sessions
        await using var check = host.Host.Db();
        var run = await check.NationalRankingRuns.MaxAsync(r => r.Id, Ct);
        var filled = await check.Formations.SingleAsync(f => f.Code == "F-KOSONG", Ct);
        var sessionIds = await check.NationalRankingRows.Where(r => r.RunId == run && r.FormationId == filled.Id).Select(r => r.SessionId).Distinct().ToListAsync(Ct);
        var sessionsOfPlaced = await check.ExamSessions.Where(s => sessionIds.Contains(s.Id)).Select(s => s.Code).ToListAsync(Ct);
        Assert.NotEmpty(sessionsOfPlaced);
        Assert.Equal(sessionsOfPlaced.Order(StringComparer.Ordinal), view.Table.National!.Bundles.Select(b => b.Session));
        Assert.Equal(SessionLedger.PublicationHead(sessionsOfPlaced.Order(StringComparer.Ordinal).Select(s => (s, NationalAnnouncementHost.HeadOf(s)))), p.LedgerHead);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
