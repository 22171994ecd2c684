namespace AsnCat.ExamClient.Terminal;

/// <summary>Configuration section <c>Terminal</c>.</summary>
public sealed class TerminalOptions
{
    public const string SectionName = "Terminal";

    /// <summary>The exam hub, when the terminal runs as its own process; unset: the server's own address.</summary>
    public Uri? HubUrl { get; set; }

    /// <summary>Where the host keeps the keys that protect terminal tokens and staff cookies; empty: <c>data/keys</c> under the content root.</summary>
    public string? KeysDirectory { get; set; }
}
