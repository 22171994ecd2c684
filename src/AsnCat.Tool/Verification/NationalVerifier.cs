using System.Security.Cryptography;
using System.Text.Json;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
namespace AsnCat.Tool.Verification;

/// <summary>How a check of the national publication came out; <see cref="Note"/> states a limit of the check, not a mismatch.</summary>
public enum NationalStatus
{
    Ok,
    Failed,

    /// <summary>A bundle given that the publication does not name: not used.</summary>
    Skipped,

    Note,
}

/// <summary>
/// One check of the national publication: its subject (<c>bundel sesi S-A (lokasi ...)</c>,
/// <c>formasi F-1</c>), how it came out, a one-line summary and the mismatches found, each a line
/// naming where (in Indonesian, as the auditor reads it).
/// </summary>
public sealed record NationalCheck(string Subject, NationalStatus Status, string Summary, IReadOnlyList<string> Details)
{
    public bool Failed => Status == NationalStatus.Failed;
}

/// <summary>The checks of a national publication against the bundles given, in the order run.</summary>
public sealed record NationalReport(NationalPublicationFile Publication, IReadOnlyList<NationalCheck> Checks)
{
    public bool Passed => Checks.All(c => !c.Failed);
}

/// <summary>A bundle as given to <c>verify --national</c>: its path, the SHA-256 (lowercase hex) of its exact bytes and its contents.</summary>
public sealed record GivenBundle(string Path, string Sha256, ResultBundle Bundle)
{
    public static GivenBundle Of(string path, byte[] bytes, ResultBundle bundle) => new(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bundle);
}

/// <summary>A national publication that cannot be checked; the message names the file's problem and where.</summary>
public sealed class PublicationUnreadableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Re-derives the national publication (<c>asncat-national/1</c>, docs/national.md) from the venue
/// bundles it names: each named bundle must be given with the exact bytes the centre accepted (its
/// SHA-256), session, venue and ledger head; then every formation is ranked again from those
/// bundles alone, with the once-per-selection rule and the scoring library's
/// <see cref="AsnCat.Scoring.Ranking.Rank"/> under each bundle's own threshold file, and compared
/// row by row; optimalisasi rows are checked as far as the file allows. Each bundle's own checks are
/// <see cref="BundleVerifier"/>'s; prints nothing (the <c>verify</c> command does).
/// </summary>
public static partial class NationalVerifier
{
    /// <exception cref="PublicationUnreadableException">The file cannot be read, is not JSON of the publication's shape, or is of another format.</exception>
    public static NationalPublicationFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublicationUnreadableException($"tidak dapat dibaca ({e.Message}). Periksa jalur dan izin berkasnya.", e);
        }
        NationalPublicationFile publication;
        try
        {
            publication = NationalPublicationFile.Parse(bytes);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" di {e.Path}" + (e.LineNumber is { } l ? $" (baris {l + 1})" : "");
            throw new PublicationUnreadableException(
                $"bukan publikasi nasional {NationalPublicationFile.FormatName}{where}: {e.Message} Unduh ulang publikasinya dari pusat (GET /api/national/publication); berkas itu tidak boleh disunting.", e);
        }
        if (publication.Format != NationalPublicationFile.FormatName)
        {
            throw new PublicationUnreadableException(
                $"$.format: '{publication.Format}' bukan {NationalPublicationFile.FormatName}; perintah ini membaca publikasi {NationalPublicationFile.FormatName}. Gunakan versi AsnCat yang menulis publikasi itu.");
        }
        return publication;
    }

    /// <summary>Checks <paramref name="publication"/> against <paramref name="bundles"/> (each already checked on its own by <see cref="BundleVerifier"/>).</summary>
    public static NationalReport Verify(NationalPublicationFile publication, IReadOnlyList<GivenBundle> bundles)
    {
        ArgumentNullException.ThrowIfNull(publication);
        ArgumentNullException.ThrowIfNull(bundles);
        var checks = new List<NationalCheck>();
        var (used, unavailable) = MatchBundles(publication, bundles, checks);
        var derived = Derive(used);
        CompareFormations(publication, derived, unavailable, bundles, checks);
        CheckOptimalisasi(publication, derived, checks);
        CheckSelection(publication, derived, checks);
        return new NationalReport(publication, checks);
    }

    private static string Short(string? hash) => hash is null ? "null" : hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string Named(PublishedBundle e) => $"sesi {e.Session} (lokasi {e.Venue})";

    /// <summary>
    /// The bundles the publication names, matched by the SHA-256 of their bytes: one check per named
    /// session and per bundle given but not named. Returns the bundles to re-derive from and the named
    /// sessions without one (with why, for the formations' messages).
    /// </summary>
    private static (List<GivenBundle> Used, List<(PublishedBundle Entry, string Why)> Unavailable) MatchBundles(
        NationalPublicationFile publication, IReadOnlyList<GivenBundle> bundles, List<NationalCheck> checks)
    {
        var used = new List<GivenBundle>();
        var unavailable = new List<(PublishedBundle, string)>();
        var claimed = new HashSet<GivenBundle>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < publication.Bundles.Count; i++)
        {
            var e = publication.Bundles[i];
            var subject = $"bundel {Named(e)}";
            var sameSession = bundles.Where(b => b.Bundle.Session.Code == e.Session).ToList();
            if (e.Sha256 is null)
            {
                claimed.UnionWith(sameSession);
                var given = sameSession.Count == 0 ? "" : $" Berkas {string.Join(", ", sameSession.Select(b => b.Path))} tidak dipakai: pusat belum menerimanya.";
                checks.Add(new NationalCheck(subject, NationalStatus.Failed,
                    $"bundles[{i}].sha256 null: bundel sesi ini belum diterima pusat, jadi formasi yang bertumpu padanya tidak dapat diturunkan ulang dari berkas.{given} "
                    + "Minta pusat menerima bundel sesi itu (atau menutup formasinya dengan keputusan panitia) dan menerbitkan publikasi baru.", []));
                unavailable.Add((e, "belum diterima pusat"));
                continue;
            }
            var match = bundles.FirstOrDefault(b => string.Equals(b.Sha256, e.Sha256, StringComparison.OrdinalIgnoreCase));
            var download = $"Unduh bundel yang disebut publikasi (sesi {e.Session}, sha256 {e.Sha256}) dari pusat dan berikan bersama publikasi.";
            if (match is null)
            {
                claimed.UnionWith(sameSession);
                var summary = sameSession.Count == 0
                    ? $"tidak diberikan. {download}"
                    : $"{string.Join(", ", sameSession.Select(b => $"{b.Path} (sha256 {Short(b.Sha256)})"))} bukan bundel yang diterima pusat (sha256 {Short(e.Sha256)}): isinya berbeda (diubah, atau versi lain). {download}";
                checks.Add(new NationalCheck(subject, NationalStatus.Failed, summary, []));
                unavailable.Add((e, sameSession.Count == 0 ? "tidak diberikan" : "berkasnya berbeda dari yang diterima pusat"));
                continue;
            }
            claimed.Add(match);
            if (!used.Contains(match, ReferenceEqualityComparer.Instance))
            {
                used.Add(match);
            }
            var s = match.Bundle.Session;
            var details = new List<string>();
            if (s.Code != e.Session)
            {
                details.Add($"bundles[{i}].session: publikasi {e.Session}, bundel {match.Path} berisi sesi {s.Code}");
            }
            if (s.Venue != e.Venue)
            {
                details.Add($"bundles[{i}].venue: publikasi {e.Venue}, bundel {match.Path} menyebut lokasi {s.Venue}");
            }
            if (!string.Equals(match.Bundle.Ledger.Head, e.LedgerHead, StringComparison.OrdinalIgnoreCase))
            {
                details.Add($"bundles[{i}].ledgerHead: publikasi {e.LedgerHead ?? "null"}, bundel {match.Path} {match.Bundle.Ledger.Head}");
            }
            checks.Add(details.Count == 0
                ? new NationalCheck(subject, NationalStatus.Ok, $"{match.Path}: sha256 {Short(match.Sha256)} dan head {Short(e.LedgerHead)} sama dengan publikasi", [])
                : new NationalCheck(subject, NationalStatus.Failed, $"{match.Path}: sha256 sama, tetapi {details.Count} data berbeda dari publikasi. {download}", details));
        }
        foreach (var b in bundles.Where(b => !claimed.Contains(b)).DistinctBy(b => b.Sha256))
        {
            checks.Add(new NationalCheck($"bundel {b.Path}", NationalStatus.Skipped,
                $"sesi {b.Bundle.Session.Code} (lokasi {b.Bundle.Session.Venue}), sha256 {Short(b.Sha256)}: tidak disebut publikasi; tidak dipakai untuk menurunkan ulang peringkat", []));
        }
        return (used, unavailable);
    }
}
