using System.IO.Compression;
using System.Text;
namespace AsnCat.Tool.Tests.Banks.Interchange;

/// <summary>Packages the tests write: zips of named entries, QTI manifests and items of any version.</summary>
internal static class Packages
{
    public static void Zip(string path, params (string Name, byte[] Bytes)[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            stream.Write(bytes);
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Manifest(params string[] itemHrefs) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M1">
          <resources>
            {string.Concat(itemHrefs.Select((h, i) => $"<resource identifier=\"R{i + 1}\" type=\"imsqti_item_xmlv2p1\" href=\"{h}\"><file href=\"{h}\"/></resource>"))}
          </resources>
        </manifest>
        """;

    public static string Manifest30(params string[] itemHrefs) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="M3">
          <metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>
          <organizations/>
          <resources>
            {string.Concat(itemHrefs.Select((h, i) => $"<resource identifier=\"R{i + 1}\" type=\"imsqti_item_xmlv3p0\" href=\"{h}\"><file href=\"{h}\"/></resource>"))}
          </resources>
        </manifest>
        """;

    /// <summary>A QTI 3.0 item around <paramref name="interaction"/>, keyed to <paramref name="key"/>, scored by match_correct.</summary>
    public static string Item30(string id, string interaction, string key, string cardinality = "single") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="{id}" title="{id}" adaptive="false" time-dependent="false">
          <qti-response-declaration identifier="RESPONSE" cardinality="{cardinality}" base-type="{(interaction.Contains("qti-text-entry", StringComparison.Ordinal) ? "string" : "identifier")}">
            <qti-correct-response><qti-value>{key}</qti-value></qti-correct-response>
          </qti-response-declaration>
          <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
          <qti-item-body>
            <p>Soal {id}.</p>
            {interaction}
          </qti-item-body>
          <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"/>
        </qti-assessment-item>
        """;

    public static string Choice30(int maxChoices = 1) =>
        $"<qti-choice-interaction response-identifier=\"RESPONSE\" shuffle=\"true\" max-choices=\"{maxChoices}\"><qti-prompt>Pilih satu jawaban.</qti-prompt>"
        + string.Concat("ABCDE".Select(c => $"<qti-simple-choice identifier=\"c{c}\">pilihan {c}</qti-simple-choice>")) + "</qti-choice-interaction>";

    /// <summary>A QTI 2.1 or 2.2 choice item with five choices; <paramref name="body"/> goes before the interaction.</summary>
    public static string Item21(string id, string body, string scoring, string version = "v2p1", string choices = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_{version}" identifier="{id}" title="{id}" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">{scoring}</responseDeclaration>
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
          <itemBody>
            {body}
            <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
              <prompt>Pilih satu jawaban.</prompt>
              {(choices.Length > 0 ? choices : string.Concat("ABCDE".Select(c => $"<simpleChoice identifier=\"c{c}\">pilihan {c}</simpleChoice>")))}
            </choiceInteraction>
          </itemBody>
          <responseProcessing template="http://www.imsglobal.org/question/qti_{version}/rptemplates/{(scoring.Contains("mapping", StringComparison.Ordinal) ? "map_response" : "match_correct")}"/>
        </assessmentItem>
        """;
}
