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
    [InlineData(null, ProcessRole.All)]
    [InlineData("all", ProcessRole.All)]
    [InlineData("Server", ProcessRole.Server)]
    [InlineData("terminal", ProcessRole.Terminal)]
    public void A_known_role_in_any_case_is_read_and_the_default_is_all(string? configured, ProcessRole expected)
    {
        var options = Config(configured).AsnCatOptions();

        Assert.Equal(expected, options.Role);
        Assert.Equal(expected != ProcessRole.Terminal, options.HasDatabase);
        Assert.Equal(expected != ProcessRole.Server, options.HasTerminalPages);
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
    }
}
