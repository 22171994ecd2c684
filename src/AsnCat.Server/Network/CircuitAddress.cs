using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AsnCat.Server.Network;

/// <summary>
/// The browser address of a Blazor circuit (a console user), for the audit entries of what they
/// do. A circuit has no HttpContext once it runs, so the address is read once, when the circuit's
/// scope is created (by <see cref="CircuitAddressCapture"/> at circuit start, or by the page request
/// that prerenders), from the request's connection: after <c>UseForwardedHeaders</c>, so
/// <c>X-Forwarded-For</c> counts only from loopback and <c>Network:TrustedProxies</c>, as for the hubs.
/// </summary>
public sealed class CircuitAddress(string? value)
{
    /// <summary>The address, or null when the scope began outside any request.</summary>
    public string? Value { get; } = value;

    internal static CircuitAddress FromRequest(IServiceProvider services) =>
        new(services.GetService<IHttpContextAccessor>()?.HttpContext.ClientAddress());
}

/// <summary>Resolves the circuit's <see cref="CircuitAddress"/> as the circuit starts, while its connection's request is at hand.</summary>
internal sealed class CircuitAddressCapture(CircuitAddress address) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _ = address.Value;
        return Task.CompletedTask;
    }
}
