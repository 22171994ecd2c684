using System.Text.Json.Nodes;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
namespace AsnCat.Server.Api;

/// <summary>
/// Writes into each operation of the OpenAPI document who may call it, read from the endpoint's own
/// authorization (so the document cannot disagree with what the server enforces): the extension
/// <c>x-peran</c> and a last line of the description, <c>Peran: panitia (admin, panitia)</c>.
/// </summary>
public static class ApiRoles
{
    public const string Extension = "x-peran";

    /// <summary>The narrowest staff policy on the endpoint, or <c>publik</c>.</summary>
    public static string Of(IList<object> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return "publik";
        }
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return policies.Contains(StaffPolicies.Admin) ? StaffPolicies.Admin
            : policies.Contains(StaffPolicies.Panitia) ? StaffPolicies.Panitia
            : policies.Contains(StaffPolicies.Pengawas) ? StaffPolicies.Pengawas
            : policies.Contains(StaffPolicies.Staff) ? StaffPolicies.Staff
            : "publik";
    }

    /// <summary>Who a role admits, in words.</summary>
    public static string Admits(string role) => role switch
    {
        StaffPolicies.Admin => "admin",
        StaffPolicies.Panitia => "admin, panitia",
        StaffPolicies.Pengawas => "admin, panitia, pengawas",
        StaffPolicies.Staff => "setiap staf yang masuk",
        _ => "tanpa masuk",
    };

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var role = Of(context.Description.ActionDescriptor.EndpointMetadata);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[Extension] = new JsonNodeExtension(JsonValue.Create(role));
        var line = $"Peran: {role} ({Admits(role)}).";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? line : operation.Description + "\n\n" + line;
        return Task.CompletedTask;
    }
}
