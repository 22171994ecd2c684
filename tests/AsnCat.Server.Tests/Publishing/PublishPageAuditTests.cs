using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Results;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// The console's publication page (/konsol/publikasi) on the real <see cref="Publisher"/> over the
/// publishing fixture's ended sessions: a publication made there is audited with the committee
/// member and the address their browser's circuit was opened from.
/// </summary>
public sealed class PublishPageAuditTests : BunitContext, IAsyncLifetime
{
    private const string Address = "198.51.100.23";

    private PublishingFixture _fixture = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        _fixture = await PublishingFixture.StartAsync();
        Services.AddSingleton(_fixture.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>());
        Services.AddSingleton(_fixture.Publisher);
        Services.AddSingleton(_fixture.Services.GetRequiredService<PublicationDrafts>());
        Services.AddSingleton(new CircuitAddress(Address));
        AddAuthorization().SetAuthorized("panitia-publikasi").SetRoles("panitia");
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task A_publication_from_the_console_is_audited_with_the_committee_member_and_their_browser_address()
    {
        var page = Render<PublishPage>();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#sesi tbody tr"), tr => tr.QuerySelector("td")?.TextContent == ResultsFixture.SessionOne));

        page.FindAll("#sesi tbody tr").Single(tr => tr.QuerySelector("td")?.TextContent == ResultsFixture.SessionOne)
            .QuerySelectorAll("button").Single(b => b.TextContent == "Publikasikan").Click();
        page.WaitForElements(".reason-panel button").Single(b => b.TextContent == "Ya, publikasikan").Click();
        page.WaitForAssertion(() => Assert.Contains("terbit sebagai versi 1", page.Find("p.notice").TextContent, StringComparison.Ordinal));

        await using var db = _fixture.Db();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == Publisher.AuditAction, Ct);
        Assert.Equal(("panitia-publikasi", Address, $"{PublicationKinds.Session}/{ResultsFixture.SessionOne}"), (entry.Actor, entry.Address, entry.Subject));
    }
}
