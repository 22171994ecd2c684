using AsnCat.Tool.Ledger;
using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Commands;

/// <summary>A <see cref="BundleReport"/> in Indonesian, one line per check, then one line per finding naming where it is.</summary>
public static class VerifyReportText
{
    private const int MaxListed = 50;

    public static void Print(BundleReport report, string path, TextWriter stdout)
    {
        var bundle = report.Bundle;
        stdout.WriteLine($"Bundel {path}: sesi {bundle.Session.Code}, {bundle.Candidates.Count} peserta, {(bundle.Bank.KeysIncluded ? "dengan kunci jawaban" : "tanpa kunci jawaban")}");
        foreach (var check in report.Checks)
        {
            Print(check, bundle, report.Ledger, stdout);
        }
        var failures = report.Checks.Count(c => c.Failed);
        stdout.WriteLine(failures == 0
            ? $"Hasil: LULUS PEMERIKSAAN ({report.Checks.Count(c => !c.Skipped)} pemeriksaan)"
            : $"Hasil: GAGAL ({failures} dari {report.Checks.Count} pemeriksaan)");
    }

    private static void Print(CheckResult check, ResultBundle bundle, LedgerHead ledger, TextWriter stdout)
    {
        var name = Name(check.Kind);
        if (check.Skipped)
        {
            stdout.WriteLine($"[LEWATI] {name}: bundel tanpa kunci jawaban: nilai per subtes TIDAK diturunkan ulang dari jawaban (periksa dengan {ResultBundle.FileName(bundle.Session.Code, true)} dari publikasi panitia)");
            return;
        }
        if (!check.Failed)
        {
            stdout.WriteLine($"[OK] {name}: {Summary(check, bundle, ledger)}");
            return;
        }
        stdout.WriteLine($"[GAGAL] {name}: {check.Findings.Count} selisih");
        foreach (var finding in check.Findings.Take(MaxListed))
        {
            stdout.WriteLine("  " + Text(finding, bundle));
        }
        if (check.Findings.Count > MaxListed)
        {
            stdout.WriteLine($"  ... dan {check.Findings.Count - MaxListed} selisih lain");
        }
    }

    /// <summary>A check's name in Indonesian (<c>ledger</c>, <c>jumlah dan ambang batas</c>).</summary>
    public static string Name(CheckKind kind) => kind switch
    {
        CheckKind.Sets => "perangkat soal",
        CheckKind.Replay => "jawaban akhir",
        CheckKind.Totals => "jumlah dan ambang batas",
        CheckKind.Rescore => "nilai dari jawaban",
        CheckKind.Rankings => "peringkat",
        CheckKind.RankingRows => "peserta di peringkat",
        _ => "ledger",
    };

    private static string Summary(CheckResult check, ResultBundle bundle, LedgerHead ledger) => check.Kind switch
    {
        CheckKind.Sets => $"{check.Covered} perangkat soal sama dengan turunan dari seed '{bundle.Session.Seed}' dan bank {Short(bundle.Bank.Hash)}",
        CheckKind.Replay => $"{check.Covered} peristiwa diputar ulang menjadi jawaban akhir {bundle.Candidates.Count} peserta",
        CheckKind.Totals => $"{check.Covered} peserta: total = jumlah nilai subtes, kelulusan sesuai ambang batas {bundle.Thresholds.Code}",
        CheckKind.Rescore => $"{check.Covered} lembar jawaban dinilai ulang dengan kunci dan bobot; nilai, total dan kelulusan sama",
        CheckKind.Rankings => $"{check.Covered} baris di {bundle.Rankings.Count} formasi diperingkat ulang dengan ambang batas {bundle.Thresholds.Code}; peringkat, kelulusan dan lolos SKB sama",
        CheckKind.RankingRows => $"{check.Covered} peserta ada di peringkat formasinya dengan nilai dan status yang sama",
        _ => $"{ledger.Records} catatan, head {ledger.Head}",
    };

    /// <summary>One finding as a line: where (the JSON path with participant numbers), then what differs.</summary>
    public static string Text(Finding f, ResultBundle bundle)
    {
        var p = f.Place;
        var who = p.Candidate is { } i ? $"candidates[{i}] ({p.ParticipantNumber})" : "";
        var ranking = p.Ranking is { } r ? $"rankings[{r}] ({p.Formation})" : "";
        var row = p.Row is { } k ? $"{ranking}.rows[{k}] ({p.ParticipantNumber})" : ranking;
        var thresholds = bundle.Thresholds.Code;
        return f.Kind switch
        {
            FindingKind.EventsWithoutSet => $"{who}.set: tidak ada perangkat soal, tetapi ada {f.Actual} peristiwa jawaban",
            FindingKind.SetDiffers => $"{who}.set[{p.Position}]: turunan dari seed memberi {f.Expected ?? "(tidak ada)"}, bundel menyatakan {f.Actual ?? "(tidak ada)"}"
                + (f.Count > 1 ? $" (dan {f.Count - 1} posisi lain)" : ""),
            FindingKind.EventIdReused => $"{who}.events[{p.Event}]: id {f.Actual} dipakai lebih dari sekali",
            FindingKind.EventIdNotIncreasing => $"{who}.events[{p.Event}]: id {f.Actual} tidak lebih besar dari peristiwa sebelumnya ({f.Expected})",
            FindingKind.EventPositionOutsideSet => $"{who}.events[{p.Event}]: posisi {f.Actual} di luar perangkat soal (0..{f.Expected})",
            FindingKind.EventOptionInvalid => $"{who}.events[{p.Event}]: opsi '{f.Actual}' bukan A-E",
            FindingKind.EventKindUnknown => $"{who}.events[{p.Event}]: jenis '{f.Actual}' bukan answer atau doubtful",
            FindingKind.AnswerCountDiffers => $"{who}.answers: {f.Actual} posisi, perangkat soal {f.Expected}",
            FindingKind.AnswerDiffers => $"{who}.answers[{p.Position}]: pemutaran ulang peristiwa memberi {f.Expected ?? "kosong"}, bundel menyatakan {f.Actual ?? "kosong"}",
            FindingKind.ScoresMissing => $"{who}.scores: tidak ada nilai, padahal ujian berakhir '{f.Actual ?? "(belum berakhir)"}'",
            FindingKind.SubtestScoreMissing => $"{who}.scores: tidak ada nilai {f.Expected}",
            FindingKind.ScoreNotASubtest => $"{who}.scores: nilai '{f.Actual}' bukan subtes kisi-kisi {f.Detail}",
            FindingKind.TotalDiffers => $"{who}.total: jumlah nilai subtes memberi {f.Expected}, bundel menyatakan {Value(f.Actual)}",
            FindingKind.PositionUnknown => $"{who}.formation.position: jabatan '{f.Actual}' tidak ada di tabel ambang batas teknis {thresholds}",
            FindingKind.CategoryUnknown => $"{who}.category: kategori '{f.Actual}' tidak ada di ambang batas {thresholds}",
            FindingKind.PassedDiffers => $"{who}.passed: ambang batas {thresholds} ({bundle.Candidates[p.Candidate!.Value].Category}) memberi {Value(f.Expected)} ({f.Detail}), bundel menyatakan {Value(f.Actual)}",
            FindingKind.SetUnreadable => $"{who}.set: {f.Detail}",
            FindingKind.SetSizeDiffers => $"{who}: {f.Actual} soal dan {f.Detail} jawaban, kisi-kisi {f.Expected} soal",
            FindingKind.RescoredScoreDiffers or FindingKind.RescoredTotalDiffers or FindingKind.RescoredPassedDiffers
                => $"{who}.{p.Field}: dihitung ulang dari jawaban {Value(f.Expected)}, bundel menyatakan {Value(f.Actual)}",
            FindingKind.RankingThresholdSetDiffers => $"{ranking}.thresholdSet: '{f.Actual}', bundel hanya memuat ambang batas {f.Expected}; peringkat formasi ini tidak dapat dihitung ulang",
            FindingKind.AdvanceLimitDiffers => $"{ranking}.advanceLimit: {f.Detail} x kuota {bundle.Rankings[p.Ranking!.Value].Quota} = {f.Expected}, bundel menyatakan {f.Actual}",
            FindingKind.RowUnrankable => $"{row}: {(p.Field == "category" ? $"kategori '{f.Actual}' tidak dikenal" : "nilai tidak lengkap")}; tidak dapat diperingkat",
            FindingKind.RowTotalDiffers => $"{row}.total: jumlah nilai subtes memberi {f.Expected}, bundel menyatakan {Value(f.Actual)}",
            FindingKind.RankingFailed => $"{ranking}: tidak dapat diperingkat: {f.Detail}",
            FindingKind.RankDiffers or FindingKind.AdvancesDiffers => $"{row}.{p.Field}: dihitung ulang {Value(f.Expected)}, bundel menyatakan {Value(f.Actual)}",
            FindingKind.RowPassedDiffers => $"{row}.passed: dihitung ulang {Value(f.Expected)}, bundel menyatakan {Value(f.Actual)} ({f.Detail})",
            FindingKind.FormationNotRanked => $"{who}.formation: formasi {f.Actual} tidak ada di rankings",
            FindingKind.CandidateNotRanked => $"{who}: tidak ada di rankings[{p.Ranking}] ({p.Formation})",
            FindingKind.OutcomeDiffers => $"{who} / rankings[{p.Ranking}].rows[{p.Row}].outcome: dari hasil peserta {f.Expected}, baris peringkat {f.Actual}",
            FindingKind.QuotaDiffers => $"{who} / rankings[{p.Ranking}].rows[{p.Row}]: kuota formasi peserta {f.Expected}, peringkat {f.Actual}",
            FindingKind.RowScoresDiffer => $"{who} / rankings[{p.Ranking}].rows[{p.Row}].scores: nilai peserta {f.Expected} total {Value(Total(bundle.Candidates[p.Candidate!.Value].Total))}, "
                + $"baris peringkat {f.Actual ?? "kosong"} total {Value(Total(bundle.Rankings[p.Ranking!.Value].Rows[p.Row!.Value].Total))}",
            FindingKind.LedgerRecordsDiffer => $"ledger.records: dihitung ulang {f.Expected} catatan, bundel menyatakan {f.Actual}",
            FindingKind.LedgerHeadDiffers => $"ledger.head: dihitung ulang {f.Expected}, bundel menyatakan {f.Actual} (isi bundel berbeda dari yang dirantai, atau head diubah)",
            _ => $"{f.Kind}",
        };
    }

    private static string? Total(int? total) => total?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A value as the report reads it: <c>ya</c>/<c>tidak</c> for booleans, <c>kosong</c> for none.</summary>
    private static string Value(string? value) => value switch { "true" => "ya", "false" => "tidak", null => "kosong", _ => value };

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
