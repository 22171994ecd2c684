using System.Diagnostics;
using System.Globalization;
using AsnCat.Server.National.Centre;
namespace AsnCat.Benchmarks;

/// <summary>
/// <c>national-intake --connection CS [--candidates N] [--runs R]</c> (bench/national-intake.sh):
/// one real, signed bundle of a session of N candidates (<see cref="NationalIntakeRig"/>, prepared
/// outside the timing), then R intakes of it at the centre on PostgreSQL, each on a fresh copy of
/// the centre's database, with their figures, the median and the verifier alone on the same bytes
/// as a yardstick. Exit code 0 when the median is within the target (5 s). The databases and the
/// working folder are removed at the end.
/// </summary>
internal static class NationalIntakeBench
{
    public const string Verb = "national-intake";

    public static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var candidates = 1400;
        var runs = 3;
        string? server = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--candidates": candidates = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--connection": server = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"national-intake: opsi tidak dikenal '{args[i]}' (yang boleh: --connection, --candidates, --runs)");
                    return 2;
            }
        }
        if (server is null || candidates < 1 || runs < 1)
        {
            Console.Error.WriteLine("national-intake: --connection wajib (string koneksi server PostgreSQL, mis. dari scripts/services.sh env); --candidates dan --runs minimal 1");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("asncat-intake-bench-").FullName;
        await using var centre = new PostgresCentre(server);
        try
        {
            await centre.CreateAsync();
            var prepare = Stopwatch.StartNew();
            var rig = await NationalIntakeRig.PrepareAsync(candidates, centre, work, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"persiapan {prepare.Elapsed.TotalSeconds:F1} s: pusat (PostgreSQL) merencanakan sesi {NationalIntakeRig.SessionCode} di lokasi {NationalIntakeRig.VenueCode}, lokasi (SQLite) menjalankannya lewat ExamService dan menulis bundelnya (WriteBundleJob), ditandatangani kunci lokasi"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bundel: {rig.Bundle.Length / 1_048_576.0:F1} MiB, {rig.Candidates:N0} peserta, {rig.Answers:N0} jawaban, {rig.Events:N0} kejadian jawaban"));
            Console.WriteLine();
            Console.WriteLine("| run | total intake | CPU proses | tanda tangan | baca bundel | verify | tulis dan sisanya | jawaban ditulis | kejadian ditulis | tanda terima |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            var totals = new List<TimeSpan>();
            var verifier = new List<TimeSpan>();
            var cpu = new List<TimeSpan>();
            var failed = false;
            for (var run = 1; run <= runs; run++)
            {
                var r = await rig.RunAsync(run, CancellationToken.None);
                totals.Add(r.Total);
                verifier.Add(r.Parse + r.Verify);
                cpu.Add(r.Cpu);
                var accepted = r.Receipt.Status == BundleStatus.Accepted && r.AnswersWritten == rig.Answers && r.EventsWritten == rig.Events;
                failed |= !accepted;
                var rest = r.Total - r.Signature - r.Parse - r.Verify;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run} | {r.Total.TotalSeconds:F2} s | {r.Cpu.TotalSeconds:F2} s | {r.Signature.TotalMilliseconds:F0} ms | {r.Parse.TotalSeconds:F2} s | {r.Verify.TotalSeconds:F2} s | {rest.TotalSeconds:F2} s | {r.AnswersWritten:N0} | {r.EventsWritten:N0} | {r.Receipt.Status}{(accepted ? "" : ": " + string.Join("; ", r.Receipt.Reasons))} |"));
            }
            var median = Median(totals);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                intake satu bundel {rig.Candidates:N0} peserta (tanda tangan, verify, seed, roster, tulis ke baris pusat), median {runs} run: {median.TotalSeconds:F2} s (target <= {Target.TotalSeconds:F0} s); CPU proses median {Median(cpu).TotalSeconds:F2} s
                pembanding: BundleVerifier saja (baca + verify) atas byte yang sama, median: {Median(verifier).TotalSeconds:F2} s
                (tanda tangan, baca bundel dan verify diukur terpisah atas byte yang sama sesudah tiap run; "tulis dan sisanya" = total dikurangi ketiganya;
                 CPU proses = waktu CPU proses ini selama intake, tanpa CPU PostgreSQL: di mesin yang sibuk, selisihnya dengan total adalah antre CPU dan PostgreSQL)
                """));
            if (failed)
            {
                Console.Error.WriteLine("national-intake: intake tidak menerima bundel atau tidak menulis semua baris; angka di atas bukan intake yang berhasil");
                return 1;
            }
            return median <= Target ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
