using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Writes a bank as a QTI 3.0 content package: <c>imsmanifest.xml</c>, one item per folder under
/// <c>items/&lt;id&gt;/</c> (a <c>qti-choice-interaction</c> of five choices; a key as the correct response with
/// <c>match_correct</c>, weights as a mapping with <c>map_response</c>), its images in <c>items/&lt;id&gt;/gambar/</c>,
/// the pembahasan as modal feedback. The manifest carries the bank and each item's subtest, subtopic
/// and difficulty (namespace <c>urn:asncat:bank</c>), so that importing the package gives the bank back.
/// </summary>
internal static class QtiExport
{
    public static void Write(string target, BankInfo bank, IReadOnlyList<ReadyItem> items)
    {
        var zip = target.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        var dir = zip ? Path.Combine(Path.GetTempPath(), "asncat-qti-" + Guid.NewGuid().ToString("N")) : target;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "items"));
            var resources = new List<XElement>();
            var cp = Qti.Cp3;
            foreach (var item in items)
            {
                var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
                var doc = Item(item, files);
                var href = $"items/{item.Id}/{item.Id}.xml";
                Directory.CreateDirectory(Path.Combine(dir, "items", item.Id, files.Count > 0 ? "gambar" : ""));
                doc.Save(Path.Combine(dir, "items", item.Id, item.Id + ".xml"));
                foreach (var (name, bytes) in files)
                {
                    File.WriteAllBytes(Path.Combine(dir, "items", item.Id, name), bytes);
                }
                resources.Add(new XElement(cp + "resource",
                    new XAttribute("identifier", item.Id), new XAttribute("type", Qti.ItemResource3), new XAttribute("href", href),
                    new XElement(cp + "metadata", new XElement(Qti.AsnCat + "klasifikasi",
                        new XAttribute("subtes", item.Subtest), new XAttribute("subtopik", item.Subtopic),
                        new XAttribute("tingkat", item.Difficulty.ToString().ToLowerInvariant()))),
                    new XElement(cp + "file", new XAttribute("href", href)),
                    files.Keys.Select(f => new XElement(cp + "file", new XAttribute("href", $"items/{item.Id}/{f}")))));
            }
            new XDocument(new XElement(cp + "manifest",
                new XAttribute("identifier", "MANIFEST-" + bank.Code), new XAttribute(XNamespace.Xmlns + "asncat", Qti.AsnCat.NamespaceName),
                new XElement(cp + "metadata",
                    new XElement(cp + "schema", "QTI Package"), new XElement(cp + "schemaversion", "3.0.0"),
                    new XElement(Qti.AsnCat + "bank", new XAttribute("kode", bank.Code!), new XAttribute("judul", bank.Title ?? bank.Code!), new XAttribute("kisi-kisi", bank.Blueprint!))),
                new XElement(cp + "organizations"),
                new XElement(cp + "resources", resources))).Save(Path.Combine(dir, QtiImport.Manifest));
            if (zip)
            {
                ZipFile.CreateFromDirectory(dir, target, CompressionLevel.Optimal, includeBaseDirectory: false);
            }
        }
        finally
        {
            if (zip && Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static XDocument Item(ReadyItem item, SortedDictionary<string, byte[]> files)
    {
        var ns = Qti.V30;
        XElement Img(DraftImage image)
        {
            files[$"gambar/{image.Name}"] = image.Bytes;
            return new XElement(ns + "img", new XAttribute("src", $"gambar/{image.Name}"), new XAttribute("alt", image.Alt));
        }
        var choices = item.Options.Select((o, i) => new XElement(ns + "qti-simple-choice",
            new XAttribute("identifier", Options.Letter(i).ToString()),
            o.Text is null ? null : (object)HtmlBody.Write(ns, o.Text),
            o.Image is null ? null : Img(o.Image)));
        var weighted = item.Weights is not null;
        var correct = weighted ? item.Weights!.ToList().IndexOf(item.Weights!.Max()) : item.Answer!.Value;
        var declaration = new XElement(ns + "qti-response-declaration",
            new XAttribute("identifier", "RESPONSE"), new XAttribute("cardinality", "single"), new XAttribute("base-type", "identifier"),
            new XElement(ns + "qti-correct-response", new XElement(ns + "qti-value", Options.Letter(correct).ToString())),
            weighted ? new XElement(ns + "qti-mapping", new XAttribute("default-value", "0"),
                item.Weights!.Select((w, i) => new XElement(ns + "qti-map-entry",
                    new XAttribute("map-key", Options.Letter(i).ToString()), new XAttribute("mapped-value", w.ToString(CultureInfo.InvariantCulture))))) : null);
        var body = new XElement(ns + "qti-item-body",
            HtmlBody.Write(ns, item.Stem),
            item.Table is null ? null : HtmlBody.WriteTable(ns, item.Table),
            item.Image is null ? null : new XElement(ns + "p", Img(item.Image)),
            new XElement(ns + "qti-choice-interaction",
                new XAttribute("response-identifier", "RESPONSE"), new XAttribute("shuffle", "false"), new XAttribute("max-choices", "1"), choices));
        return new XDocument(new XElement(ns + "qti-assessment-item",
            new XAttribute("identifier", item.Id), new XAttribute("title", item.Id), new XAttribute("adaptive", "false"), new XAttribute("time-dependent", "false"),
            declaration,
            new XElement(ns + "qti-outcome-declaration", new XAttribute("identifier", "SCORE"), new XAttribute("cardinality", "single"), new XAttribute("base-type", "float")),
            item.Explanation is null ? null : new XElement(ns + "qti-outcome-declaration", new XAttribute("identifier", "FEEDBACK"), new XAttribute("cardinality", "single"), new XAttribute("base-type", "identifier")),
            body,
            new XElement(ns + "qti-response-processing", new XAttribute("template", weighted ? Qti.MapResponse3 : Qti.MatchCorrect3)),
            item.Explanation is null ? null : new XElement(ns + "qti-modal-feedback",
                new XAttribute("outcome-identifier", "FEEDBACK"), new XAttribute("identifier", "PEMBAHASAN"), new XAttribute("show-hide", "show"),
                new XElement(ns + "qti-content-body", HtmlBody.Write(ns, item.Explanation)))));
    }
}
