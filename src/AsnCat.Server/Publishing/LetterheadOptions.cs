using System.Text.RegularExpressions;
using AsnCat.Server.Data;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Publishing;

/// <summary>
/// The committee's letterhead (section <c>Letterhead</c>): who announces, where, and who signs.
/// Every PDF (announcement and certificate) and every public results page carries it; the
/// announcement ends with the place, the date and the signature block. Checked at start.
/// </summary>
public sealed class LetterheadOptions
{
    public const string Section = "Letterhead";

    /// <summary>The agency (instansi), e.g. <c>Badan Kepegawaian Negara</c>.</summary>
    public string Agency { get; set; } = "";

    /// <summary>The committee (panitia), e.g. <c>Panitia Seleksi Calon Aparatur Sipil Negara Tahun 2026</c>.</summary>
    public string Committee { get; set; } = "";

    /// <summary>The committee's address line under the names; optional.</summary>
    public string? Address { get; set; }

    /// <summary>Where the announcement is signed, e.g. <c>Jakarta</c>.</summary>
    public string Place { get; set; } = "";

    /// <summary>
    /// The committee's time zone (WIB, WITA, WIT): the date beside the place, the audit log, and a
    /// formation's publication whose sessions ran in different zones. A session's own results are
    /// shown in the session's zone.
    /// </summary>
    public string TimeZone { get; set; } = IndonesianTime.Default;

    /// <summary>The signatory's position (jabatan), e.g. <c>Ketua Panitia Seleksi</c>.</summary>
    public string SignatoryTitle { get; set; } = "";

    public string SignatoryName { get; set; } = "";

    /// <summary>The signatory's NIP (Nomor Induk Pegawai): 18 digits.</summary>
    public string SignatoryNip { get; set; } = "";

    /// <summary>A PNG or JPEG logo at the left of the letterhead (absolute, or relative to the content root); empty: none.</summary>
    public string? LogoPath { get; set; }

    /// <summary>The letterhead's lines: committee and agency in capitals, then the address.</summary>
    public IReadOnlyList<string> Lines =>
        [Committee.ToUpperInvariant(), Agency.ToUpperInvariant(), .. string.IsNullOrWhiteSpace(Address) ? Array.Empty<string>() : [Address]];

    /// <summary>The logo's full path (relative paths from <paramref name="contentRoot"/>); null without a logo.</summary>
    public string? LogoFile(string contentRoot) =>
        string.IsNullOrWhiteSpace(LogoPath) ? null : Path.GetFullPath(LogoPath, contentRoot);
}

/// <summary>Checks <see cref="LetterheadOptions"/> at start: every message says what is wrong, which setting, and how to fix it, in Indonesian.</summary>
public sealed partial class LetterheadValidation(IHostEnvironment environment) : IValidateOptions<LetterheadOptions>
{
    public ValidateOptionsResult Validate(string? name, LetterheadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Required(string value, string key, string example)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"Letterhead:{key} kosong. Isi di appsettings.json, bagian \"Letterhead\", mis. \"{example}\".");
            }
        }
        Required(options.Agency, nameof(options.Agency), "Badan Kepegawaian Negara");
        Required(options.Committee, nameof(options.Committee), "Panitia Seleksi CASN Tahun 2026");
        Required(options.Place, nameof(options.Place), "Jakarta");
        Required(options.SignatoryTitle, nameof(options.SignatoryTitle), "Ketua Panitia Seleksi");
        Required(options.SignatoryName, nameof(options.SignatoryName), "Dra. Siti Rahmawati, M.Si.");
        if (!Nip().IsMatch(options.SignatoryNip ?? ""))
        {
            errors.Add($"Letterhead:SignatoryNip '{options.SignatoryNip}' bukan NIP yang sah: NIP terdiri atas 18 angka tanpa spasi, mis. \"197203151998032001\".");
        }
        if (!IndonesianTime.Zones.ContainsKey(options.TimeZone ?? ""))
        {
            errors.Add($"Letterhead:TimeZone '{options.TimeZone}' tidak dikenal. Pilih salah satu: {string.Join(", ", IndonesianTime.Zones.Keys)}.");
        }
        if (options.LogoFile(environment.ContentRootPath) is { } logo)
        {
            if (!File.Exists(logo))
            {
                errors.Add($"Letterhead:LogoPath: berkas logo '{logo}' tidak ditemukan. Periksa jalurnya atau kosongkan LogoPath bila tanpa logo.");
            }
            else if (!IsImage(logo))
            {
                errors.Add($"Letterhead:LogoPath: berkas '{logo}' bukan gambar PNG atau JPEG. Simpan logo sebagai .png atau .jpg.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsImage(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        var n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return n == 4 && (head.SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || head[..3].SequenceEqual((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]));
    }

    [GeneratedRegex("^[0-9]{18}$")]
    private static partial Regex Nip();
}
