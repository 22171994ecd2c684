using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Tests.Fakes;

/// <summary>A small exam: TWK items 1-3, TIU 4-6, TKP 7-10 (positions 0..9), five options each.</summary>
public static class Sample
{
    public static readonly IReadOnlyList<SubtestView> Subtests =
    [
        new("TWK", "Tes Wawasan Kebangsaan", 0, 3),
        new("TIU", "Tes Intelegensia Umum", 3, 3),
        new("TKP", "Tes Karakteristik Pribadi", 6, 4),
    ];

    public static CandidateView Candidate(bool largeFont = false) =>
        new("DEMO-0001", "Siti Rahmawati", "SESI-01", "Ruang demo AsnCat", "WIB", largeFont, false);

    public static IReadOnlyList<QuestionView> Questions() => Enumerable.Range(0, 10).Select(position => new QuestionView(
        position,
        position < 3 ? "TWK" : position < 6 ? "TIU" : "TKP",
        $"Pertanyaan nomor {position + 1}.\nBaris kedua pertanyaan.",
        position == 1 ? new TableView("Data penduduk", ["Tahun", "Jumlah"], [["2023", "120"], ["2024", "135"]]) : null,
        position == 2 ? new ImageView("data:image/svg+xml;base64,PHN2Zy8+", "Pola gambar soal") : null,
        Enumerable.Range(0, 5).Select(slot => position == 2
            ? new OptionView(null, new ImageView("data:image/svg+xml;base64,PHN2Zy8+", $"Gambar pilihan {(char)('A' + slot)}"))
            : new OptionView($"Pilihan {(char)('A' + slot)} soal {position + 1}", null)).ToList())).ToList();

    public static ExamResult Result(bool passed) => new(
        [new("TWK", "Tes Wawasan Kebangsaan", 85, 150), new("TIU", "Tes Intelegensia Umum", passed ? 100 : 70, 175), new("TKP", "Tes Karakteristik Pribadi", 180, 225)],
        passed ? 365 : 335,
        550,
        passed,
        "skd-2024",
        passed ? [] : ["TIU 70 < 80"],
        FakeExamServer.ServerEpoch.AddMinutes(90),
        "candidate");
}
