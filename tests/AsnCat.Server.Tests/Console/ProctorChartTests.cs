using AsnCat.Server.Console;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Bunit;
namespace AsnCat.Server.Tests.Console;

/// <summary>The proctor monitor's chart of questions answered per seat follows the candidates' answers (issue #16).</summary>
public sealed class ProctorChartTests : ConsoleTestContext
{
    [Fact]
    public async Task The_chart_counts_each_seat_in_the_bin_of_its_answered_questions()
    {
        var (id, people) = await Host.SeedSessionAsync(3);
        SignIn("panitia1", StaffRoles.Panitia);
        var page = Render<ProctorMonitor>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("article.seat").Count));

        await using var terminal = await Host.LoginAsync(people[0]);
        for (var i = 0; i < 12; i++)
        {
            Assert.True((await KestrelHost.SaveAsync(terminal, i, 1, i + 1)).Applied);
        }

        // 12 answered: bin 10-19; the two others at 0: bin 0-9; 110 questions: bins up to 110
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#sebaran-terjawab rect.bar[data-from='10']").GetAttribute("data-count")), TimeSpan.FromSeconds(10));
        Assert.Equal("2", page.Find("#sebaran-terjawab rect.bar[data-from='0']").GetAttribute("data-count"));
        Assert.Equal(12, page.FindAll("#sebaran-terjawab rect.bar").Count);
        Assert.Equal("Soal terjawab per kursi", page.Find("#sebaran-terjawab figcaption").TextContent);
        Assert.Equal(["0–9|2", "10–19|1"], page.FindAll("#sebaran-terjawab details tbody tr").Take(2).Select(r => string.Join('|', r.QuerySelectorAll("td").Select(td => td.TextContent))));
    }
}
