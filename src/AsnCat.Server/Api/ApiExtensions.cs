using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Api;

/// <summary>What a script receives to send with a form upload: the header and the token for it.</summary>
public sealed record AntiforgeryToken(string HeaderName, string Token);

/// <summary>
/// What spans the JSON API of every feature: problem details in Indonesian (<see cref="ApiProblems"/>),
/// the OpenAPI document of every <c>/api</c> endpoint at <see cref="DocumentPath"/> with each
/// operation's role (<see cref="ApiRoles"/>), the staff reference page built from it
/// (<see cref="ReferencePath"/>), and the antiforgery token a script needs for a file upload.
/// The document and the page need a staff sign-in: they reveal no secret, but the API is the
/// committee's, not the public's (the public reads <c>/api/public</c>, described in docs/public-api.md).
/// </summary>
public static class ApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/konsol/api";

    public static WebApplicationBuilder AddAsnCatApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "AsnCat API";
                document.Info.Description = "API panitia dan pengawas: formasi, peserta, bank soal, sesi, kursi, PIN, tindakan sesi dan peserta, nilai SKB, publikasi. "
                    + "Masuk dengan POST /api/account/login (cookie). Kesalahan berupa problem details (RFC 7807) berbahasa Indonesia. Panduan: docs/api.md.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(ApiRoles.Describe);
        });
        return builder;
    }

    /// <summary>
    /// An <c>/api</c> answer with an error status and no body (a request body the framework could not
    /// read, a bare 404) gets problem details too, in Indonesian (<see cref="ApiProblems.Customize"/>).
    /// </summary>
    public static WebApplication UseAsnCatApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        return app;
    }

    public static WebApplication MapAsnCatApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(StaffPolicies.Pengawas);
        app.MapGet(ReferencePath, ApiReference.PageAsync).RequireAuthorization(StaffPolicies.Pengawas).ExcludeFromDescription();
        app.MapGet("/api/antiforgery", Antiforgery).RequireAuthorization(StaffPolicies.Pengawas)
            .WithTags("Akun").WithName("antiforgery-token")
            .WithSummary("Token antiforgery untuk unggah berkas")
            .WithDescription("Unggahan berkas (multipart: formasi, peserta, bank soal, nilai SKB) memerlukan token ini di header yang disebut, bersama cookie yang diterima dari jawaban ini.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static Ok<AntiforgeryToken> Antiforgery(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName ?? "RequestVerificationToken", tokens.RequestToken ?? ""));
    }
}
