using System.Net;
using System.Net.Http.Json;
using AsnCat.Server.Audit;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Audit;

/// <summary>The chain routes of the audit API on the real server (its policies, antiforgery and jobs).</summary>
public sealed class AuditChainApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_committee_reads_the_chain_and_an_admin_verifies_it_with_an_antiforgery_token()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        var panitia = await host.LoggedInAsync(await host.CreateUserAsync("panitia1", StaffRoles.Panitia));
        var admin = await host.LoggedInAsync(await host.CreateUserAsync("admin1", StaffRoles.Admin));

        var before = await panitia.GetFromJsonAsync<AuditChainStatus>("/api/audit/chain", Ct);
        Assert.True(before!.UnsealedCount >= 2);   // the two logins at least
        await ActivatorUtilities.CreateInstance<AuditSealJob>(host.Services).RunAsync();
        var after = await panitia.GetFromJsonAsync<AuditChainStatus>("/api/audit/chain", Ct);
        Assert.Equal((0L, before.SealedCount + before.UnsealedCount), (after!.UnsealedCount, after.SealedCount));
        Assert.Matches("^[0-9a-f]{64}$", after.Head);

        Assert.Equal(HttpStatusCode.Forbidden, (await panitia.PostAsync("/api/audit/chain/verify", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/audit/chain/verify", null, Ct)).StatusCode);
        var token = await InProcessHost.FormTokenAsync(admin, StaffPaths.Home);
        var verified = await admin.PostAsync("/api/audit/chain/verify", new FormUrlEncodedContent([token]), Ct);

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var result = await verified.Content.ReadFromJsonAsync<AuditChainVerification>(Ct);
        Assert.Equal((true, after.SealedCount, after.Head), (result!.Ok, result.Entries, result.Head));
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>().CreateDbContextAsync(Ct);
        Assert.Equal("admin1", (await db.AuditEntries.SingleAsync(e => e.Action == "audit.integrity_checked", Ct)).Actor);
    }
}
