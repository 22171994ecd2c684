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
            .Validate(o => o.HubUrl is null || o.HubUrl.IsAbsoluteUri, "Terminal:HubUrl harus URL lengkap (http://host:port/hubs/exam)")
            .ValidateOnStart();
        builder.Services.AddExamTerminal(sp =>
            sp.GetRequiredService<IOptions<TerminalOptions>>().Value.HubUrl
            ?? TerminalHubUrl.FromServerAddresses(sp.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses));
        return builder;
    }

    /// <summary>
    /// A terminal host apart from the exam server serves the session's item content on its own
    /// origin (the same path), from its cache: the candidates' browsers load images from it and
    /// need no route to the exam server. Each body is fetched from the server once per host.
    /// </summary>
    public static WebApplication MapTerminalContentRelay(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Contracts.Exam.ExamHub.ContentRoot + "/{access}/{hash}", async (string access, string hash, HttpContext http, IExamContent content, CancellationToken ct) =>
        {
            if (await content.BodyAsync($"{Contracts.Exam.ExamHub.ContentRoot}/{access}/{hash}", ct) is not { } body)
            {
                return (IResult)TypedResults.NotFound();
            }
            ExamContentApi.KeepForGood(http.Response);
            return TypedResults.Bytes(body.Bytes, body.ContentType);
        }).ExcludeFromDescription();
        return app;
    }
}
