namespace AsnCat.Server.Seeding;

/// <summary>The <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Open a fresh running demo session with five candidates at every start.</summary>
    public bool Enabled { get; set; } = true;
}
