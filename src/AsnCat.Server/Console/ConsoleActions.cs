namespace AsnCat.Server.Console;

/// <summary>What the committee does to a whole session (a proctor too, for pause and resume): <see cref="SessionAdmin.SessionActionAsync"/>.</summary>
public enum SessionAction
{
    Open,
    Start,
    Pause,
    Resume,
    End,
}

/// <summary>What a proctor does to one seat, always with a reason: <see cref="SessionAdmin.SeatActionAsync"/>.</summary>
public enum SeatAction
{
    /// <summary>Releases the terminal, so the candidate can log in on another one.</summary>
    Release,
    Pause,
    Resume,
    /// <summary>Grants extra minutes.</summary>
    Grant,
    /// <summary>Ends the candidate's exam now.</summary>
    Finish,
    Disqualify,
}

/// <summary>
/// The words of one console action: its button, the reason panel's title and confirm button, and,
/// for a session action, the notice once done.
/// </summary>
public sealed record ActionLabel(string Button, string Title, string Confirm, string? Done = null);

/// <summary>The one label table of <see cref="SessionAction"/> and of <see cref="SeatAction"/>.</summary>
public static class ConsoleActions
{
    public static ActionLabel Label(this SessionAction action) => action switch
    {
        SessionAction.Open => new("Buka sesi (peserta dapat masuk)", "Buka sesi", "Buka sesi",
            "Sesi dibuka: peserta dapat masuk dan menunggu."),
        SessionAction.Start => new("Mulai ujian", "Mulai ujian", "Mulai ujian",
            "Ujian dimulai: waktu setiap peserta berjalan sejak sekarang."),
        SessionAction.Pause => new("Jeda semua (gangguan)", "Jeda semua peserta", "Jeda semua",
            "Semua peserta dijeda; waktu jeda tidak dihitung."),
        SessionAction.Resume => new("Lanjutkan semua", "Lanjutkan ujian", "Lanjutkan",
            "Ujian dilanjutkan; batas waktu bergeser sepanjang jeda."),
        SessionAction.End => new("Akhiri sesi", "Akhiri sesi: semua yang masih mengerjakan dinilai sekarang", "Akhiri sesi",
            "Sesi diakhiri: semua jawaban dinilai, yang tidak hadir dicatat, peringkat disusun ulang."),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static ActionLabel Label(this SeatAction action) => action switch
    {
        SeatAction.Release => new("Pindah terminal", "Lepas terminal (peserta pindah ke terminal lain)", "Lepas terminal"),
        SeatAction.Pause => new("Jeda", "Jeda peserta ini", "Jeda semua"),
        SeatAction.Resume => new("Lanjutkan", "Lanjutkan peserta ini", "Lanjutkan"),
        SeatAction.Grant => new("+ Waktu", "Tambah waktu", "Tambah waktu"),
        SeatAction.Finish => new("Akhiri", "Akhiri ujian peserta sekarang", "Akhiri ujian"),
        SeatAction.Disqualify => new("Diskualifikasi", "Diskualifikasi peserta", "Diskualifikasi"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
