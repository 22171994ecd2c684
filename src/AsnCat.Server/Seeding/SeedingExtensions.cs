namespace AsnCat.Server.Seeding;

/// <summary>Demo data: the sample bank in an empty database, and a running demo session at every start (<see cref="DemoOptions"/>).</summary>
public static class SeedingExtensions
{
    public static WebApplicationBuilder AddAsnCatDemo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // the environment's default first, then Demo:Enabled from configuration when it is set
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<DemoOptions>().Configure(o => o.Enabled = development)
            .BindConfiguration(DemoOptions.Section).ValidateOnStart();
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
