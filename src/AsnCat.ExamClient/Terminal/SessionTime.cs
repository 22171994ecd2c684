using System.Globalization;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// A time as the candidate reads it: in the session's zone (<see cref="Contracts.Exam.CandidateView.TimeZone"/>:
/// WIB, WITA or WIT), <c>10.42 WIB</c>. The terminal may run in another process than the
/// server, so it knows the three zones itself; an unknown code is shown as WIB, as on the server.
/// </summary>
public static class SessionTime
{
    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.Ordinal)
    {
        ["WIB"] = TimeSpan.FromHours(7),
        ["WITA"] = TimeSpan.FromHours(8),
        ["WIT"] = TimeSpan.FromHours(9),
    };

    public static string Clock(DateTimeOffset at, string? zone)
    {
        var code = zone is not null && Zones.ContainsKey(zone) ? zone : "WIB";
        return at.ToOffset(Zones[code]).ToString("HH.mm", CultureInfo.InvariantCulture) + " " + code;
    }
}
