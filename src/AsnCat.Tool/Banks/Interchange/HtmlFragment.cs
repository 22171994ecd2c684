using System.Xml;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Parses HTML as a browser would (Moodle's editors write HTML, not XML: <c>&amp;nbsp;</c>,
/// <c>&lt;br&gt;</c>, unclosed tags) and gives it as XML elements for <see cref="HtmlBody"/>.
/// No scripts run and nothing is fetched: AngleSharp's parser alone, without a browsing context.
/// </summary>
internal static class HtmlFragment
{
    private static readonly HtmlParser Parser = new();

    public static XElement Parse(string html)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        return Convert(document.Body!);
    }

    private static XElement Convert(IElement element)
    {
        var result = new XElement(element.LocalName);
        foreach (var attribute in element.Attributes)
        {
            if (IsName(attribute.LocalName))
            {
                result.SetAttributeValue(attribute.LocalName, attribute.Value);
            }
        }
        foreach (var node in element.ChildNodes)
        {
            switch (node)
            {
                case IElement child when IsName(child.LocalName):
                    result.Add(Convert(child));
                    break;
                case IText text:
                    result.Add(new XText(text.Data));
                    break;
            }
        }
        return result;
    }

    private static bool IsName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
