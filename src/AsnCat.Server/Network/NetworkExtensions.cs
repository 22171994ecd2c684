using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;

namespace AsnCat.Server.Network;

/// <summary>
/// Whose address a request carries. A terminal's hub calls come from its Blazor circuit, which
/// runs on this machine (or on a terminal host), not from the candidate's browser; the circuit
/// names the browser in <c>X-Forwarded-For</c>. That header is believed only from loopback (the
/// middleware's default) and from the hosts listed in <c>Network:TrustedProxies</c> (terminal
/// hosts, a reverse proxy), so a browser talking to the hub directly cannot claim another address.
/// Without it every terminal of a venue shared 127.0.0.1: one failed-login budget and one audit
/// address for the whole venue. <c>X-Forwarded-Proto</c> is believed from the same hosts: behind a
/// proxy that terminates HTTPS (the centre's nginx, scripts/centre-proxy.sh) the request counts as
/// HTTPS, so the staff cookie is <c>Secure</c> and redirects keep the scheme.
/// </summary>
public static class NetworkExtensions
{
    public static WebApplicationBuilder AddAsnCatNetwork(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section)
            .ValidateOnStart();
        var trusted = builder.Configuration.GetSection(NetworkOptions.Section).Get<NetworkOptions>()?.TrustedProxies ?? [];
        var proxies = trusted.Select(text => IPAddress.TryParse(text, out var address) ? address
            : throw new InvalidOperationException($"Network:TrustedProxies: '{text}' bukan alamat IP (mis. 10.0.0.5 atau ::1)")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(CircuitAddress.FromRequest);
        builder.Services.AddScoped<CircuitHandler, CircuitAddressCapture>();
        return builder;
    }
}
