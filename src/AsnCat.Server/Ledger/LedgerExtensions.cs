using AsnCat.Server.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Results;
using AsnCat.Tool.Banks;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Ledger;

/// <summary>
/// Verifiable results: the result bundle and session ledger of each ended session, written by
/// <see cref="WriteBundleJob"/> (enqueue with <see cref="WriteBundleJob.Enqueue"/>). Needs the
/// database, Hangfire and the results area's standings, so only for the roles <c>all</c> and <c>server</c>.
/// </summary>
public static class LedgerExtensions
{
    public static WebApplicationBuilder AddAsnCatLedger(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<ResultBundles>();
        services.AddTransient<WriteBundleJob>();
        services.AddSingleton<ISessionEndFollowUp, BundleOnSessionEnd>();
        return builder;
    }
}
