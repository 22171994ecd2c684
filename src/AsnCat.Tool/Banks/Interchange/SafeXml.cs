using System.Xml;
using System.Xml.Linq;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Reads XML from outside (QTI items and manifests, Moodle XML) with everything a hostile file
/// could use turned off: no DTD at all (so no external entities, XXE, and no entity expansion,
/// "billion laughs"), no resolver, and a size limit checked before parsing.
/// </summary>
public static class SafeXml
{
    /// <summary>The largest XML file read (Moodle XML carries its images inside, base64).</summary>
    public const long MaxBytes = 50L * 1024 * 1024;

    /// <summary>The named refusals, so that tests and users can tell them apart.</summary>
    public const string DtdRefused = "DTD dilarang";

    public const string TooLarge = "berkas terlalu besar";

    public const string NotXml = "XML tidak sah";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>The document, or null with the refusal added to <paramref name="errors"/> against <paramref name="name"/>.</summary>
    public static XDocument? Load(string path, string name, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            errors.Add(new FileError(name, 1, $"{TooLarge}: {length} bita, paling besar {MaxBytes / (1024 * 1024)} MB; pecah berkas menjadi beberapa bagian"));
            return null;
        }
        using var stream = File.OpenRead(path);
        return Load(stream, name, errors);
    }

    public static XDocument? Load(Stream stream, string name, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            using var reader = XmlReader.Create(stream, Settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            errors.Add(new FileError(name, Math.Max(e.LineNumber, 1), $"{DtdRefused}: berkas memuat <!DOCTYPE> (deklarasi DTD atau entitas, dipakai serangan XXE dan \"billion laughs\"); hapus DOCTYPE lalu ekspor ulang"));
        }
        catch (XmlException e)
        {
            errors.Add(new FileError(name, Math.Max(e.LineNumber, 1), $"{NotXml}: {e.Message}"));
        }
        return null;
    }
}
