using AsnCat.Server.Banks;

namespace AsnCat.Server.Imports;

/// <summary>
/// The imports area: formasi and peserta from .xlsx or CSV templates, and question banks uploaded
/// as .zip folders, each all or nothing. Bank uploads validate against the exam area's
/// <c>RulesCatalog</c>.
/// </summary>
public static class ImportExtensions
{
    public static WebApplicationBuilder AddAsnCatImports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ImportService>();
        builder.Services.AddSingleton<BankUpload>();
        return builder;
    }

    public static WebApplication MapAsnCatImports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapImportsApi();
        app.MapBanksApi();
        return app;
    }
}
