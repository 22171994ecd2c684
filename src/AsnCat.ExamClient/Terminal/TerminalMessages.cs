using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>What the terminal says in its own words (the server's messages are shown as they come).</summary>
public static class TerminalMessages
{
    public const string NotReachable = "Tidak dapat terhubung ke server ujian. Coba lagi sebentar lagi atau hubungi pengawas.";
    public const string AttachExpired = "Sesi terminal ini sudah tidak berlaku. Silakan masuk kembali dengan nomor peserta dan PIN.";
    public const string ReleaseHint = "Minta pengawas untuk melepas terminal sebelumnya.";
    public const string UnsavedBeforeFinish = "Masih ada jawaban yang belum tersimpan. Tunggu hingga koneksi pulih dan semua jawaban tersimpan, lalu coba lagi.";
    public const string FinishFailed = "Ujian belum dapat diakhiri karena koneksi ke server terputus. Coba lagi sebentar lagi.";

    public static string LoginRefused(LoginReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var message = string.IsNullOrWhiteSpace(reply.Message)
            ? reply.Error switch
            {
                ExamError.WrongPin => "Nomor peserta atau PIN salah.",
                ExamError.LockedOut => "Login dikunci karena terlalu banyak percobaan PIN yang salah. Hubungi pengawas.",
                ExamError.OtherTerminalActive => "Peserta ini masih aktif di terminal lain.",
                ExamError.SessionNotOpen => "Sesi ujian belum dibuka.",
                ExamError.SessionEnded => "Sesi ujian sudah berakhir.",
                _ => "Tidak dapat masuk. Hubungi pengawas.",
            }
            : reply.Message.Trim();
        if (reply.Error == ExamError.OtherTerminalActive && !message.Contains("pengawas", StringComparison.OrdinalIgnoreCase))
        {
            message += " " + ReleaseHint;
        }
        return message;
    }

    public static string Refused(ExamError error) => error switch
    {
        ExamError.TimeUp => "Waktu ujian sudah habis; jawaban tidak dapat diubah lagi.",
        ExamError.Finished => "Ujian sudah selesai; jawaban tidak dapat diubah lagi.",
        ExamError.Paused => "Ujian sedang dijeda oleh pengawas; jawaban belum dapat diubah.",
        ExamError.NotStarted => "Ujian belum dimulai.",
        _ => "Perubahan ditolak oleh server.",
    };
}
