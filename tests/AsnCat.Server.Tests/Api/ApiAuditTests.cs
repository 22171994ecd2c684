using System.Net.Http.Json;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Api;

/// <summary>Every session and seat action the API offers is audited as the console's: the action, the signed-in actor, the caller's address.</summary>
public sealed class ApiAuditTests() : KestrelHostTest(recordHubFrames: false)
{
    [Fact]
    public async Task Every_session_and_seat_action_through_the_api_writes_its_audit_entry_with_actor_and_address()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(3);
        var ketua = await Host.StaffAsync("ketua-audit", StaffRoles.Panitia);
        var reason = new SeatActionRequest("alasan yang dicatat", 5);
        (string Url, string Action)[] calls =
        [
            ($"/api/attempts/{people[0].AttemptId}/pin", AuditActions.Pin.Issued),
            ($"/api/attempts/{people[1].AttemptId}/pause", AuditActions.Attempt.Paused),
            ($"/api/attempts/{people[1].AttemptId}/resume", AuditActions.Attempt.Resumed),
            ($"/api/attempts/{people[1].AttemptId}/grant", AuditActions.Attempt.TimeGranted),
            ($"/api/attempts/{people[1].AttemptId}/release", AuditActions.Attempt.TerminalReleased),
            ($"/api/attempts/{people[0].AttemptId}/finish", AuditActions.Attempt.ForceFinished),
            ($"/api/attempts/{people[2].AttemptId}/disqualify", AuditActions.Attempt.Disqualified),
            ($"/api/sessions/{sessionId}/pause", AuditActions.Session.Paused),
            ($"/api/sessions/{sessionId}/resume", AuditActions.Session.Resumed),
            ($"/api/sessions/{sessionId}/end", AuditActions.Session.Ended),
        ];

        foreach (var (url, _) in calls)
        {
            var response = await ketua.PostAsJsonAsync(url, reason, Ct);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        await using var db = Host.Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == "ketua-audit" && e.Action != AuditActions.Staff.Login).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(calls.Select(c => c.Action), entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.Address));
    }
}
