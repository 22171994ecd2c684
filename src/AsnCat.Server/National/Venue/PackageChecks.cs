using AsnCat.Contracts.National;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// What a package must be before anything of it is applied: the format, this venue, the version
/// and session the list named, a seed that hashes to its commitment, and candidates the venue can
/// seat. Each problem is one Indonesian line naming the package, the field and what to fix.
/// </summary>
public static class PackageChecks
{
    /// <param name="heldSeed">The seed of the session as the venue holds it (a later version may send an empty seed: keep this one).</param>
    public static List<string> Problems(SessionPackage package, PackageRef listed, string venueCode, string? heldSeed)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(listed);
        var at = $"Paket sesi {listed.Session} versi {listed.Version}";
        var problems = new List<string>();
        if (package.Format != SyncContract.PackageFormat)
        {
            problems.Add($"{at}: format '{package.Format}', yang dikenal server ini {SyncContract.PackageFormat}; perbarui server lokasi atau minta pusat mengirim format yang sama.");
        }
        if (package.VenueCode != venueCode)
        {
            problems.Add($"{at}: ditujukan ke lokasi {package.VenueCode}, bukan lokasi ini ({venueCode}); pusat perlu memeriksa daftar paket lokasi ini.");
        }
        if (package.Version != listed.Version || package.Session?.Code != listed.Session)
        {
            problems.Add($"{at}: isinya sesi {package.Session?.Code} versi {package.Version}, tidak sama dengan daftar paket; pusat perlu membangun ulang paket ini.");
        }
        if (package.Session is null || package.Bank is null || package.Formations is null || package.Candidates is null)
        {
            problems.Add($"{at}: bagian session, bank, formations atau candidates tidak ada; paket tidak lengkap.");
            return problems;
        }
        var seed = string.IsNullOrEmpty(package.Seed) ? heldSeed : package.Seed;
        if (seed is null)
        {
            problems.Add($"{at}: tanpa seed, padahal lokasi ini belum memegang seed sesi ini; pusat perlu mengirim paket dengan seed.");
        }
        else if (VenueSignatures.Commitment(seed) != package.SeedCommitment)
        {
            problems.Add($"{at}: SHA-256 seed tidak sama dengan komitmen seed {package.SeedCommitment} yang diumumkan pusat; seed mungkin diganti. Paket tidak dipakai; laporkan ke pusat.");
        }
        else if (seed.Length is 0 or > 32 || !seed.All(char.IsAsciiHexDigitLower))
        {
            problems.Add($"{at}: seed harus teks heksadesimal huruf kecil, 1 sampai 32 karakter.");
        }
        var session = package.Session;
        if (!IndonesianTime.Zones.ContainsKey(session.TimeZone ?? ""))
        {
            problems.Add($"{at}: zona waktu '{session.TimeZone}' tidak dikenal; harus WIB, WITA atau WIT.");
        }
        if (session.Seats is < 1 or > SessionAdmin.MaxSeats)
        {
            problems.Add($"{at}: jumlah kursi {session.Seats}, harus 1 sampai {SessionAdmin.MaxSeats}.");
        }
        if (string.IsNullOrWhiteSpace(session.Venue) || string.IsNullOrWhiteSpace(package.Bank.Hash) || string.IsNullOrWhiteSpace(session.ThresholdSetCode) || string.IsNullOrWhiteSpace(session.BlueprintCode))
        {
            problems.Add($"{at}: nama lokasi, bank soal, kisi-kisi dan ambang batas sesi wajib diisi.");
        }
        problems.AddRange(Candidates(package, at));
        return problems;
    }

    private static IEnumerable<string> Candidates(SessionPackage package, string at)
    {
        var formations = package.Formations.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in package.Formations.GroupBy(f => f.Code, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"{at}: formasi {code} tercantum lebih dari sekali.";
        }
        foreach (var number in package.Candidates.GroupBy(c => c.ParticipantNumber, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"{at}: peserta {number} tercantum lebih dari sekali.";
        }
        foreach (var seat in package.Candidates.Where(c => c.Seat is not null).GroupBy(c => c.Seat).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"{at}: kursi {seat} diberikan kepada lebih dari satu peserta.";
        }
        if (package.Candidates.Count > package.Session.Seats)
        {
            yield return $"{at}: {package.Candidates.Count} peserta untuk {package.Session.Seats} kursi.";
        }
        foreach (var c in package.Candidates)
        {
            var who = $"{at}, peserta {c.ParticipantNumber}";
            if (string.IsNullOrWhiteSpace(c.ParticipantNumber) || c.ParticipantNumber.Length > 50 || string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 300)
            {
                yield return $"{who}: nomor peserta (maksimal 50) dan nama (maksimal 300) wajib diisi.";
            }
            if (c.NikLast4 is not { Length: 4 } || !c.NikLast4.All(char.IsAsciiDigit))
            {
                yield return $"{who}: NikLast4 harus empat angka terakhir NIK.";
            }
            if (!CandidateCategories.TryParse(c.Category ?? "", out _))
            {
                yield return $"{who}: kategori '{c.Category}' tidak dikenal ({string.Join(", ", CandidateCategories.Codes)}).";
            }
            if (!formations.Contains(c.FormationCode ?? ""))
            {
                yield return $"{who}: formasi {c.FormationCode} tidak ada di bagian formations paket.";
            }
            if (c.Seat is { } seat && (seat < 1 || seat > package.Session.Seats))
            {
                yield return $"{who}: kursi {seat} di luar 1 sampai {package.Session.Seats}.";
            }
            if (c.ExtraMinutes is < 0 or > ImportService.MaxExtraMinutes)
            {
                yield return $"{who}: tambahan waktu {c.ExtraMinutes} menit, harus 0 sampai {ImportService.MaxExtraMinutes}.";
            }
        }
    }

    /// <summary>Rule files compared as text, whatever the line endings.</summary>
    public static bool SameText(string? a, string? b) => Normalize(a) == Normalize(b);

    private static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
