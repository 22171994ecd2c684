namespace AsnCat.Server.Network;

/// <summary>The <c>Network</c> section.</summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>Hosts whose <c>X-Forwarded-For</c> is believed besides loopback: terminal hosts, a reverse proxy (IP addresses).</summary>
    public List<string> TrustedProxies { get; set; } = [];
}
