using AsnCat.Server.Console;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using Bunit;
namespace AsnCat.Server.Tests.Console;

/// <summary>The candidates page: the NIK is personal data and never shown whole.</summary>
public sealed class CandidatesPageTests : ConsoleTestContext
{
    [Theory]
    [InlineData("7371014101990001", "7371••••••••••01")]
    [InlineData("1234567", "1234•67")]
    [InlineData("123456", "••••••")]
    [InlineData("12", "••")]
    [InlineData("", "")]
    public void MaskNik_shows_only_the_first_4_and_last_2_digits(string nik, string shown) =>
        Assert.Equal(shown, CandidatesPage.MaskNik(nik));

    [Fact]
    public async Task The_list_shows_masked_NIKs_and_never_a_whole_one()
    {
        await ImportPeopleAsync(2, 1);
        SignIn("panitia1", StaffRoles.Panitia);

        var page = Render<CandidatesPage>();

        page.WaitForAssertion(() => Assert.Equal("3 peserta", page.FindAll("h2").Single(h => h.TextContent.EndsWith("peserta", StringComparison.Ordinal)).TextContent));
        var niks = page.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td")[2].TextContent).ToList();
        Assert.Equal(["7371••••••••••01", "7371••••••••••02", "7371••••••••••01"], niks);
        Assert.All([Nik("A", 1), Nik("A", 2), Nik("B", 1)], nik => Assert.DoesNotContain(nik[..5], page.Markup, StringComparison.Ordinal));
    }
}
