using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Commands;

/// <summary>A <see cref="NationalReport"/> in Indonesian: one line per check, at most <see cref="NationalVerifier.MaxDetails"/> mismatches under each, then the counts.</summary>
public static class NationalVerifyText
{
    public static void Print(NationalReport report, string path, TextWriter stdout)
    {
        var p = report.Publication;
        stdout.WriteLine($"Publikasi nasional {path}: run {p.Selection.RunId} ({p.Selection.RankedAt:u}), {p.Bundles.Count} bundel, {p.Formations.Count} formasi, {p.Selection.Candidates} peserta");
        foreach (var check in report.Checks)
        {
            var tag = check.Status switch
            {
                NationalStatus.Ok => "[OK]",
                NationalStatus.Failed => "[GAGAL]",
                NationalStatus.Skipped => "[LEWATI]",
                _ => "[CATATAN]",
            };
            stdout.WriteLine($"{tag} {check.Subject}: {check.Summary}");
            foreach (var line in check.Details.Take(NationalVerifier.MaxDetails))
            {
                stdout.WriteLine("  " + line);
            }
            if (check.Details.Count > NationalVerifier.MaxDetails)
            {
                stdout.WriteLine($"  ... dan {check.Details.Count - NationalVerifier.MaxDetails} selisih lain");
            }
        }
        var counted = report.Checks.Count(c => c.Status is NationalStatus.Ok or NationalStatus.Failed);
        var failed = report.Checks.Count(c => c.Failed);
        stdout.WriteLine(failed == 0
            ? $"Hasil nasional: LULUS PEMERIKSAAN ({counted} pemeriksaan)"
            : $"Hasil nasional: GAGAL ({failed} dari {counted} pemeriksaan)");
    }
}
