namespace AsnCat.Contracts.Exam;

/// <summary>
/// Indonesia's three time zones, the codes <see cref="CandidateView.TimeZone"/> (a session's zone)
/// takes, with their offsets. One table for the server and the terminal host, which may run in
/// another process; an unknown code is read as <see cref="Default"/> (the capital's zone) by both.
/// </summary>
public static class SessionZones
{
    public const string Default = "WIB";

    public static IReadOnlyDictionary<string, TimeSpan> Offsets { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["WIB"] = TimeSpan.FromHours(7),
        ["WITA"] = TimeSpan.FromHours(8),
        ["WIT"] = TimeSpan.FromHours(9),
    };

    /// <summary>The zone's code as shown: a known code, else <see cref="Default"/>.</summary>
    public static string Name(string? zone) => zone is not null && Offsets.ContainsKey(zone) ? zone : Default;

    public static TimeSpan Offset(string? zone) => Offsets[Name(zone)];
}
