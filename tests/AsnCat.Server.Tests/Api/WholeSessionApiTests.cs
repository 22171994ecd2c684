using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Api;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Api;

/// <summary>
/// A registration system and a script run a whole session through the JSON API alone, on a real
/// Kestrel server: import formations and candidates, schedule, seat, issue PINs, open, start
/// (terminals answer through the hub), grant time, end, publish. The published rows equal what the
/// console shows, and every call that changed something is in the audit log with actor and address.
/// </summary>
public sealed class WholeSessionApiTests() : KestrelHostTest(recordHubFrames: false)
{
    private const string Formation = "API-PK-001";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_session_runs_from_import_to_publication_through_the_api_and_the_published_rows_equal_the_console()
    {
        var ketua = await Host.StaffAsync("ketua-api", StaffRoles.Panitia);
        var pengawas = await Host.StaffAsync("pengawas-api", StaffRoles.Pengawas, "Gedung API Makassar");
        var since = await LastAuditIdAsync();

        // imports: multipart with the antiforgery token the API hands out
        var token = await ketua.GetFromJsonAsync<AntiforgeryToken>("/api/antiforgery", Json, Ct);
        Assert.NotNull(token);
        ketua.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        await ImportAsync(ketua, "formasi", $"{string.Join(',', ImportTemplates.Header(ImportKind.Formasi))}\n{Formation},Badan Uji,Analis Ahli Pertama,Kota Makassar,1,S-1 Apa Saja\n");
        var candidates = new StringBuilder(string.Join(',', ImportTemplates.Header(ImportKind.Peserta))).Append('\n');
        for (var i = 1; i <= 4; i++)
        {
            candidates.Append(CultureInfo.InvariantCulture, $"API-000{i},Peserta Uji {i},737101410199000{i},1999-01-0{i},{Formation},umum,0,tidak,tidak\n");
        }
        await ImportAsync(ketua, "peserta", candidates.ToString());
        Assert.Equal(4, (await ketua.GetFromJsonAsync<List<FormationRow>>("/api/formations", Json, Ct))!.Single(f => f.Code == Formation).Candidates);
        var listed = (await ketua.GetFromJsonAsync<CandidateRows>("/api/candidates?q=API-000", Json, Ct))!;
        Assert.Equal((4, "7371••••••••••01"), (listed.Total, listed.Rows[0].Nik));   // as the console shows it, never whole

        // schedule at 08:00 WITA tomorrow (a start already past is refused), written with its offset
        var wita = TimeSpan.FromHours(8);
        var bank = (await ketua.GetFromJsonAsync<List<BankVersionView>>("/api/banks", Json, Ct))!.First();
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(wita).Date.AddDays(1).AddHours(8), wita);
        var created = await ketua.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("API-MKS-001", "Gedung API Makassar", startsAt, 10, bank.Id, "skd-2024", "Ruang 1"), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = (await created.Content.ReadFromJsonAsync<SessionDetail>(Json, Ct))!;
        Assert.Equal(("WITA", startsAt), (session.Row.TimeZone, session.Row.StartsAt));
        var id = session.Row.Id;

        var seated = await ketua.PostAsJsonAsync($"/api/sessions/{id}/seats", new AssignRequest([Formation]), Json, Ct);
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.Equal([1, 2, 3, 4], (await seated.Content.ReadFromJsonAsync<AssignedSeats>(Json, Ct))!.Session.Seats.Select(s => s.Seat ?? 0));

        // the proctor at that venue: PINs at check-in, open, start
        var pins = (await (await pengawas.PostAsync($"/api/sessions/{id}/pins", null, Ct)).Content.ReadFromJsonAsync<IssuedPins>(Json, Ct))!.Pins;
        Assert.Equal(4, pins.Count);
        Assert.Equal(HttpStatusCode.OK, (await pengawas.PostAsync($"/api/sessions/{id}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pengawas.PostAsync($"/api/sessions/{id}/start", null, Ct)).StatusCode);
        var seats = (await pengawas.GetFromJsonAsync<SessionDetail>($"/api/sessions/{id}", Json, Ct))!.Seats;
        Assert.All(seats, s => Assert.True(s.HasPin));

        // three terminals answer through the hub; the fourth candidate never comes
        var shown = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            var seat = seats.Single(s => s.ParticipantNumber == pins[i].ParticipantNumber);
            await using var terminal = await Host.LoginAsync((pins[i].ParticipantNumber, pins[i].Pin, seat.AttemptId));
            for (var p = 0; p < 30; p++)
            {
                Assert.True((await KestrelHost.SaveAsync(terminal, p * 3 % 110, (p + i) % 5, p + 1)).Ok);
            }
            if (i == 0)
            {
                var finish = await terminal.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
                Assert.True(finish.Ok, finish.Message);
                shown[pins[i].ParticipantNumber] = finish.Result!.Total;   // what the candidate saw at the end
            }
            else if (i == 1)
            {
                var grant = await pengawas.PostAsJsonAsync($"/api/attempts/{seat.AttemptId}/grant", new SeatActionRequest("listrik padam di meja 2", 5), Json, Ct);
                Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
            }
        }

        // only the committee ends; then the bundle and ledger are written in the background
        Assert.Equal(HttpStatusCode.Forbidden, (await pengawas.PostAsJsonAsync($"/api/sessions/{id}/end", new ReasonRequest("sesi selesai"), Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ketua.PostAsJsonAsync($"/api/sessions/{id}/end", new ReasonRequest("sesi selesai sesuai jadwal"), Json, Ct)).StatusCode);
        await LedgerHeadAsync(id);

        var published = await ketua.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, "API-MKS-001"), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var result = (await published.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;

        // the public JSON, row by row, against what the console shows
        var detail = (await Host.Anonymous().GetFromJsonAsync<PublicResultsApi.PublicationDetail>(result.Json, Json, Ct))!;
        Assert.Equal(result.RowsSha256, detail.RowsSha256);
        var consoleTable = (await Host.Services.GetRequiredService<Publisher>().SessionTableAsync(id, Ct))!;   // the console's publication page
        Assert.Equal(consoleTable.Columns, detail.Table.Columns);
        Assert.Equal(consoleTable.Rows.Select(r => (r.ParticipantNumber, string.Join('|', r.Cells))), detail.Table.Rows.Select(r => (r.ParticipantNumber, string.Join('|', r.Cells))));
        var board = await ProctorBoardAsync(id);   // the proctor monitor's seats
        var total = detail.Table.Columns.ToList().IndexOf("Total");
        Assert.Equal(4, detail.Table.Rows.Count);
        foreach (var row in detail.Table.Rows)
        {
            var seat = board.Seats.Single(s => s.ParticipantNumber == row.ParticipantNumber);
            Assert.Equal(seat.Total?.ToString(CultureInfo.InvariantCulture) ?? "", row.Cells[total]);
            Assert.Equal(seat.Name, row.Cells[1]);
        }
        Assert.Equal(SeatState.Absent, board.Seats.Single(s => s.ParticipantNumber == pins[3].ParticipantNumber).State);
        Assert.Equal(shown[pins[0].ParticipantNumber].ToString(CultureInfo.InvariantCulture), detail.Table.Rows.Single(r => r.ParticipantNumber == pins[0].ParticipantNumber).Cells[total]);

        // every change made through the API is audited with its actor and the caller's address
        await using var db = Host.Db();
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Id > since && (e.Actor == "ketua-api" || e.Actor == "pengawas-api")).ToListAsync(Ct);
        Assert.All(audited, e => Assert.True(e.Address == "127.0.0.1", $"{e.Action} by {e.Actor}: address '{e.Address}', not the caller's 127.0.0.1"));
        string[] changes =
        [
            AuditActions.Import.Formations, AuditActions.Import.Candidates, AuditActions.Session.Created, AuditActions.Session.CandidatesAssigned,
            AuditActions.Pin.Issued, AuditActions.Session.Opened, AuditActions.Session.Started, AuditActions.Attempt.TimeGranted,
            AuditActions.Session.Ended, AuditActions.Results.Published,
        ];
        Assert.Equal(changes.Order(StringComparer.Ordinal), audited.Select(e => e.Action).Where(a => a != AuditActions.Staff.Login).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(4, audited.Count(e => e.Action == AuditActions.Pin.Issued && e.Actor == "pengawas-api"));
    }

    private static async Task ImportAsync(HttpClient client, string kind, string csv)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", kind + ".csv" } };
        var response = await client.PostAsync($"/api/imports/{kind}", form, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<long> LastAuditIdAsync()
    {
        await using var db = Host.Db();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id, Ct) ?? 0;
    }

    /// <summary>The session's ledger head, written by the background job the end enqueued.</summary>
    private async Task LedgerHeadAsync(int sessionId)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = Host.Db();
            if (await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.LedgerHead).SingleAsync(Ct) is not null)
            {
                return;
            }
            await Task.Delay(100, Ct);
        }
        Assert.Fail("the ledger head was not written within 60 s of the session's end");
    }

    private async Task<SessionBoard> ProctorBoardAsync(int sessionId)
    {
        var got = new TaskCompletionSource<SessionBoard>();
        using var watch = await Host.Services.GetRequiredService<SeatMonitor>().WatchAsync(sessionId, b =>
        {
            got.TrySetResult(b);
            return Task.CompletedTask;
        }, Ct);
        return await got.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }
}
