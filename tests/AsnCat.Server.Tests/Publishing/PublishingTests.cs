using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Results;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// Publishing on the real server: the page, CSV, XLSX, PDF and certificate each carry exactly
/// the published cells; hashes and versions; no NIK or birth date; who may publish.
/// </summary>
public sealed class PublishingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_published_formation_reads_the_same_cell_by_cell_on_the_page_csv_xlsx_and_pdf_with_its_hashes()
    {
        await using var host = await PublishingFixture.StartAsync();
        var table = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!;
        var p = await host.Publisher.PublishAsync(table, "ketua", Ct);
        var client = host.Anonymous();

        var html = await client.GetStringAsync($"/hasil/{p.Id}", Ct);
        var page = PublishedReaders.HtmlTable(html, "hasil");
        // the page against the scoring rules worked out independently in the fixture
        var expected = host.Fixture.ExpectedStandings(ResultsFixture.FormationA);
        Assert.Equal(["Peringkat", "Nomor peserta", "Nama", "Kategori", "TWK", "TIU", "TKP", "Total", "Ambang batas", "Keterangan"], page[0]);
        Assert.Equal(expected.Select(e => e.Person.Number), page.Skip(1).Select(r => r[1]));
        Assert.Equal(expected.Select(e => e.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""), page.Skip(1).Select(r => r[0]));
        Assert.Equal(expected.Select(e => e.Passed ? "Memenuhi" : e.Outcome == "tidak_lulus" ? "Tidak memenuhi" : ""), page.Skip(1).Select(r => r[8]));
        Assert.Equal(expected.Select(e => e.Advances ? "Lanjut SKB" : e.Outcome switch
        {
            "diskualifikasi" => "Diskualifikasi",
            "tidak_hadir" => "Tidak hadir",
            _ => "Tidak lanjut SKB",
        }), page.Skip(1).Select(r => r[9]));
        Assert.Equal(expected.Select(e => e.Person.Scores is { } s && e.Outcome is "lulus" or "tidak_lulus" ? s.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            page.Skip(1).Select(r => r[7]));

        // the head: SHA-256 over "<code> <head>\n" of the formation's sessions in code order
        var head = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"S-1 {PublishingFixture.HeadOf("S-1")}\nS-2 {PublishingFixture.HeadOf("S-2")}\n")));
        Assert.Equal(head, p.LedgerHead);
        Assert.Equal(head, PublishedReaders.ElementText(html, "ledger-head"));
        Assert.Equal(p.RowsSha256, PublishedReaders.ElementText(html, "rows-sha256"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.RowsJson))), p.RowsSha256);
        foreach (var link in new[] { ".csv", ".xlsx", ".pdf" })
        {
            Assert.Contains($"href=\"/hasil/{p.Id}{link}\"", html, StringComparison.Ordinal);
        }

        var csv = await client.GetAsync($"/hasil/{p.Id}.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(page, ResultsFixture.ParseCsv(await csv.Content.ReadAsByteArrayAsync(Ct)));

        var xlsx = await client.GetAsync($"/hasil/{p.Id}.xlsx", Ct);
        Assert.Equal(PublicationFiles.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(page, PublishedReaders.Xlsx(await xlsx.Content.ReadAsByteArrayAsync(Ct)));

        var pdf = await client.GetAsync($"/hasil/{p.Id}.pdf", Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var lines = PublishedReaders.PdfLines(await pdf.Content.ReadAsByteArrayAsync(Ct), out _, out _);
        var (rows, _) = PublishedReaders.PdfTable(lines, page[0]);
        Assert.Equal(page.Skip(1).ToList(), rows);
        var texts = lines.Select(l => l.Text).ToList();
        // the letterhead from the settings (appsettings.json), the place, date and signature block
        Assert.Contains("PANITIA SELEKSI CALON APARATUR SIPIL NEGARA TAHUN 2026", texts);
        Assert.Contains("BADAN KEPEGAWAIAN NEGARA", texts);
        Assert.DoesNotContain(texts, t => t.Contains("CONTOH", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Jakarta, ", StringComparison.Ordinal) && t.EndsWith(p.PublishedAt.ToOffset(TimeSpan.FromHours(7)).Year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains("Ketua Panitia Seleksi,", texts);
        Assert.Contains("Dra. Siti Rahmawati, M.Si.", texts);
        Assert.Contains("NIP 197203151998032001", texts);
        // the fixture's sessions ran in WITA: the announcement's time is WITA's, named, never UTC
        var wita = p.PublishedAt.ToOffset(TimeSpan.FromHours(8)).ToString("HH.mm", System.Globalization.CultureInfo.InvariantCulture) + " WITA";
        Assert.Contains(texts, t => t.StartsWith("Nomor: ", StringComparison.Ordinal) && t.EndsWith(wita, StringComparison.Ordinal));
        Assert.Contains(wita, html, StringComparison.Ordinal);
        Assert.DoesNotContain(" UTC", html, StringComparison.Ordinal);
        Assert.DoesNotContain(texts, t => t.Contains(" UTC", StringComparison.Ordinal));
        // no internal names on the public page
        Assert.DoesNotContain("rowsJson", html, StringComparison.Ordinal);
        Assert.DoesNotContain("result-bundle.md", html, StringComparison.Ordinal);
        Assert.Contains($"Kepala ledger: {head}", texts);
        Assert.Contains($"SHA-256 baris: {p.RowsSha256}", texts);
        Assert.Contains($"Verifikasi: {host.Url}/hasil/{p.Id}", texts);

        // the JSON carries the same table and the exact text that was hashed
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/public/results/{p.Id}", Ct));
        var root = json.RootElement;
        // machine time: ISO 8601 with the zone's offset
        var publishedAt = root.GetProperty("publishedAt").GetString()!;
        Assert.EndsWith("+08:00", publishedAt, StringComparison.Ordinal);
        Assert.Equal(p.PublishedAt, DateTimeOffset.Parse(publishedAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("WITA", root.GetProperty("timeZone").GetString());
        Assert.Equal(p.RowsSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root.GetProperty("rowsJson").GetString()!))));
        Assert.Equal(head, root.GetProperty("ledgerHead").GetString());
        Assert.Equal(page.Skip(1).ToList(), root.GetProperty("table").GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("cells").EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList());
    }

    [Fact]
    public async Task A_long_session_table_repeats_its_header_on_every_pdf_page_and_keeps_every_row()
    {
        await using var host = await PublishingFixture.StartAsync();
        var table = (await host.Publisher.SessionTableAsync(host.Fixture.SessionIds[ResultsFixture.SessionOne], Ct))!;
        var formation = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationB, Ct))!;
        var session = await host.Publisher.PublishAsync(table, "ketua", Ct);
        var big = await host.Publisher.PublishAsync(formation, "ketua", Ct);
        var client = host.Anonymous();

        Assert.Equal(PublishingFixture.HeadOf("S-1"), session.LedgerHead);
        var sessionPage = PublishedReaders.HtmlTable(await client.GetStringAsync($"/hasil/{session.Id}", Ct), "hasil");
        // every candidate of the session, the running one listed as not finished
        Assert.Equal(host.Fixture.People.Where(x => x.Session == "S-1").Select(x => x.Number).Order(StringComparer.Ordinal),
            sessionPage.Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Equal("Belum selesai", sessionPage.Single(r => r[0] == "B04")[10]);
        var sessionLines = PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{session.Id}.pdf", Ct), out _, out _);
        Assert.Equal(sessionPage.Skip(1).ToList(), PublishedReaders.PdfTable(sessionLines, sessionPage[0]).Rows);

        var bigPage = PublishedReaders.HtmlTable(await client.GetStringAsync($"/hasil/{big.Id}", Ct), "hasil");
        // every finished candidate of F-B (B04 is still running, so not in the formation's standings)
        Assert.Equal(host.Fixture.People.Count(x => x.Formation == "F-B" && x.EndedBy is not null), bigPage.Count - 1);
        var lines = PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{big.Id}.pdf", Ct), out var pages, out _);
        var (rows, headerPages) = PublishedReaders.PdfTable(lines, bigPage[0]);
        // the table runs over at least two pages, each opening with the header row (the hashes may take a page of their own)
        Assert.True(headerPages >= 2, $"{bigPage.Count - 1} rows, header row on {headerPages} of {pages} page(s)");
        Assert.Equal(bigPage.Skip(1).ToList(), rows);
        Assert.Contains($"Halaman {pages} dari {pages}", lines.Select(l => l.Text));
    }

    [Fact]
    public async Task A_certificate_prints_the_candidates_row_and_a_qr_code_with_the_verification_url_that_shows_the_same_row()
    {
        await using var host = await PublishingFixture.StartAsync();
        var p = await host.Publisher.PublishAsync((await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!, "ketua", Ct);
        var client = host.Anonymous();
        var page = PublishedReaders.HtmlTable(await client.GetStringAsync($"/hasil/{p.Id}", Ct), "hasil");
        var row = page.Single(r => r[1] == "A05");

        var response = await client.GetAsync($"/hasil/{p.Id}/sertifikat/A05.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = PublishedReaders.PdfLines(await response.Content.ReadAsByteArrayAsync(Ct), out _, out var images);
        var texts = lines.Select(l => l.Text).ToList();
        Assert.Equal(1, images);
        Assert.Contains("SERTIFIKAT NILAI", texts);
        for (var c = 0; c < page[0].Length; c++)
        {
            Assert.Contains(row[c].Length == 0 ? page[0][c] : $"{page[0][c]} {row[c]}", texts);
        }
        // the row is the candidate's own: the scores the fixture stored
        Assert.Equal(["A05", "Peserta A05", "cumlaude", "60", "85", "166", "311", "Memenuhi"], row[1..9]);
        var url = $"{host.Url}/hasil/verifikasi/{p.Id}/A05";
        Assert.Contains(url, texts);
        Assert.Contains($"Kepala ledger: {p.LedgerHead}", texts);
        Assert.Contains($"SHA-256 baris: {p.RowsSha256}", texts);

        var verify = await client.GetStringAsync(url, Ct);
        var shown = PublishedReaders.HtmlTable(verify, "peserta");
        Assert.Equal(page[0].Zip(row, (c, v) => new[] { c, v }).ToList(), shown);
        Assert.Equal(p.LedgerHead, PublishedReaders.ElementText(verify, "ledger-head"));
        Assert.Equal(p.RowsSha256, PublishedReaders.ElementText(verify, "rows-sha256"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/hasil/{p.Id}/sertifikat/B01.pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/hasil/{p.Id + 100}", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_absent_candidate_gets_no_certificate_and_an_unknown_participant_gets_an_indonesian_page()
    {
        await using var host = await PublishingFixture.StartAsync();
        var p = await host.Publisher.PublishAsync((await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!, "ketua", Ct);
        var client = host.Anonymous();

        // A14 was absent: listed, but no score, so no certificate and the page says why
        var absent = await client.GetAsync($"/hasil/{p.Id}/sertifikat/A14.pdf", Ct);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Contains("tidak ada sertifikat nilai", await absent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var verify = await client.GetStringAsync($"/hasil/verifikasi/{p.Id}/A14", Ct);
        Assert.Contains("tidak ada sertifikat nilai", PublishedReaders.ElementText(verify, "tanpa-sertifikat"), StringComparison.Ordinal);
        Assert.DoesNotContain("/sertifikat/A14.pdf", verify, StringComparison.Ordinal);
        Assert.Contains("/sertifikat/A05.pdf", await client.GetStringAsync($"/hasil/verifikasi/{p.Id}/A05", Ct), StringComparison.Ordinal);

        // an unknown participant: an HTML page in Indonesian with a heading and a way back, not a JSON string
        var unknown = await client.GetAsync($"/hasil/verifikasi/{p.Id}/TIDAK-ADA", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType!.MediaType);
        var html = await unknown.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Peserta tidak ditemukan</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Nomor peserta TIDAK-ADA tidak tercantum", PublishedReaders.ElementText(html, "pesan"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/hasil/{p.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains("<main>", html, StringComparison.Ordinal);
        var noPublication = await client.GetAsync($"/hasil/verifikasi/{p.Id + 100}/A05", Ct);
        Assert.Equal(HttpStatusCode.NotFound, noPublication.StatusCode);
        Assert.Contains("<h1>Pengumuman tidak ditemukan</h1>", await noPublication.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_xlsx_stores_scores_and_totals_as_numbers_and_participant_numbers_as_text()
    {
        await using var host = await PublishingFixture.StartAsync();
        var p = await host.Publisher.PublishAsync((await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!, "ketua", Ct);
        var bytes = await host.Anonymous().GetByteArrayAsync($"/hasil/{p.Id}.xlsx", Ct);

        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var a05 = sheet.RowsUsed().Single(r => r.Cell(header.IndexOf("Nomor peserta") + 1).GetString() == "A05");
        foreach (var column in new[] { "Peringkat", "TWK", "TIU", "TKP", "Total" })
        {
            Assert.Equal(ClosedXML.Excel.XLDataType.Number, a05.Cell(header.IndexOf(column) + 1).DataType);
        }
        Assert.Equal(311, a05.Cell(header.IndexOf("Total") + 1).GetDouble());
        Assert.Equal(ClosedXML.Excel.XLDataType.Text, a05.Cell(header.IndexOf("Nomor peserta") + 1).DataType);
        Assert.Equal(ClosedXML.Excel.XLDataType.Text, a05.Cell(header.IndexOf("Nama") + 1).DataType);
    }

    [Fact]
    public async Task Republishing_makes_version_2_the_page_shows_it_and_the_first_version_stays_as_it_was()
    {
        await using var host = await PublishingFixture.StartAsync();
        var table = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!;
        var first = await host.Publisher.PublishAsync(table, "ketua", Ct);
        // a correction: one name spelled differently
        var corrected = table with { Rows = [.. table.Rows.Select(r => r.ParticipantNumber == "A01" ? r with { Cells = [.. r.Cells.Select(c => c == "Peserta A01" ? "Peserta A01 (ralat)" : c)] } : r)] };
        var second = await host.Publisher.PublishAsync(corrected, "sekretaris", Ct);
        var client = host.Anonymous();

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.NotEqual(first.RowsSha256, second.RowsSha256);
        var secondHtml = await client.GetStringAsync($"/hasil/{second.Id}", Ct);
        Assert.Contains("Peserta A01 (ralat)", PublishedReaders.HtmlTable(secondHtml, "hasil").Select(r => r[2]));
        Assert.Contains("versi 2 (halaman ini)", secondHtml, StringComparison.Ordinal);
        Assert.Contains($"href=\"/hasil/{first.Id}\"", secondHtml, StringComparison.Ordinal);
        var firstHtml = await client.GetStringAsync($"/hasil/{first.Id}", Ct);
        Assert.Contains("Peserta A01", PublishedReaders.HtmlTable(firstHtml, "hasil").Select(r => r[2]));
        Assert.Contains("telah diralat", firstHtml, StringComparison.Ordinal);
        Assert.Equal(first.RowsSha256, PublishedReaders.ElementText(firstHtml, "rows-sha256"));
        var index = await client.GetStringAsync("/hasil", Ct);
        var listed = PublishedReaders.HtmlTable(index, "publikasi");
        Assert.Equal(2, listed.Count);   // header + one line per kind and subject
        Assert.Equal(("2", "versi 1"), (listed[1][2], listed[1][4]));
        Assert.Contains($"href=\"/hasil/{second.Id}\"", index, StringComparison.Ordinal);

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/public/results", Ct));
        Assert.Equal([(2, true), (1, false)], list.RootElement.EnumerateArray().Select(e => (e.GetProperty("version").GetInt32(), e.GetProperty("latest").GetBoolean())).ToList());

        await using var db = host.Db();
        var audit = await db.AuditEntries.Where(a => a.Action == Publisher.AuditAction).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(["ketua", "sekretaris"], audit.Select(a => a.Actor));
        Assert.All(audit, a => Assert.Equal("formasi/F-A", a.Subject));
        using var details = JsonDocument.Parse(audit[1].Details!);
        Assert.Equal(("formasi", "F-A", 2, second.RowsSha256), (details.RootElement.GetProperty("kind").GetString(), details.RootElement.GetProperty("subject").GetString(),
            details.RootElement.GetProperty("version").GetInt32(), details.RootElement.GetProperty("sha256").GetString()));
    }

    [Fact]
    public async Task Nothing_published_carries_a_nik_or_a_birth_date()
    {
        await using var host = await PublishingFixture.StartAsync();
        var a = await host.Publisher.PublishAsync((await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!, "ketua", Ct);
        var s = await host.Publisher.PublishAsync((await host.Publisher.SessionTableAsync(host.Fixture.SessionIds[ResultsFixture.SessionTwo], Ct))!, "ketua", Ct);
        var client = host.Anonymous();
        var texts = new List<string>();
        foreach (var id in new[] { a.Id, s.Id })
        {
            texts.Add(await client.GetStringAsync($"/hasil/{id}", Ct));
            texts.Add(Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/hasil/{id}.csv", Ct)));
            texts.Add(string.Join("\n", PublishedReaders.Xlsx(await client.GetByteArrayAsync($"/hasil/{id}.xlsx", Ct)).SelectMany(r => r)));
            texts.Add(string.Join("\n", PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{id}.pdf", Ct), out _, out _).Select(l => l.Text)));
            texts.Add(await client.GetStringAsync($"/api/public/results/{id}", Ct));
        }
        texts.Add(string.Join("\n", PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{a.Id}/sertifikat/A01.pdf", Ct), out _, out _).Select(l => l.Text)));
        texts.Add(await client.GetStringAsync($"/hasil/verifikasi/{a.Id}/A01", Ct));
        texts.Add(await client.GetStringAsync("/hasil", Ct));
        texts.Add(await client.GetStringAsync("/api/public/results", Ct));
        Assert.Contains(texts, t => t.Contains("Peserta A01", StringComparison.Ordinal));   // the readers did read names
        foreach (var text in texts)
        {
            Assert.All(host.Fixture.People, p => Assert.DoesNotContain(p.Nik, text, StringComparison.Ordinal));
            Assert.DoesNotContain("1998-07-15", text, StringComparison.Ordinal);
            Assert.DoesNotContain("15/07/1998", text, StringComparison.Ordinal);
            Assert.DoesNotContain("15-07-1998", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Any_table_such_as_a_final_ranking_with_its_own_columns_is_published_and_read_back_cell_by_cell()
    {
        await using var host = await PublishingFixture.StartAsync();
        // the shape another area builds for kind akhir: its own columns; awkward text on purpose
        PublishedTable table = new("akhir", ResultsFixture.FormationA, "Peringkat akhir formasi F-A (SKD 40% + SKB 60%)",
            ["Peringkat akhir", "Nomor peserta", "Nama", "SKD", "SKB", "Nilai akhir", "Keterangan"],
            [
                new("A09", ["1", "A09", "Siti \"Ani\" Rahmawati, S.E.", "360", "88.500", "82.371", "Lulus"]),
                new("A11", ["2", "A11", "Ñoman Wayan Érlangga", "360", "80.000", "77.271", ""]),
                new("A10", ["", "A10", "Yohana Wenda", "360", "", "", "Tidak hadir SKB"]),
            ]);
        var p = await host.Publisher.PublishAsync(table, "ketua", Ct);
        Assert.Equal(("akhir", 1), (p.Kind, p.Version));
        var client = host.Anonymous();

        var html = await client.GetStringAsync($"/hasil/{p.Id}", Ct);
        var page = PublishedReaders.HtmlTable(html, "hasil");
        List<string[]> expected = [[.. table.Columns], .. table.Rows.Select(r => r.Cells.ToArray())];
        Assert.Equal(expected, page);
        Assert.Equal(page, ResultsFixture.ParseCsv(await client.GetByteArrayAsync($"/hasil/{p.Id}.csv", Ct)));
        Assert.Equal(page, PublishedReaders.Xlsx(await client.GetByteArrayAsync($"/hasil/{p.Id}.xlsx", Ct)));
        var lines = PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{p.Id}.pdf", Ct), out _, out _);
        Assert.Equal(page.Skip(1).ToList(), PublishedReaders.PdfTable(lines, page[0]).Rows);
        Assert.Contains($"Kepala ledger: {p.LedgerHead}", lines.Select(l => l.Text));

        var cert = PublishedReaders.PdfLines(await client.GetByteArrayAsync($"/hasil/{p.Id}/sertifikat/A11.pdf", Ct), out _, out var images).Select(l => l.Text).ToList();
        Assert.Equal(1, images);
        Assert.Contains("Nama Ñoman Wayan Érlangga", cert);
        Assert.Contains("Nilai akhir 77.271", cert);

        // a row that does not line up with the columns is refused before anything is stored
        var bad = table with { Rows = [new PublishedRow("A09", ["1", "A09"])] };
        var refused = await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync(bad, "ketua", Ct));
        Assert.Contains("A09", refused.Message, StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Publications.CountAsync(Ct));
    }

    [Fact]
    public async Task Publishing_is_refused_while_a_session_behind_it_is_not_ended_or_has_no_ledger_head()
    {
        await using var host = await PublishingFixture.StartAsync(endSessions: [ResultsFixture.SessionOne, ResultsFixture.SessionTwo], withoutHead: [ResultsFixture.SessionTwo]);
        var formation = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!;
        var noHead = await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync(formation, "ketua", Ct));
        Assert.Contains("ledger sesi S-2 belum ditutup", noHead.Message, StringComparison.Ordinal);
        var session = (await host.Publisher.SessionTableAsync(host.Fixture.SessionIds[ResultsFixture.SessionTwo], Ct))!;
        await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync(session, "ketua", Ct));
        // S-1 has its head: its own results may go out
        var one = await host.Publisher.PublishAsync((await host.Publisher.SessionTableAsync(host.Fixture.SessionIds[ResultsFixture.SessionOne], Ct))!, "ketua", Ct);
        Assert.Equal(1, one.Version);

        await using (var db = host.Db())
        {
            var s2 = await db.ExamSessions.SingleAsync(s => s.Code == ResultsFixture.SessionTwo, Ct);
            s2.State = AsnCat.Server.Data.SessionState.Running;
            s2.LedgerHead = PublishingFixture.HeadOf(s2.Code);
            await db.SaveChangesAsync(Ct);
        }
        var running = await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync(formation, "ketua", Ct));
        Assert.Equal("Belum dapat dipublikasikan: sesi S-2 belum berakhir.", running.Message);
        await using (var db = host.Db())
        {
            Assert.Equal(1, await db.Publications.CountAsync(Ct));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == Publisher.AuditAction, Ct));
        }
    }

    [Fact]
    public async Task Anyone_reads_the_public_routes_and_only_the_committee_opens_the_publishing_console()
    {
        await using var host = await PublishingFixture.StartAsync();
        var p = await host.Publisher.PublishAsync((await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!, "ketua", Ct);
        var anonymous = host.Anonymous();
        foreach (var url in new[] { "/hasil", $"/hasil/{p.Id}", $"/hasil/{p.Id}.csv", $"/hasil/{p.Id}.xlsx", $"/hasil/{p.Id}.pdf",
            $"/hasil/{p.Id}/sertifikat/A01.pdf", $"/hasil/verifikasi/{p.Id}/A01", "/api/public/results", $"/api/public/results/{p.Id}" })
        {
            Assert.Equal((url, HttpStatusCode.OK), (url, (await anonymous.GetAsync(url, Ct)).StatusCode));
        }

        var console = await anonymous.GetAsync("/konsol/publikasi", Ct);
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Contains("/staf", console.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var pengawas = await host.StaffAsync("pengawas-1", "pengawas");
        Assert.Equal(HttpStatusCode.Forbidden, (await pengawas.GetAsync("/konsol/publikasi", Ct)).StatusCode);
        var panitia = await host.StaffAsync("panitia-1", "panitia");
        // the page itself renders in the circuit (no prerendering): PublishingBrowserTests clicks through it
        Assert.Equal(HttpStatusCode.OK, (await panitia.GetAsync("/konsol/publikasi", Ct)).StatusCode);
    }
}
