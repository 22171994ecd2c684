using System.Text.RegularExpressions;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>A source refused as a whole (hostile or unreadable): nothing of it is imported.</summary>
internal sealed class RefusedException(FileError error) : Exception(error.ToString())
{
    public FileError Error { get; } = error;
}

/// <summary>
/// Finds the image a source refers to by a relative path: never outside the source's own folder
/// (a path that leaves it, or an absolute one, refuses the whole source), only the bank's image
/// types and sizes, always with an alt text.
/// </summary>
internal static partial class ImageFiles
{
    /// <summary>The named refusal for a path that leaves the package.</summary>
    public const string Traversal = "jalur keluar dari paket (path traversal)";

    /// <summary>The image, or the reason it cannot be kept (for the item's report line).</summary>
    /// <param name="root">The source's folder; nothing outside it is read.</param>
    /// <param name="baseDir">The folder the path is relative to (the item file's).</param>
    /// <param name="sourceName">What a refusal names (the file the user gave).</param>
    public static (DraftImage? Image, string? Problem) Find(string root, string baseDir, string src, string alt, string sourceName)
    {
        src = src.Trim();
        if (src.Length == 0)
        {
            return (null, "gambar tanpa alamat berkas (src kosong)");
        }
        if (src.Contains("://", StringComparison.Ordinal) || src.StartsWith("//", StringComparison.Ordinal) || src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"gambar '{Short(src)}' berupa alamat luar atau data URI; sertakan berkas gambarnya di dalam paket");
        }
        var path = Uri.UnescapeDataString(src.Split('?', '#')[0]).Replace('\\', '/');
        if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(path))
        {
            throw new RefusedException(new FileError(sourceName, 1, $"{Traversal}: gambar '{Short(src)}' memakai jalur absolut; semua jalur harus relatif di dalam paket"));
        }
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(baseDir, path));
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            throw new RefusedException(new FileError(sourceName, 1, $"{Traversal}: gambar '{Short(src)}' menunjuk ke luar paket; semua jalur harus tetap di dalam paket"));
        }
        if (!File.Exists(full))
        {
            return (null, $"berkas gambar '{Short(src)}' tidak ada di dalam paket");
        }
        return Check(Path.GetFileName(full), File.ReadAllBytes(full), alt);
    }

    /// <summary>The image from bytes a source carries inside (Moodle's base64 files).</summary>
    public static (DraftImage? Image, string? Problem) Check(string name, byte[] bytes, string alt)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (!BankLoader.ImageExtensions.Contains(ext))
        {
            return (null, $"jenis gambar '{Short(name)}' tidak didukung (yang didukung: {string.Join(", ", BankLoader.ImageExtensions)})");
        }
        if (bytes.Length > BankLoader.MaxImageBytes)
        {
            return (null, $"gambar '{Short(name)}' {bytes.Length} bita, paling besar {BankLoader.MaxImageBytes} bita");
        }
        if (string.IsNullOrWhiteSpace(alt))
        {
            return (null, $"gambar '{Short(name)}' tanpa teks alternatif (alt); bank mewajibkannya untuk pembaca layar");
        }
        var stem = Unsafe().Replace(Path.GetFileNameWithoutExtension(name), "-").Trim('-', '.');
        return (new DraftImage((stem.Length == 0 ? "gambar" : stem) + ext, bytes, alt.Trim()), null);
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();
}
