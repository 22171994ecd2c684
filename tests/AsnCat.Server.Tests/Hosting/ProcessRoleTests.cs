using AsnCat.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace AsnCat.Server.Tests.Hosting;

/// <summary><c>AsnCat:Role</c> is read once into <see cref="AsnCatOptions"/>: any case of a known role, or a clear refusal.</summary>
public sealed class ProcessRoleTests
{
    private static IConfiguration Config(string? role) => new ConfigurationBuilder()
        .AddInMemoryCollection(role is null ? [] : new Dictionary<string, string?> { ["AsnCat:Role"] = role })
        .Build();

    [Theory]
    [InlineData(null, ProcessRole.All, true, true, true)]
    [InlineData("all", ProcessRole.All, true, true, true)]
    [InlineData("Server", ProcessRole.Server, true, false, true)]
    [InlineData("terminal", ProcessRole.Terminal, false, true, false)]
    [InlineData("PUSAT", ProcessRole.Pusat, true, false, false)]
    public void A_known_role_in_any_case_is_read_and_the_default_is_all(string? configured, ProcessRole expected, bool database, bool terminalPages, bool exams)
    {
        var options = Config(configured).AsnCatOptions();

        Assert.Equal(expected, options.Role);
        Assert.Equal((database, terminalPages, exams), (options.HasDatabase, options.HasTerminalPages, options.RunsExams));
    }

    [Theory]
    [InlineData("venue")]
    [InlineData("7")]
    public void An_unknown_role_stops_the_start_with_a_message_naming_it_and_the_choices(string configured)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Config(configured).AsnCatOptions());

        Assert.Contains($"'{configured}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("all", e.Message, StringComparison.Ordinal);
        Assert.Contains("server", e.Message, StringComparison.Ordinal);
        Assert.Contains("terminal", e.Message, StringComparison.Ordinal);
        Assert.Contains("pusat", e.Message, StringComparison.Ordinal);
    }
}
