using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using AsnCat.Contracts.Live;
using AsnCat.Server.Api;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using AsnCat.Server.Publishing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// SIGKILL of node A in the middle of a publication and of an import, through nginx: what A was
/// writing is whole or absent, the clients reconnect through the proxy to B and go on, and the
/// request sent again (now answered by B) is applied once.
/// </summary>
[Collection(nameof(CentreNodes))]
public sealed class NodeCrashTests(Centre centre)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_node_A_during_a_publication_leaves_it_whole_or_absent_and_the_retried_request_on_B_is_applied_once()
    {
        await centre.BothUpAsync();
        var notices = Channel.CreateUnbounded<PublicationNotice>();
        await using var watcher = await centre.WatcherAsync("n1", n => notices.Writer.TryWrite(n));
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reconnected += _ =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };
        var (staff, cookies) = await centre.StaffAsync("n1");
        using var _ = staff;
        var request = new PublishRequest(PublicationKinds.Session, Centre.SessionCode(1));   // the large session

        var pending = staff.PostAsJsonAsync("/api/publications", request, CentreTests.Json, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(120), Ct);   // the request is on A, building the table
        centre.A.KillHard();
        HttpStatusCode? firstAnswer = null;
        try
        {
            firstAnswer = (await pending).StatusCode;   // 201 when A committed and answered before it died; else 502
        }
        catch (HttpRequestException)
        {
            // the connection went with the node
        }
        var (afterCrash, auditsAfterCrash) = await PublicationsAsync(request.Subject);
        Assert.InRange(afterCrash.Count, 0, 1);
        Assert.Equal(afterCrash.Count, auditsAfterCrash);   // the audit entry commits with the publication or not at all
        Assert.All(afterCrash, p => Assert.Equal(p.RowsSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.RowsJson)))));

        var retry = await staff.PostAsJsonAsync("/api/publications", request, CentreTests.Json, Ct);

        Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry answered {retry.StatusCode}: {await retry.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("n2", centre.Route(cookies));   // B answered, on the same sign-in
        var result = (await retry.Content.ReadFromJsonAsync<PublishedResult>(CentreTests.Json, Ct))!;
        Assert.Equal(afterCrash.Count == 1, result.AlreadyPublished);
        var (published, audits) = await PublicationsAsync(request.Subject);
        Assert.Equal((1, 1), (published.Count, audits));
        Assert.Equal((published[0].Id, 1), (result.Id, result.Version));
        TestContext.Current.TestOutputHelper?.WriteLine($"publication: A's answer {firstAnswer?.ToString() ?? "none (connection cut)"}, stored before the crash: {afterCrash.Count}, retry on B: {(int)retry.StatusCode}");

        // the watcher that was on A reconnects through the proxy to B and hears the next publication
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(HubConnectionState.Connected, watcher.State);
        var next = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, Centre.SessionCode(3)), CentreTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var heard = await NextNoticeAsync(notices, Centre.SessionCode(3));
        Assert.Equal(1, heard.Version);
    }

    [Fact]
    public async Task Killing_node_A_during_an_import_leaves_it_whole_or_absent_and_the_retried_upload_on_B_is_applied_once()
    {
        await centre.BothUpAsync();
        var (staff, cookies) = await centre.StaffAsync("n1");
        using var _ = staff;
        var token = (await staff.GetFromJsonAsync<AntiforgeryToken>("/api/antiforgery", CentreTests.Json, Ct))!;
        staff.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        const int Rows = 3000;
        var csv = new StringBuilder(string.Join(',', ImportTemplates.Header(ImportKind.Peserta))).Append('\n');
        for (var i = 1; i <= Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"IMP-{i:D5},Peserta Impor {i},{7372000000000000L + i},1999-01-01,{Centre.Formation},umum,0,tidak,tidak\n");
        }
        var file = Encoding.UTF8.GetBytes(csv.ToString());

        var pending = UploadAsync(staff, file);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);   // uploaded; A is checking the rows or saving them
        centre.A.KillHard();
        HttpStatusCode? firstAnswer = null;
        try
        {
            firstAnswer = (await pending).StatusCode;
        }
        catch (HttpRequestException)
        {
            // the connection went with the node
        }
        var afterCrash = await ImportedAsync();
        Assert.True(afterCrash is 0 or Rows, $"{afterCrash} of {Rows} rows stored after the crash: the import was half-written");

        // the same file again, now answered by B (the antiforgery token and the sign-in are valid there too)
        var retry = await UploadAsync(staff, file);

        Assert.True(retry.StatusCode == HttpStatusCode.OK, $"retry answered {retry.StatusCode}: {await retry.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("n2", centre.Route(cookies));
        var summary = (await retry.Content.ReadFromJsonAsync<ImportSummary>(CentreTests.Json, Ct))!;
        Assert.Equal((Rows, afterCrash == Rows), (summary.Imported, summary.AlreadyImported));
        Assert.Equal(Rows, await ImportedAsync());
        await using var db = centre.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Import.Candidates && e.Details!.Contains("\"result\":\"stored\""), Ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"import: A's answer {firstAnswer?.ToString() ?? "none (connection cut)"}, rows stored before the crash: {afterCrash}, retry on B: {(int)retry.StatusCode} alreadyImported={summary.AlreadyImported}");
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient staff, byte[] file)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "peserta-pusat.csv" } };
        return staff.PostAsync("/api/imports/peserta", form, Ct);
    }

    private async Task<int> ImportedAsync()
    {
        await using var db = centre.Db();
        return await db.Candidates.CountAsync(c => c.ParticipantNumber.StartsWith("IMP-"), Ct);
    }

    private async Task<(List<Publication> Publications, int Audits)> PublicationsAsync(string subject)
    {
        await using var db = centre.Db();
        var publications = await db.Publications.AsNoTracking().Where(p => p.Kind == PublicationKinds.Session && p.Subject == subject).ToListAsync(Ct);
        var audits = await db.AuditEntries.CountAsync(e => e.Action == Publisher.AuditAction && e.Subject == PublicationKinds.Session + "/" + subject, Ct);
        return (publications, audits);
    }

    internal static async Task<PublicationNotice> NextNoticeAsync(Channel<PublicationNotice> notices, string subject)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var notice = await notices.Reader.ReadAsync(timeout.Token);
            if (notice.Subject == subject)
            {
                return notice;
            }
        }
    }
}
