namespace AsnCat.Server.Network;

/// <summary>
/// The caller's address as every audit entry records it: the request's remote address after
/// <c>UseForwardedHeaders</c>, so <c>X-Forwarded-For</c> counts only from loopback and
/// <c>Network:TrustedProxies</c> (hub connections, API requests and console circuits alike).
/// </summary>
public static class ClientAddresses
{
    public static string? ClientAddress(this HttpContext? http) => http?.Connection.RemoteIpAddress?.ToString();
}
