using AsnCat.ExamClient.Terminal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Exam;

/// <summary>
/// The exam terminal's wiring in this process (roles <c>all</c> and <c>terminal</c>): each circuit
/// holds its own hub connection to <c>Terminal:HubUrl</c> or, when unset, to this server's own address.
/// </summary>
public static class TerminalExtensions
{
    public static WebApplicationBuilder AddAsnCatTerminal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TerminalOptions>()
            .BindConfiguration(TerminalOptions.SectionName)
            .Validate(o => o.HubUrl is null || o.HubUrl.IsAbsoluteUri, "Terminal:HubUrl must be an absolute URL (http://host:port/hubs/exam)")
            .ValidateOnStart();
        builder.Services.AddExamTerminal(sp =>
            sp.GetRequiredService<IOptions<TerminalOptions>>().Value.HubUrl
            ?? TerminalHubUrl.FromServerAddresses(sp.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses));
        return builder;
    }

}
