using System.Text;
using System.Xml.Linq;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// What QTI 2.1, 2.2 and 3.0 share, read through one set of names: 3.0 spells
/// <c>qti-choice-interaction</c> and <c>response-identifier</c> where 2.x spells
/// <c>choiceInteraction</c> and <c>responseIdentifier</c>; <see cref="Name"/> and <see cref="Attr"/>
/// give the 2.x spelling for both.
/// </summary>
internal static class Qti
{
    public static readonly XNamespace V21 = "http://www.imsglobal.org/xsd/imsqti_v2p1";
    public static readonly XNamespace V22 = "http://www.imsglobal.org/xsd/imsqti_v2p2";
    public static readonly XNamespace V30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";

    /// <summary>AsnCat's own metadata in a manifest: the bank and each item's place in the blueprint.</summary>
    public static readonly XNamespace AsnCat = "urn:asncat:bank";

    public static readonly XNamespace Cp3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";

    public const string ItemResource3 = "imsqti_item_xmlv3p0";

    public const string MatchCorrect3 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml";

    public const string MapResponse3 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml";

    public static string? Version(XNamespace ns) =>
        ns == V21 ? "2.1" : ns == V22 ? "2.2" : ns == V30 ? "3.0" : null;

    /// <summary>The element's name as QTI 2.x spells it (<c>qti-simple-choice</c> gives <c>simpleChoice</c>).</summary>
    public static string Name(XElement e)
    {
        var local = e.Name.LocalName;
        return local.StartsWith("qti-", StringComparison.Ordinal) ? Camel(local[4..]) : local;
    }

    /// <summary>An attribute by its 2.x name, or by the 3.0 spelling of it.</summary>
    public static string? Attr(XElement e, string name) =>
        (string?)e.Attribute(name) ?? (string?)e.Attribute(Kebab(name));

    public static IEnumerable<XElement> Named(this XElement e, string name) => e.Elements().Where(c => Name(c) == name);

    public static IEnumerable<XElement> AllNamed(this XElement e, string name) => e.Descendants().Where(c => Name(c) == name);

    private static string Camel(string kebab)
    {
        var sb = new StringBuilder(kebab.Length);
        var upper = false;
        foreach (var c in kebab)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    private static string Kebab(string camel)
    {
        var sb = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsUpper(c))
            {
                sb.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
