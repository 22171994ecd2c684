using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
namespace AsnCat.Server.Api;

/// <summary>
/// The staff's API reference (<see cref="ApiExtensions.ReferencePath"/>): the server's own OpenAPI
/// document rendered as plain HTML, one table per tag with method, path, role, summary and the
/// fields of the request and of each answer. No script, nothing fetched from elsewhere.
/// </summary>
public static class ApiReference
{
    public static async Task<ContentHttpResult> PageAsync([FromKeyedServices(ApiExtensions.DocumentName)] IOpenApiDocumentProvider documents, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var document = await documents.GetOpenApiDocumentAsync(ct);
        return TypedResults.Content(Render(document), "text/html; charset=utf-8");
    }

    public static string Render(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = (document.Paths ?? [])
            .SelectMany(p => (p.Value.Operations ?? []).Select(o => (Path: p.Key, Method: o.Key.Method, Operation: o.Value)))
            .GroupBy(o => o.Operation.Tags?.FirstOrDefault()?.Name ?? "Lain-lain")
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="id">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Referensi API - AsnCat</title></head>
            <body><main>
            <h1>Referensi API AsnCat</h1>
            <p>{E(document.Info?.Description)}</p>
            <p>Dokumen OpenAPI lengkap: <a href="{ApiExtensions.DocumentPath}">{ApiExtensions.DocumentPath}</a>. Kembali ke <a href="/konsol">konsol</a>.</p>
            """);
        foreach (var group in operations)
        {
            var id = "tag-" + string.Concat(group.Key.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="{id}">
                <h2 id="{id}">{E(group.Key)}</h2>
                <table>
                <thead><tr><th scope="col">Metode</th><th scope="col">Alamat</th><th scope="col">Peran</th><th scope="col">Ringkasan</th><th scope="col">Permintaan</th><th scope="col">Jawaban</th></tr></thead>
                <tbody>
                """);
            foreach (var (path, method, operation) in group.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal))
            {
                var role = operation.Extensions?.TryGetValue(ApiRoles.Extension, out var r) == true && r is JsonNodeExtension { Node: JsonValue v } ? v.ToString() : "";
                html.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td>{E(method)}</td><th scope="row"><code>{E(path)}</code></th><td>{E(role)}</td><td>{E(operation.Summary)}</td><td>{Request(document, operation)}</td><td>{Responses(document, operation)}</td></tr>
                    """);
            }
            html.Append("</tbody></table></section>\n");
        }
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static string Request(OpenApiDocument document, OpenApiOperation operation)
    {
        var parts = (operation.Parameters ?? []).Select(p => $"{E(p.Name)} ({E(p.In?.ToString().ToLowerInvariant())})").ToList();
        if (operation.RequestBody?.Content is { } content)
        {
            parts.AddRange(content.Select(c => $"{E(c.Key)}: {Fields(document, c.Value.Schema)}"));
        }
        return string.Join("<br>", parts);
    }

    private static string Responses(OpenApiDocument document, OpenApiOperation operation) =>
        string.Join("<br>", (operation.Responses ?? []).Select(r =>
            $"{E(r.Key)}" + (r.Value.Content?.FirstOrDefault() is { Value.Schema: not null } c ? ": " + Fields(document, c.Value.Schema) : "")));

    private static string Fields(OpenApiDocument document, IOpenApiSchema? schema)
    {
        schema = Resolve(document, schema);
        if (schema is null)
        {
            return "";
        }
        if (schema.Items is { } items)
        {
            return "daftar dari " + Fields(document, items);
        }
        return schema.Properties is { Count: > 0 } properties
            ? string.Join(", ", properties.Select(p => $"{E(p.Key)}: {E(TypeName(Resolve(document, p.Value)))}"))
            : E(TypeName(schema));
    }

    private static IOpenApiSchema? Resolve(OpenApiDocument document, IOpenApiSchema? schema) =>
        schema is OpenApiSchemaReference { Reference.Id: { } id } && document.Components?.Schemas?.TryGetValue(id, out var target) == true ? target : schema;

    private static string TypeName(IOpenApiSchema? schema) =>
        schema is null ? "" : schema.Items is not null ? "daftar" : schema.Type?.ToString().ToLowerInvariant().Replace(", null", "", StringComparison.Ordinal) ?? "objek";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
}
