using Microsoft.AspNetCore.SignalR;

namespace AsnCat.Server.Guard;

public static class HubGuardExtensions
{
    /// <summary>
    /// Puts the guard in front of <typeparamref name="THub"/>: its filter (the first, outside the
    /// hub's own), its connection handler, and <paramref name="policy"/>. The hub's own options and
    /// filters go in <paramref name="configure"/>: each <c>AddHubOptions</c> call starts a hub's options
    /// again from the global ones, so a hub's options are set in this one call and nowhere else.
    /// Misuse is audited through the <see cref="IHubMisuseAudit"/> registered elsewhere.
    /// </summary>
    /// <remarks>
    /// Filters are added as the singletons themselves, not by type: a filter added by type is looked
    /// up in the call's services and wrapped in one more async step on every hub call.
    /// </remarks>
    public static IServiceCollection AddHubGuard<THub>(this IServiceCollection services, HubGuardPolicy policy, Action<HubOptions<THub>, IServiceProvider>? configure = null)
        where THub : Hub
    {
        ArgumentNullException.ThrowIfNull(policy);
        services.AddSignalR().AddHubOptions<THub>(_ => { });
        services.AddOptions<HubOptions<THub>>().Configure<IServiceProvider>((o, provider) =>
        {
            o.AddFilter(provider.GetRequiredService<HubGuard>());
            configure?.Invoke(o, provider);
        });
        if (!services.Any(d => d.ServiceType == typeof(HubGuard)))
        {
            services.AddSingleton<HubGuard>();
            services.AddOptions<HubGuardOptions>().BindConfiguration(HubGuardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        }
        services.AddOptions<HubRateOptions>(policy.Section)
            .Configure(o => (o.Burst, o.PerSecond) = (policy.Burst, policy.PerSecond))
            .BindConfiguration(policy.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.Configure<HubGuardPolicies>(p => p.ByHub[typeof(THub)] = policy);
        services.AddSingleton<HubConnectionHandler<THub>, GuardedHubConnectionHandler<THub>>();
        return services;
    }
}
