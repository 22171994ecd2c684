using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// Scheduling without a browser (issue #16), through <see cref="SessionAdmin"/> as the console and any
/// script call it: the start is the venue's local date and time in its zone, and a start already
/// past is refused with nothing stored.
/// </summary>
public sealed class SchedulingTests : IAsyncDisposable
{
    // Sunday 6 December 2026, 10.00 WITA
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private readonly KestrelHost _host;

    public SchedulingTests() => _host = KestrelHost.Start(_dir, new FakeTimeProvider(Now), deadlineSweep: false, recordHubFrames: false);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SessionAdmin Admin => _host.Services.GetRequiredService<SessionAdmin>();

    private static readonly StaffScope Panitia = new("panitia-uji", new HashSet<string>(), true);

    private async Task<NewSessionForm> FormAsync(string code, DateOnly date, TimeOnly time, string zone) => new()
    {
        Code = code, Venue = "Kanreg VIII BKN Banjarmasin", Seats = 10, Date = date, Time = time, TimeZone = zone,
        BankVersionId = (await Admin.BanksAsync(Ct))[0].Id, ThresholdSetCode = "skd-2024",
    };

    [Fact]
    public async Task A_start_at_23_30_WITA_tomorrow_is_stored_as_that_instant_and_listed_as_23_30_WITA()
    {
        var created = await Admin.CreateAsync(await FormAsync("SKD-BJM-001", new DateOnly(2026, 12, 7), new TimeOnly(23, 30), "WITA"), Panitia, Ct);

        Assert.True(created.Ok, string.Join("; ", created.Errors));
        var row = Assert.Single(await Admin.ListAsync(Panitia, Ct));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 15, 30, 0, TimeSpan.Zero), row.StartsAt);
        Assert.Equal("Senin, 07/12/2026 23.30 WITA", IndonesianTime.DateTime(row.StartsAt, row.TimeZone));
        Assert.Equal(SessionState.Scheduled, row.State);
    }

    [Theory]
    [InlineData(2026, 12, 5, 23, 30, "WITA")]
    [InlineData(2026, 12, 6, 9, 59, "WITA")]
    [InlineData(2026, 12, 6, 10, 0, "WITA")]
    [InlineData(2026, 12, 6, 8, 30, "WIB")]
    public async Task A_start_already_past_in_the_venues_zone_is_refused_and_nothing_is_stored(int y, int m, int d, int h, int min, string zone)
    {
        var created = await Admin.CreateAsync(await FormAsync("SKD-BJM-LAMA", new DateOnly(y, m, d), new TimeOnly(h, min), zone), Panitia, Ct);

        Assert.False(created.Ok);
        var error = Assert.Single(created.Errors);
        Assert.Contains("sudah lewat", error, StringComparison.Ordinal);
        Assert.Contains($"(sekarang Minggu, 06/12/2026 {(zone == "WIB" ? "09" : "10")}.00 {zone})", error, StringComparison.Ordinal);
        Assert.Contains("Isi tanggal dan jam mulai yang akan datang", error, StringComparison.Ordinal);
        await using var db = _host.Db();
        Assert.False(await db.ExamSessions.AnyAsync(Ct));
        Assert.False(await db.BankVersions.AnyAsync(b => b.Locked, Ct));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "session.created", Ct));
    }

    [Fact]
    public async Task The_same_clock_time_is_past_in_WIT_and_still_to_come_in_WIB()
    {
        // now is 09.00 WIB = 11.00 WIT: 10.30 is to come in Jakarta, gone in Jayapura
        var wib = await Admin.CreateAsync(await FormAsync("SKD-JKT-001", new DateOnly(2026, 12, 6), new TimeOnly(10, 30), "WIB"), Panitia, Ct);
        var wit = await Admin.CreateAsync(await FormAsync("SKD-JYP-001", new DateOnly(2026, 12, 6), new TimeOnly(10, 30), "WIT"), Panitia, Ct);

        Assert.True(wib.Ok, string.Join("; ", wib.Errors));
        Assert.False(wit.Ok);
        Assert.Equal(["SKD-JKT-001"], (await Admin.ListAsync(Panitia, Ct)).Select(r => r.Code));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }
}
