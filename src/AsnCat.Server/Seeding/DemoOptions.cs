namespace AsnCat.Server.Seeding;

/// <summary>The <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// Keep one running demo session (SKD and PPPK) with demo candidates, replaced by a fresh one at
    /// every start. When not set: on in the Development environment (<c>dotnet run</c>, through
    /// <c>Properties/launchSettings.json</c>), off everywhere else, so a production server never
    /// opens demo sessions unless told to (<see cref="SeedingExtensions.AddAsnCatDemo"/>).
    /// </summary>
    public bool Enabled { get; set; }
}
