using System.Globalization;
using AsnCat.Server.National.Ranking;
using AsnCat.Tool.National;
namespace AsnCat.LoadTest.National;

/// <param name="Candidates">Planned for the venue's session.</param>
/// <param name="Sat">Terminals that logged in (the others are absent).</param>
/// <param name="Differ">Answer events at the venue and at the centre that are not the same multiset (by participant, position, kind, sequence, value).</param>
public sealed record VenueAnswers(int Candidates, int Sat, long Acknowledged, long Lost, long Doubled, int VenueEvents, int CentreEvents, int Differ, Reconciliation Venue);

/// <param name="Status"><c>ditolak</c> is what the run expects.</param>
public sealed record ForgedResult(string What, int HttpStatus, string Status, string Reasons);

/// <summary>The national run's findings, printed as the README's tables.</summary>
public sealed class NationalReport
{
    public const double BoardTargetMs = 3000;

    public required IReadOnlyList<VenueSite> Venues { get; init; }

    public required TimeSpan CutFor { get; init; }

    /// <summary>From the line's return to the cut venue's bundle accepted.</summary>
    public required TimeSpan CatchUp { get; init; }

    public required (string Session, StalenessMeter Meter, int Polls, int Failures)[] Lags { get; init; }

    public required string[] LoadBefore { get; init; }

    public Dictionary<string, VenueAnswers> Answers { get; } = [];

    public Dictionary<string, (int Uploaded, int Accepted, int Refused)> Bundles { get; } = [];

    public NationalRankingReport? Ranking { get; set; }

    public List<string> RankProblems { get; } = [];

    public (int Compared, int Scored) RankCompared { get; set; }

    public NationalPublicationFile? Publication { get; set; }

    public string? PublicationHead { get; set; }

    /// <summary><c>verify --national</c>'s exit code (0: every rank re-derived) and its failures and last line.</summary>
    public (int Exit, string Summary) Verified { get; set; } = (-1, "tidak dijalankan");

    public List<ForgedResult> Forged { get; } = [];

    public bool GenuineKept { get; set; }

    public bool Passed =>
        Answers.Count == Venues.Count && Answers.Values.All(a => a.Lost == 0 && a.Doubled == 0 && a.Differ == 0 && a.Venue.Clean && a.Acknowledged > 0)
        && Bundles.Values.All(b => b.Accepted == 1 && b.Refused == 0)
        && RankProblems.Count == 0 && RankCompared.Compared > 0
        && Forged.Count == 4 && Forged.All(f => f.Status == "ditolak" && f.Reasons.Length > 0) && GenuineKept
        && Publication is not null && Publication.Bundles.All(b => b.Sha256 is not null) && Verified.Exit == 0;

    public void Write(TextWriter w, NationalRunOptions o)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(o);
        var ci = CultureInfo.InvariantCulture;
        w.WriteLine();
        w.WriteLine(string.Create(ci, $"Uji nasional: pusat {o.Nodes} node (PostgreSQL, Redis, nginx HTTPS), 3 lokasi (SQLite) x {o.Terminals} peserta, ujian {o.ExamSeconds} s; jalur {Venues[1].Code} putus {CutFor.TotalSeconds:0} s (seluruh sesinya + {o.CutAfter} s)"));
        w.WriteLine(string.Create(ci, $"Mesin: {Environment.ProcessorCount} core; load average sebelum {string.Join(' ', LoadBefore)}, sesudah {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}"));
        w.WriteLine();
        w.WriteLine("| lokasi | zona | peserta | hadir | jawaban diakui | event lokasi | event pusat | hilang | ganda | berbeda | lokasi sendiri | bundel dikirim | diverifikasi | ditolak |");
        w.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var v in Venues)
        {
            var a = Answers.GetValueOrDefault(v.Code);
            var b = Bundles.GetValueOrDefault(v.Code);
            w.WriteLine(string.Create(ci, $"| {v.Code} | {v.Zone} | {a?.Candidates} | {a?.Sat} | {a?.Acknowledged:N0} | {a?.VenueEvents:N0} | {a?.CentreEvents:N0} | {a?.Lost} | {a?.Doubled} | {a?.Differ} | {(a?.Venue.Clean == true ? "bersih" : a?.Venue.FirstProblem)} | {b.Uploaded} | {b.Accepted} | {b.Refused} |"));
        }
        var lost = Answers.Values.Sum(a => a.Lost);
        var doubled = Answers.Values.Sum(a => a.Doubled);
        w.WriteLine();
        w.WriteLine(string.Create(ci, $"Pusat: hilang {lost}, ganda {doubled} dari {Answers.Values.Sum(a => a.Acknowledged):N0} jawaban diakui di semua lokasi; bundel {Venues[1].Code} diterima {CatchUp.TotalSeconds:0.0} s setelah jalurnya pulih"));
        foreach (var (session, meter, polls, failures) in Lags)
        {
            w.WriteLine(string.Create(ci, $"Papan publik pusat untuk {session} (jalur hidup, lewat nginx, dibaca tiap 250 ms): keterlambatan p50 {StalenessMeter.Percentile(meter.Histogram, 0.50)}, p99 {StalenessMeter.Percentile(meter.Histogram, 0.99)} (target p99 <= {BoardTargetMs:0} ms; {meter.Histogram.Sum():N0} sampel, {polls:N0} baca, {failures} gagal)"));
        }
        if (Ranking is { } r)
        {
            w.WriteLine(string.Create(ci, $"Peringkat nasional (run {r.RunId}): {r.Formations} formasi ({r.FinalFormations} final), {r.Rows:N0} baris, {r.Flagged} ditandai, {r.Total.TotalMilliseconds:0} ms"));
        }
        w.WriteLine(RankProblems.Count == 0
            ? string.Create(ci, $"Sama dengan perintah rank atas nilai gabungan bundel ketiga lokasi: {RankCompared.Compared:N0} peserta bernilai, semua sama")
            : $"BERBEDA dengan perintah rank ({RankProblems.Count}): {string.Join("; ", RankProblems.Take(10))}");
        if (Publication is { } p)
        {
            w.WriteLine(string.Create(ci, $"Publikasi nasional ({p.Format}, run {p.Selection.RunId}): {p.Formations.Count} formasi, {p.Selection.Candidates:N0} peserta, bundel {string.Join(", ", p.Bundles.Select(b => $"{b.Venue}/{b.Session} {b.Sha256?[..12]}"))}"));
            w.WriteLine($"Head publikasi (atas head ledger bundel-bundelnya): {PublicationHead}");
            w.WriteLine($"verify --national atas publikasi dan ketiga bundel: keluar {Verified.Exit}; {Verified.Summary}");
        }
        w.WriteLine();
        w.WriteLine($"Bundel palsu dikirim sebagai {Venues[0].Code} untuk {Venues[0].SessionCode}:");
        foreach (var f in Forged)
        {
            w.WriteLine($"- {f.What}: HTTP {f.HttpStatus}, {f.Status}: {f.Reasons[..Math.Min(f.Reasons.Length, 300)]}");
        }
        w.WriteLine(GenuineKept ? "Bundel asli tetap yang berlaku untuk sesi itu." : "GAGAL: bundel yang berlaku untuk sesi itu berubah.");
        w.WriteLine();
        w.WriteLine(Passed ? "HASIL: LULUS (tidak ada yang hilang atau ganda, peringkat sama, semua bundel palsu ditolak)" : "HASIL: GAGAL (lihat di atas)");
    }
}
