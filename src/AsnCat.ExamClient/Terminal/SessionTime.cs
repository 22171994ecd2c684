using System.Globalization;
using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// A time as the candidate reads it: in the session's zone (<see cref="CandidateView.TimeZone"/>,
/// read through <see cref="SessionZones"/> as on the server), <c>10.42 WIB</c>.
/// </summary>
public static class SessionTime
{
    public static string Clock(DateTimeOffset at, string? zone) =>
        at.ToOffset(SessionZones.Offset(zone)).ToString("HH.mm", CultureInfo.InvariantCulture) + " " + SessionZones.Name(zone);
}
