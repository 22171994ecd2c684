namespace AsnCat.ExamClient.Terminal;

/// <summary>Configuration section <c>Terminal</c>.</summary>
public sealed class TerminalOptions
{
    public const string SectionName = "Terminal";

    /// <summary>The exam hub, when the terminal runs as its own process; unset: the server's own address.</summary>
    public Uri? HubUrl { get; set; }
}
