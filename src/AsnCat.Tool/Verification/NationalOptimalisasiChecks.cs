using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
namespace AsnCat.Tool.Verification;

/// <summary>The checks of optimalisasi rows and of the selection's counts.</summary>
public static partial class NationalVerifier
{
    /// <summary>The outcome of a row placed by optimalisasi (a committee decision, not a session outcome).</summary>
    public const string OptimalisasiOutcome = "optimalisasi";

    /// <summary>
    /// What the file allows checking of each formation's optimalisasi rows (<c>fromFormation</c> set):
    /// the candidate is in the named formation's own rows, passed there and does not advance there,
    /// the row carries that row's values, the two formations have the same position and education,
    /// and the rows do not exceed the filled formation's unfilled advancing places (the donor's
    /// threshold set's advance multiple x quota less its own advancing rows). The rule file itself
    /// is not in the publication: a note says so.
    /// </summary>
    private static void CheckOptimalisasi(NationalPublicationFile publication, Dictionary<string, DerivedFormation> derived, List<NationalCheck> checks)
    {
        var byCode = publication.Formations.Select((f, i) => (f, i)).ToDictionary(x => x.f.Code, x => x, StringComparer.Ordinal);
        var placedIn = new Dictionary<string, string>(StringComparer.Ordinal);
        var any = false;
        for (var i = 0; i < publication.Formations.Count; i++)
        {
            var f = publication.Formations[i];
            var rows = f.Rows.Select((r, k) => (Row: r, Index: k)).Where(x => x.Row.FromFormation is not null).ToList();
            if (rows.Count == 0)
            {
                continue;
            }
            any = true;
            var details = new List<string>();
            int? multiple = null;
            foreach (var (row, k) in rows)
            {
                var place = $"formations[{i}] ({f.Code}).rows[{k}] ({row.ParticipantNumber})";
                if (placedIn.TryGetValue(row.ParticipantNumber, out var other))
                {
                    details.Add($"{place}: peserta ini juga ditempatkan lewat optimalisasi di formasi {other}; seorang peserta ditempatkan sekali");
                }
                placedIn[row.ParticipantNumber] = f.Code;
                if (row.Outcome != OptimalisasiOutcome || !row.Advances || row.Rank is not null)
                {
                    details.Add($"{place}: baris optimalisasi harus outcome '{OptimalisasiOutcome}', advances ya, rank kosong; publikasi outcome '{row.Outcome}', advances {Bool(row.Advances)}, rank {Number(row.Rank)}");
                }
                if (!byCode.TryGetValue(row.FromFormation!, out var from))
                {
                    details.Add($"{place}.fromFormation: formasi {row.FromFormation} tidak ada di publikasi");
                    continue;
                }
                var fromAt = $"formations[{from.i}] ({from.f.Code})";
                if (from.f.Position != f.Position || from.f.Education != f.Education)
                {
                    details.Add($"{place}: formasi asal {from.f.Code} (jabatan '{from.f.Position}', pendidikan '{from.f.Education}') tidak sama jabatan dan pendidikannya dengan {f.Code} (jabatan '{f.Position}', pendidikan '{f.Education}')");
                }
                var own = from.f.Rows.Select((r, n) => (r, n)).FirstOrDefault(x => x.r.FromFormation is null && x.r.ParticipantNumber == row.ParticipantNumber);
                if (own.r is null)
                {
                    details.Add($"{place}: tidak ada di daftar formasi asalnya {fromAt}");
                    continue;
                }
                var ownAt = $"{fromAt}.rows[{own.n}]";
                if (!own.r.Passed || own.r.Advances)
                {
                    details.Add($"{place}: di formasi asalnya ({ownAt}) lulus {Bool(own.r.Passed)}, lolos SKB {Bool(own.r.Advances)}; optimalisasi hanya untuk yang lulus dan tidak lolos di formasinya");
                }
                if (own.r.Total != row.Total || SessionLedger.ScoresText(own.r.Scores) != SessionLedger.ScoresText(row.Scores) || own.r.Category != row.Category
                    || own.r.Passed != row.Passed || own.r.FinishedAttempts != row.FinishedAttempts)
                {
                    details.Add($"{place}: nilai, total, kategori, lulus atau jumlah ujian berbeda dari barisnya di formasi asal ({ownAt})");
                }
                multiple ??= derived.GetValueOrDefault(from.f.Code)?.Set?.Ranking.AdvanceMultiple;
            }
            multiple ??= derived.GetValueOrDefault(f.Code)?.Set?.Ranking.AdvanceMultiple;
            var advancing = f.Rows.Count(r => r.FromFormation is null && r.Advances);
            if (multiple is { } m)
            {
                var unfilled = Math.Max(0, m * f.Quota - advancing);
                if (rows.Count > unfilled)
                {
                    details.Add($"formations[{i}] ({f.Code}): {rows.Count} baris optimalisasi, tempat lolos SKB yang kosong hanya {unfilled} ({m} x kuota {f.Quota} dikurangi {advancing} yang lolos di formasi ini)");
                }
            }
            else
            {
                details.Add($"formations[{i}] ({f.Code}): kelipatan lolos SKB tidak dapat dibaca dari bundel (ambang batas formasi asal tidak diketahui); jumlah tempat kosong tidak dapat diperiksa");
            }
            checks.Add(details.Count == 0
                ? new NationalCheck($"optimalisasi formasi {f.Code}", NationalStatus.Ok,
                    $"{rows.Count} baris dari formasi {string.Join(", ", rows.Select(r => r.Row.FromFormation).Distinct(StringComparer.Ordinal))}: lulus dan tidak lolos di formasi asalnya, jabatan dan pendidikan sama, tidak melebihi {Math.Max(0, multiple!.Value * f.Quota - advancing)} tempat kosong", [])
                : new NationalCheck($"optimalisasi formasi {f.Code}", NationalStatus.Failed, $"{details.Count} selisih", details));
        }
        if (any)
        {
            checks.Add(new NationalCheck("aturan optimalisasi", NationalStatus.Note,
                "berkas aturannya (question-banks/optimalisasi/<kode>.yaml) tidak ada di publikasi: siapa yang boleh mengisi diperiksa dengan jabatan dan pendidikan yang sama (optimalisasi-2024), "
                + "dan urutan pengisi di antara calon dari beberapa formasi tidak dapat diperiksa dari berkas", []));
        }
    }

    /// <summary>The selection's counts against the re-derivation: candidates (each once), flagged, threshold sets.</summary>
    private static void CheckSelection(NationalPublicationFile publication, Dictionary<string, DerivedFormation> derived, List<NationalCheck> checks)
    {
        var rows = derived.Values.SelectMany(f => f.Rows).ToList();
        var details = new List<string>();
        var flagged = rows.Count(r => r.FinishedAttempts > 1);
        if (publication.Selection.Candidates != rows.Count)
        {
            details.Add($"selection.candidates: dari bundel {rows.Count}, publikasi {publication.Selection.Candidates}");
        }
        if (publication.Selection.Flagged != flagged)
        {
            details.Add($"selection.flagged: dari bundel {flagged}, publikasi {publication.Selection.Flagged}");
        }
        var sets = derived.Values.Where(f => f.Rows.Count > 0).Select(f => f.Set?.Code).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!sets.SequenceEqual(publication.Selection.ThresholdSets.Order(StringComparer.Ordinal)))
        {
            details.Add($"selection.thresholdSets: dari bundel [{string.Join(", ", sets)}], publikasi [{string.Join(", ", publication.Selection.ThresholdSets)}]");
        }
        checks.Add(details.Count == 0
            ? new NationalCheck("seleksi", NationalStatus.Ok, $"{rows.Count} peserta (masing-masing sekali), {flagged} ujian lebih dari sekali, ambang batas {string.Join(", ", sets)}", [])
            : new NationalCheck("seleksi", NationalStatus.Failed, $"{details.Count} selisih", details));
    }
}
