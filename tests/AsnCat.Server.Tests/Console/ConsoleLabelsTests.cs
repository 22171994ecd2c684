using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
namespace AsnCat.Server.Tests.Console;

/// <summary>The label tables of the states and actions the console shows: every value has its Indonesian words.</summary>
public sealed class ConsoleLabelsTests
{
    [Fact]
    public void Every_session_and_seat_state_has_an_indonesian_label_of_its_own()
    {
        var sessions = Enum.GetValues<SessionState>().Select(s => s.Label()).ToList();
        var seats = Enum.GetValues<SeatState>().Select(s => s.Label()).ToList();
        Assert.All(Enum.GetValues<SessionState>(), s => Assert.NotEqual(s.ToString(), s.Label()));
        Assert.All(Enum.GetValues<SeatState>(), s => Assert.NotEqual(s.ToString(), s.Label()));
        Assert.Equal(sessions.Count, sessions.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seats.Count, seats.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_session_and_seat_action_has_a_button_a_title_and_a_confirm()
    {
        Assert.All(Enum.GetValues<SessionAction>().Select(a => a.Label()), l =>
            Assert.False(string.IsNullOrWhiteSpace(l.Button) || string.IsNullOrWhiteSpace(l.Title) || string.IsNullOrWhiteSpace(l.Confirm) || string.IsNullOrWhiteSpace(l.Done)));
        Assert.All(Enum.GetValues<SeatAction>().Select(a => a.Label()), l =>
            Assert.False(string.IsNullOrWhiteSpace(l.Button) || string.IsNullOrWhiteSpace(l.Title) || string.IsNullOrWhiteSpace(l.Confirm)));
    }

    [Theory]
    [InlineData(AttemptState.Waiting, null, "menunggu")]
    [InlineData(AttemptState.Running, null, "mengerjakan")]
    [InlineData(AttemptState.Finished, EndReasons.Candidate, "selesai")]
    [InlineData(AttemptState.Finished, EndReasons.SessionEnded, "selesai")]
    [InlineData(AttemptState.Finished, EndReasons.Disqualified, "diskualifikasi")]
    [InlineData(AttemptState.Finished, EndReasons.Absent, "tidak hadir")]
    public void A_stored_attempt_reads_as_the_seat_it_is(AttemptState state, string? endedBy, string label) =>
        Assert.Equal(label, SeatStates.Recorded(state, endedBy).Label());

    [Fact]
    public void The_monitor_summary_heads_each_count_with_the_capitalised_label()
    {
        Assert.Equal(["Belum masuk", "Menunggu", "Mengerjakan", "Dijeda", "Terputus", "Selesai", "Diskualifikasi"],
            SeatStates.Summary.Select(s => s.Heading()));
    }
}
