namespace AsnCat.Server.Imports;

/// <summary>The imports area: formasi and peserta from .xlsx or CSV templates, each all or nothing.</summary>
public static class ImportExtensions
{
    public static WebApplicationBuilder AddAsnCatImports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ImportService>();
        builder.Services.AddSingleton<Roster>();
        return builder;
    }

    public static WebApplication MapAsnCatImports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapImportsApi();
        app.MapRosterApi();
        return app;
    }
}
