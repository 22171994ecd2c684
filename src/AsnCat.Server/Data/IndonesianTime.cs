using System.Globalization;

namespace AsnCat.Server.Data;

/// <summary>
/// Indonesia's three time zones, the codes a session's <see cref="ExamSession.TimeZone"/> takes,
/// and the one way a stored UTC time is shown in a session's own zone. An unknown code falls back
/// to WIB (the zone of the capital) here and nowhere else.
/// </summary>
public static class IndonesianTime
{
    public const string Default = "WIB";

    public static IReadOnlyDictionary<string, TimeSpan> Zones { get; } = new Dictionary<string, TimeSpan>
    {
        ["WIB"] = TimeSpan.FromHours(7),
        ["WITA"] = TimeSpan.FromHours(8),
        ["WIT"] = TimeSpan.FromHours(9),
    };

    // the server runs in invariant globalization mode (no ICU): Indonesian day names by hand
    private static readonly string[] Days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    public static TimeSpan Offset(string? zone) =>
        zone is not null && Zones.TryGetValue(zone, out var offset) ? offset : Zones[Default];

    public static DateTimeOffset Local(DateTimeOffset at, string? zone) => at.ToOffset(Offset(zone));

    public static DateOnly LocalDate(DateTimeOffset at, string? zone) => DateOnly.FromDateTime(Local(at, zone).DateTime);

    /// <summary>A clock time in the zone, <c>08.15.30</c>.</summary>
    public static string ClockTime(DateTimeOffset at, string? zone) =>
        Local(at, zone).ToString("HH.mm.ss", CultureInfo.InvariantCulture);

    /// <summary>The day, date and time in the zone with its code: <c>Senin, 24/11/2026 08.00 WIB</c>.</summary>
    public static string DateTime(DateTimeOffset at, string? zone)
    {
        var local = Local(at, zone);
        return $"{Days[(int)local.DayOfWeek]}, {local.ToString("dd/MM/yyyy HH.mm", CultureInfo.InvariantCulture)} {zone ?? Default}";
    }
}
