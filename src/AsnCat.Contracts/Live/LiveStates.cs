namespace AsnCat.Contracts.Live;

/// <summary>A candidate's state on a public board.</summary>
public static class LiveStates
{
    public const string NotStarted = "belum_mulai";
    public const string Answering = "mengerjakan";
    public const string Finished = "selesai";
    public const string Disqualified = "diskualifikasi";
    public const string Absent = "tidak_hadir";

    public static string Label(string state) => state switch
    {
        NotStarted => "belum mulai",
        Answering => "mengerjakan",
        Finished => "selesai",
        Disqualified => "diskualifikasi",
        Absent => "tidak hadir",
        _ => state,
    };
}
