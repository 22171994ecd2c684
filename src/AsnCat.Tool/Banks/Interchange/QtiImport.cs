using System.Xml.Linq;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Reads a QTI content package (a folder or an unpacked .zip holding <c>imsmanifest.xml</c>): every
/// item resource of QTI 2.1, 2.2 or 3.0, each read by <see cref="QtiItemReader"/>. A manifest written by
/// AsnCat's export also names the bank and each item's subtest, subtopic and difficulty.
/// </summary>
internal static class QtiImport
{
    public const string Manifest = "imsmanifest.xml";

    /// <param name="root">The package folder.</param>
    /// <param name="source">The name problems are reported against (what the user gave).</param>
    public static SourceRead Read(string root, string source)
    {
        var errors = new List<FileError>();
        var manifestPath = Path.Combine(root, Manifest);
        if (!File.Exists(manifestPath))
        {
            return SourceRead.Refused([new FileError(source, 1, $"{Manifest} tidak ditemukan di akar paket; ekspor ulang sebagai paket konten QTI (IMS Content Packaging)")]);
        }
        var manifest = SafeXml.Load(manifestPath, $"{source}/{Manifest}", errors);
        if (manifest?.Root is null)
        {
            return SourceRead.Refused(errors);
        }
        var items = new List<DraftItem>();
        var unsupported = new List<Unsupported>();
        var resources = manifest.Root.Descendants().Where(e => e.Name.LocalName == "resource").ToList();
        try
        {
            foreach (var resource in resources)
            {
                var type = (string?)resource.Attribute("type") ?? "";
                var resourceId = (string?)resource.Attribute("identifier") ?? "(tanpa identifier)";
                if (!type.StartsWith("imsqti_item_xml", StringComparison.Ordinal))
                {
                    if (type.StartsWith("imsqti_", StringComparison.Ordinal) && !type.Contains("test", StringComparison.Ordinal) && !type.Contains("section", StringComparison.Ordinal) && !type.Contains("stimulus", StringComparison.Ordinal))
                    {
                        unsupported.Add(new Unsupported(resourceId, $"sumber daya jenis '{type}' tidak didukung (hanya soal QTI 2.1, 2.2 dan 3.0)"));
                    }
                    continue;
                }
                var href = (string?)resource.Attribute("href") ?? resource.Elements().FirstOrDefault(f => f.Name.LocalName == "file")?.Attribute("href")?.Value;
                if (href is null)
                {
                    unsupported.Add(new Unsupported(resourceId, "sumber daya soal tanpa href"));
                    continue;
                }
                var path = Inside(root, root, href, source);
                if (!File.Exists(path))
                {
                    unsupported.Add(new Unsupported(resourceId, $"berkas soal '{href}' tidak ada di dalam paket"));
                    continue;
                }
                var itemErrors = new List<FileError>();
                var doc = SafeXml.Load(path, $"{source}/{href}", itemErrors);
                if (doc?.Root is null)
                {
                    if (itemErrors.Any(e => e.Message.StartsWith(SafeXml.DtdRefused, StringComparison.Ordinal) || e.Message.StartsWith(SafeXml.TooLarge, StringComparison.Ordinal)))
                    {
                        return SourceRead.Refused(itemErrors);
                    }
                    unsupported.Add(new Unsupported(resourceId, string.Join("; ", itemErrors.Select(e => e.Message))));
                    continue;
                }
                var (item, problem) = QtiItemReader.Read(doc.Root, resourceId, (Path.GetDirectoryName(path)!, root, source), Place(resource));
                if (item is not null)
                {
                    items.Add(item);
                }
                else
                {
                    unsupported.Add(new Unsupported(Qti.Attr(doc.Root, "identifier") ?? resourceId, problem!));
                }
            }
        }
        catch (RefusedException e)
        {
            return SourceRead.Refused([e.Error]);
        }
        if (items.Count == 0 && unsupported.Count == 0)
        {
            return SourceRead.Refused([new FileError(source, 1, "paket tidak berisi soal QTI (tidak ada sumber daya imsqti_item_xmlv2p1, v2p2 atau v3p0 di manifes)")]);
        }
        var bank = manifest.Root.Descendants(Qti.AsnCat + "bank").FirstOrDefault();
        return new SourceRead(items, unsupported, [], new BankInfo((string?)bank?.Attribute("kode"), (string?)bank?.Attribute("judul"), (string?)bank?.Attribute("kisi-kisi")));
    }

    /// <summary>The full path of <paramref name="href"/>; refuses the package when it leaves <paramref name="root"/>.</summary>
    internal static string Inside(string root, string baseDir, string href, string source)
    {
        var path = Uri.UnescapeDataString(href).Replace('\\', '/');
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(baseDir, path));
        if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal) || !full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            throw new RefusedException(new FileError(source, 1, $"{ImageFiles.Traversal}: href '{href}' di manifes menunjuk ke luar paket"));
        }
        return full;
    }

    private static (string? Subtest, string? Subtopic, Difficulty? Difficulty) Place(XElement resource)
    {
        var place = resource.Descendants(Qti.AsnCat + "klasifikasi").FirstOrDefault();
        Difficulty? difficulty = BankLoader.TryDifficulty((string?)place?.Attribute("tingkat") ?? "", out var d) ? d : null;
        return ((string?)place?.Attribute("subtes"), (string?)place?.Attribute("subtopik"), difficulty);
    }
}
