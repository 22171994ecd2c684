using AsnCat.ExamClient.Terminal;

namespace AsnCat.ExamClient.Tests;

public class TerminalHubUrlTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/hubs/exam")]
    [InlineData("http://[::]:5080", "http://127.0.0.1:5080/hubs/exam")]
    [InlineData("http://+:80", "http://127.0.0.1:80/hubs/exam")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/hubs/exam")]
    [InlineData("http://localhost:5000", "http://localhost:5000/hubs/exam")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/hubs/exam")]
    [InlineData("https://[::]:5001", "https://127.0.0.1:5001/hubs/exam")]
    public void A_wildcard_host_becomes_loopback(string address, string hub)
    {
        Assert.Equal(new Uri(hub), TerminalHubUrl.FromServerAddresses([address]));
    }

    [Fact]
    public void A_plain_http_address_is_preferred_to_https()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5000/hubs/exam"), TerminalHubUrl.FromServerAddresses(["https://[::]:5001", "http://[::]:5000"]));
    }

    [Fact]
    public void A_server_with_no_address_needs_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TerminalHubUrl.FromServerAddresses([]));
        Assert.Contains("Terminal:HubUrl", error.Message, StringComparison.Ordinal);
    }
}
