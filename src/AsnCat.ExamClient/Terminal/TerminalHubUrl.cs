using AsnCat.Contracts.Exam;
using Microsoft.AspNetCore.Http;

namespace AsnCat.ExamClient.Terminal;

/// <summary>The hub's address when the terminal runs inside the server: the server's own listening address, on loopback.</summary>
public static class TerminalHubUrl
{
    private static readonly string[] AnyHost = ["0.0.0.0", "[::]", "+", "*"];

    /// <summary>
    /// The first listening address (a plain http one when there is one: the loopback call then
    /// needs no certificate valid for 127.0.0.1), with a wildcard host replaced by 127.0.0.1,
    /// plus <see cref="ExamHub.Path"/>.
    /// </summary>
    public static Uri FromServerAddresses(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var bindings = addresses.Select(BindingAddress.Parse).Where(address => !address.IsUnixPipe).ToList();
        var chosen = bindings.FirstOrDefault(address => address.Scheme == Uri.UriSchemeHttp) ?? bindings.FirstOrDefault()
            ?? throw new InvalidOperationException("The server listens on no address; set Terminal:HubUrl.");
        var host = AnyHost.Contains(chosen.Host) ? "127.0.0.1" : chosen.Host;
        var pathBase = chosen.PathBase.TrimEnd('/');
        return new Uri($"{chosen.Scheme}://{host}:{chosen.Port}{pathBase}{ExamHub.Path}");
    }
}
