namespace AsnCat.Server.Data;

/// <summary>The exact blueprint text a bank was imported with or a session ran under.</summary>
public sealed class BlueprintSnapshot
{
    public int Id { get; set; }

    public required string Code { get; set; }

    /// <summary>SHA-256 of the UTF-8 YAML text, lowercase hex.</summary>
    public required string Hash { get; set; }

    public required string Yaml { get; set; }
}
