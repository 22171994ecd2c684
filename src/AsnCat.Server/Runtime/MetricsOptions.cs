using System.ComponentModel.DataAnnotations;
using System.Net;

namespace AsnCat.Server.Runtime;

/// <summary>The <c>Metrics</c> section: who may read <c>/metrics</c> besides signed-in admins.</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>
    /// Address ranges (CIDR, e.g. <c>127.0.0.1/32</c> for a Prometheus on the same machine,
    /// <c>10.20.0.0/16</c> for the centre's monitoring network) whose callers may read
    /// <c>/metrics</c> without signing in. Empty (the default): admins only; on a terminal node,
    /// which has no sign-in, nobody.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>The parsed <see cref="AllowedNetworks"/> (valid after the start's validation).</summary>
    public IReadOnlyList<IPNetwork> Networks() => [.. AllowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Metrics:AllowedNetworks: '{network}' bukan rentang alamat CIDR yang sah (contoh: 127.0.0.1/32 atau 10.20.0.0/16).",
                    [nameof(AllowedNetworks)]);
            }
        }
    }
}
