using AsnCat.Server.Data;
using PdfSharp.Fonts;
namespace AsnCat.Server.Publishing;

/// <summary>
/// PDFsharp's fonts on Linux: every family resolves to DejaVu Sans (regular or bold) from
/// <see cref="Directory"/> (Debian/Ubuntu package <c>fonts-dejavu-core</c>). PDFsharp's Core
/// build has no system fonts of its own, and it wants one resolver instance for the whole process.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string Directory = "/usr/share/fonts/truetype/dejavu";

    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();

    private DejaVuFontResolver()
    {
    }

    public static DejaVuFontResolver Instance { get; } = new();

    /// <summary>Makes <see cref="Instance"/> PDFsharp's font resolver (once per process; later calls do nothing).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver != Instance)
            {
                GlobalFontSettings.UseWindowsFontsUnderWindows = false;
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine(Directory, faceName + ".ttf");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Huruf PDF tidak ditemukan: {path}. Pasang paket fonts-dejavu-core (lihat scripts/install-test-deps.sh); PDF hasil seleksi memakai DejaVu Sans.");
        }
        return File.ReadAllBytes(path);
    }
}
