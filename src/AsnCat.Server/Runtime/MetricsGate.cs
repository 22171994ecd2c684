using System.Net;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Runtime;

/// <summary>
/// Who may read <c>/metrics</c>: a caller from an address in <see cref="MetricsOptions.AllowedNetworks"/>
/// (a Prometheus on the monitoring network, after the forwarded-headers rule), or a signed-in admin
/// (<see cref="StaffPolicies.Admin"/>; not on a terminal node, which has no sign-in). Anyone else
/// gets 401 (not signed in) or 403 with a problem body saying why.
/// </summary>
/// <param name="hasSignIn">This node has staff accounts (every role but <c>terminal</c>).</param>
public sealed class MetricsGate(IOptions<MetricsOptions> options, bool hasSignIn)
{
    private readonly IReadOnlyList<IPNetwork> _networks = options.Value.Networks();
    private readonly bool _hasSignIn = hasSignIn;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Allowed(context.Connection.RemoteIpAddress))
        {
            await next();
            return;
        }
        if (_hasSignIn && context.User.Identity?.IsAuthenticated == true)
        {
            var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
            if ((await authorization.AuthorizeAsync(context.User, StaffPolicies.Admin)).Succeeded)
            {
                await next();
                return;
            }
            await TypedResults.Problem(
                title: "Tidak diizinkan membaca metrik",
                detail: "Metrik server hanya untuk admin atau untuk alamat pemantauan yang terdaftar di Metrics:AllowedNetworks.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await TypedResults.Problem(
            title: "Metrik tidak tersedia untuk alamat ini",
            detail: _hasSignIn
                ? "Masuk sebagai admin, atau panggil dari alamat pemantauan yang terdaftar di Metrics:AllowedNetworks (mis. 127.0.0.1/32)."
                : "Node terminal tidak memiliki akun staf: metrik hanya dapat dibaca dari alamat yang terdaftar di Metrics:AllowedNetworks (mis. 127.0.0.1/32).",
            statusCode: _hasSignIn ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    internal bool Allowed(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
