using System.IO.Compression;

namespace AsnCat.Server.Banks;

/// <summary>
/// The source files of every bank version this server imported, one .zip per bank hash
/// (<c>data/banks/&lt;hash&gt;.zip</c>). A bank's hash is computed over its files
/// (<c>BankLoader.Hash</c>), which the database does not keep byte for byte, so a centre serves
/// a venue the very files it imported (<c>GET /api/sync/v1/banks/{hash}</c>) and the venue's
/// import of them gives the same hash. Written once, atomically; never changed afterwards.
/// </summary>
public sealed class BankSources(string directory)
{
    public string Directory { get; } = directory;

    public string PathOf(string hash) => Path.Combine(Directory, hash + ".zip");

    /// <summary>The archive of <paramref name="hash"/>, or null when this server never imported it (or imported it before archives were kept).</summary>
    public string? Find(string hash) =>
        hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) && File.Exists(PathOf(hash)) ? PathOf(hash) : null;

    /// <summary>Keeps the bank folder <paramref name="folder"/> as the archive of <paramref name="hash"/> unless it is kept already.</summary>
    public async Task KeepAsync(string hash, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(folder);
        if (Find(hash) is not null)
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = PathOf(hash) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await ZipFile.CreateFromDirectoryAsync(folder, temporary, CompressionLevel.Optimal, includeBaseDirectory: false, ct);
            File.Move(temporary, PathOf(hash), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
