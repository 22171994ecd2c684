using AsnCat.Server.Data;
using AsnCat.Server.Exam;
namespace AsnCat.Server.Console;

/// <summary>What a proctor sees of one seat.</summary>
public enum SeatState
{
    /// <summary>Not logged in yet, or released to log in on another terminal.</summary>
    NotLoggedIn,
    Waiting,
    Answering,
    /// <summary>Paused by a proctor, this candidate alone.</summary>
    Paused,
    Disconnected,
    Finished,
    Disqualified,
    Absent,
}

/// <summary>The one label table of <see cref="SeatState"/>, and the rules that read a seat's state from its attempt.</summary>
public static class SeatStates
{
    /// <summary>The states counted in the proctor monitor's summary, in its order (an absent seat is not counted).</summary>
    public static IReadOnlyList<SeatState> Summary { get; } =
    [
        SeatState.NotLoggedIn, SeatState.Waiting, SeatState.Answering, SeatState.Paused,
        SeatState.Disconnected, SeatState.Finished, SeatState.Disqualified,
    ];

    public static string Label(this SeatState state) => state switch
    {
        SeatState.NotLoggedIn => "belum masuk",
        SeatState.Waiting => "menunggu",
        SeatState.Answering => "mengerjakan",
        SeatState.Paused => "dijeda",
        SeatState.Disconnected => "terputus",
        SeatState.Finished => "selesai",
        SeatState.Disqualified => "diskualifikasi",
        SeatState.Absent => "tidak hadir",
        _ => state.ToString(),
    };

    /// <summary>The label as a heading: <c>Belum masuk</c>.</summary>
    public static string Heading(this SeatState state)
    {
        var label = state.Label();
        return char.ToUpperInvariant(label[0]) + label[1..];
    }

    /// <summary>An ended attempt's seat, by why it ended (<see cref="Attempt.EndedBy"/>).</summary>
    public static SeatState Ended(string? endedBy) => endedBy switch
    {
        EndReasons.Disqualified => SeatState.Disqualified,
        EndReasons.Absent => SeatState.Absent,
        _ => SeatState.Finished,
    };

    /// <summary>A seat as its attempt is stored, without the terminal's presence (the session page's list).</summary>
    public static SeatState Recorded(AttemptState state, string? endedBy) => state switch
    {
        AttemptState.Waiting => SeatState.Waiting,
        AttemptState.Running => SeatState.Answering,
        _ => Ended(endedBy),
    };
}
