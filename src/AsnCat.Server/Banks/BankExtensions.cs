namespace AsnCat.Server.Banks;

/// <summary>
/// The question-bank area: banks uploaded as .zip folders, checked exactly like <c>bank validate</c>
/// against the exam area's rule files and stored as new versions, and the API that lists and takes them.
/// </summary>
public static class BankExtensions
{
    public static WebApplicationBuilder AddAsnCatBanks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<BankImporter>();
        builder.Services.AddSingleton<BankUpload>();
        // Banks:SourceDirectory, relative to the content root (default data/banks): the imported banks' files, by hash
        builder.Services.AddSingleton(sp => new BankSources(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            builder.Configuration["Banks:SourceDirectory"] is { Length: > 0 } configured ? configured : Path.Combine("data", "banks"))));
        return builder;
    }

    public static WebApplication MapAsnCatBanks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapBanksApi();
        return app;
    }
}
