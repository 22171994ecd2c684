using System.Collections.Concurrent;

namespace AsnCat.Server.Hosting;

/// <summary>
/// One logger per category. Serilog's logger factory makes a new logger (with its own caches) on
/// every <c>CreateLogger</c> call, and Kestrel and SignalR ask for three of them per connection:
/// a heap snapshot of a server holding 7,000 connections had 21,164 Serilog loggers, about 2 KiB
/// per connection (README, Live observers at scale). Microsoft's own factory keeps one per category;
/// this gives Serilog's the same.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the logger factory registered last (Serilog's, from <c>AddSerilog</c>).</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("Tidak ada ILoggerFactory terdaftar untuk dibungkus.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => new CachingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(sp),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
    }
}
