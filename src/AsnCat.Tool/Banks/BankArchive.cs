using System.IO.Compression;
namespace AsnCat.Tool.Banks;

/// <summary>
/// Unpacks an uploaded .zip (a bank folder, a QTI content package, an .xlsx) into an empty folder, refusing anything that could
/// write outside it or exhaust the disk: absolute paths, drive letters, <c>..</c> segments (also
/// written with backslashes), links and other special entries, too many entries, too many bytes and
/// zip bombs. Sizes are counted as the bytes are actually inflated; the headers' sizes are not trusted.
/// Every name is checked before the first byte is written, so a refused archive writes nothing.
/// </summary>
public static class BankArchive
{
    public const int MaxEntries = 5_000;

    public const long MaxTotalBytes = 100L * 1024 * 1024;

    public const long MaxEntryBytes = 10L * 1024 * 1024;

    /// <summary>Inflated bytes per compressed byte beyond which an entry (or the archive) counts as a zip bomb.</summary>
    public const int MaxRatio = 100;

    // below this many inflated bytes the ratio is not checked: small, very regular files compress well
    private const long RatioFloor = 1024 * 1024;

    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixSymlink = 0xA000;

    /// <summary>Extracts <paramref name="zipPath"/> into the empty folder <paramref name="target"/>; problems are reported against <paramref name="name"/>.</summary>
    public static void Extract(string zipPath, string target, string name, List<FileError> errors) =>
        Open(zipPath, target, name, errors, write: true);

    private static void Open(string zipPath, string target, string name, List<FileError> errors, bool write)
    {
        void Refuse(string message) => errors.Add(new FileError(name, 1, message));

        ZipArchive? archive = null;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
            _ = archive.Entries.Count;   // the central directory is read lazily: a damaged one must throw here, not later
        }
        catch (InvalidDataException)
        {
            archive?.Dispose();
            Refuse("berkas bukan arsip .zip yang sah (rusak atau format lain); unggah folder bank yang dikompres sebagai .zip");
            return;
        }
        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                Refuse($"arsip berisi {archive.Entries.Count} entri, maksimum {MaxEntries}");
                return;
            }
            var root = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var plan = new List<(ZipArchiveEntry Entry, string FullPath, bool IsDirectory)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                var problem = Check(entry, root, out var full, out var isDirectory);
                if (problem is not null)
                {
                    Refuse($"entri '{entry.FullName}' ditolak: {problem}");
                }
                else if (full is not null && !seen.Add(full))
                {
                    Refuse($"entri '{entry.FullName}' ditolak: nama ganda di dalam arsip");
                }
                else if (full is not null)
                {
                    plan.Add((entry, full, isDirectory));
                }
            }
            if (errors.Count > 0)
            {
                return;
            }
            Inflate(plan, new FileInfo(zipPath).Length, errors, name, write);
        }
    }

    /// <summary>
    /// Inflates every entry of <paramref name="zipPath"/> into nothing, with the same limits as
    /// <see cref="Extract"/>: for a file another library opens as a zip (an .xlsx), which must not
    /// meet a bomb or a hostile name there.
    /// </summary>
    public static void Inspect(string zipPath, string name, List<FileError> errors) =>
        Open(zipPath, Path.Combine(Path.GetTempPath(), "asncat-zip-inspect"), name, errors, write: false);

    private static void Inflate(List<(ZipArchiveEntry Entry, string FullPath, bool IsDirectory)> plan, long archiveLength, List<FileError> errors, string name, bool write)
    {
        void Refuse(string message) => errors.Add(new FileError(name, 1, message));
        var archiveBytes = Math.Max(archiveLength, 1);
        long total = 0;
        var buffer = new byte[81920];
        foreach (var (entry, full, isDirectory) in plan)
        {
            try
            {
                if (isDirectory)
                {
                    if (write)
                    {
                        Directory.CreateDirectory(full);
                    }
                    continue;
                }
                if (write)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                }
                using var input = entry.Open();
                using var output = write ? new FileStream(full, FileMode.CreateNew, FileAccess.Write) : Stream.Null;
                long written = 0;
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    written += read;
                    total += read;
                    if (written > MaxEntryBytes)
                    {
                        Refuse($"entri '{entry.FullName}' lebih dari {MaxEntryBytes / (1024 * 1024)} MB setelah diekstrak; arsip ditolak");
                        return;
                    }
                    if (total > MaxTotalBytes)
                    {
                        Refuse($"isi arsip lebih dari {MaxTotalBytes / (1024 * 1024)} MB setelah diekstrak; arsip ditolak");
                        return;
                    }
                    if ((written > RatioFloor && written > MaxRatio * Math.Max(entry.CompressedLength, 1)) || (total > RatioFloor && total > MaxRatio * archiveBytes))
                    {
                        Refuse($"entri '{entry.FullName}' mengembang lebih dari {MaxRatio} kali ukuran terkompresinya (bom zip?); arsip ditolak");
                        return;
                    }
                    output.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException e)
            {
                Refuse($"entri '{entry.FullName}' rusak atau memakai kompresi yang tidak didukung ({e.Message})");
                return;
            }
            catch (IOException)
            {
                Refuse($"entri '{entry.FullName}' tidak dapat diekstrak (bentrok dengan entri lain yang bernama sama?)");
                return;
            }
        }
    }

    /// <summary>Why an entry is refused (null when it is safe); <paramref name="full"/> is null for entries skipped on purpose.</summary>
    private static string? Check(ZipArchiveEntry entry, string root, out string? full, out bool isDirectory)
    {
        full = null;
        var name = entry.FullName.Replace('\\', '/');
        isDirectory = name.EndsWith('/');
        if (name.Length == 0 || name.Any(char.IsControl))
        {
            return "nama kosong atau berisi karakter kendali";
        }
        if (name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal))
        {
            return "jalur absolut atau huruf drive tidak boleh; semua entri harus relatif terhadap folder bank";
        }
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Any(s => s == ".."))
        {
            return "segmen '..' tidak boleh (keluar dari folder bank)";
        }
        var type = (entry.ExternalAttributes >> 16) & UnixTypeMask;
        if (type == UnixSymlink)
        {
            return "tautan simbolik (symlink) tidak boleh";
        }
        if (type is not (0 or UnixDirectory or UnixRegularFile))
        {
            return "bukan berkas atau folder biasa";
        }
        isDirectory |= type == UnixDirectory;
        if (segments.Length == 0 || segments[0] == "__MACOSX")
        {
            return null;   // the root itself, or macOS Finder's resource forks: nothing to extract
        }
        var path = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            return "jalur keluar dari folder bank";
        }
        full = path;
        return null;
    }
}
