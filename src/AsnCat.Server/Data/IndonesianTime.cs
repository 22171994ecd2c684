using System.Globalization;
using AsnCat.Contracts.Exam;

namespace AsnCat.Server.Data;

/// <summary>
/// The one way a stored UTC time is shown in a session's own zone (<see cref="ExamSession.TimeZone"/>;
/// the zones and the fallback to WIB are <see cref="SessionZones"/>, shared with the terminal).
/// </summary>
public static class IndonesianTime
{
    public const string Default = SessionZones.Default;

    public static IReadOnlyDictionary<string, TimeSpan> Zones => SessionZones.Offsets;

    // the server runs in invariant globalization mode (no ICU): Indonesian day names by hand
    private static readonly string[] Days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static TimeSpan Offset(string? zone) => SessionZones.Offset(zone);

    /// <summary>The instant with the zone's offset: what machine formats (JSON, CSV) carry, <c>2026-12-06T09:40:00+08:00</c> as ISO 8601.</summary>
    public static DateTimeOffset Local(DateTimeOffset at, string? zone) => at.ToOffset(Offset(zone));

    /// <summary>The zone's code as shown: a known code, else <see cref="Default"/>.</summary>
    public static string Name(string? zone) => SessionZones.Name(zone);

    /// <summary>ISO 8601 with the zone's offset, seconds precision: <c>2026-12-06T09:40:00+08:00</c>.</summary>
    public static string Iso(DateTimeOffset at, string? zone) =>
        Local(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The date in the zone as a letter writes it: <c>6 Desember 2026</c>.</summary>
    public static string LongDate(DateTimeOffset at, string? zone)
    {
        var local = Local(at, zone);
        return $"{local.Day.ToString(CultureInfo.InvariantCulture)} {Months[local.Month - 1]} {local.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The date and time in the zone with its code, for documents: <c>6 Desember 2026, 09.40 WITA</c>.</summary>
    public static string Written(DateTimeOffset at, string? zone) =>
        $"{LongDate(at, zone)}, {Local(at, zone).ToString("HH.mm", CultureInfo.InvariantCulture)} {Name(zone)}";

    /// <summary>A log's time in the zone with its code, to the second: <c>06/12/2026 09.40.05 WITA</c>.</summary>
    public static string Stamp(DateTimeOffset at, string? zone) =>
        $"{Local(at, zone).ToString("dd/MM/yyyy HH.mm.ss", CultureInfo.InvariantCulture)} {Name(zone)}";

    public static DateOnly LocalDate(DateTimeOffset at, string? zone) => DateOnly.FromDateTime(Local(at, zone).DateTime);

    /// <summary>A clock time in the zone, <c>08.15.30</c>.</summary>
    public static string ClockTime(DateTimeOffset at, string? zone) =>
        Local(at, zone).ToString("HH.mm.ss", CultureInfo.InvariantCulture);

    /// <summary>The day, date and time in the zone with its code: <c>Senin, 24/11/2026 08.00 WIB</c>.</summary>
    public static string DateTime(DateTimeOffset at, string? zone)
    {
        var local = Local(at, zone);
        return $"{Days[(int)local.DayOfWeek]}, {local.ToString("dd/MM/yyyy HH.mm", CultureInfo.InvariantCulture)} {Name(zone)}";
    }
}
