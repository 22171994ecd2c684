using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

public static class TerminalServiceCollectionExtensions
{
    /// <summary>
    /// The exam terminal: per circuit one <see cref="ExamTerminal"/> with its own hub connection
    /// to <paramref name="hubUrl"/> (resolved when a terminal opens, so a server may supply its
    /// own listening address) and its token kept in the browser.
    /// The hub is told the candidate's browser address in <c>X-Forwarded-For</c> (the server believes
    /// it only from loopback and its trusted terminal hosts), so audits and per-address login
    /// budgets are per terminal, not one for the whole venue.
    /// Needs the interactive server components (<c>ProtectedLocalStorage</c>).
    /// </summary>
    public static IServiceCollection AddExamTerminal(this IServiceCollection services, Func<IServiceProvider, Uri> hubUrl)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<IExamTransport>(sp => new SignalRExamTransport(
            hubUrl(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SignalRExamTransport>>(),
            // resolved inside the circuit's connection: the candidate's browser (or its proxy)
            sp.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? default));
        // one content cache per terminal host, whatever number of candidates it serves
        services.TryAddSingleton<IExamContent>(sp => new HttpExamContent(new HttpClient(), hubUrl(sp)));
        services.AddScoped<ITerminalTokenStore, ProtectedTokenStore>();
        services.AddScoped<ExamTerminal>();
        return services;
    }
}
