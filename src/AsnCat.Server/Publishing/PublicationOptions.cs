using AsnCat.Server.Data;

namespace AsnCat.Server.Publishing;

/// <summary>Settings of the published results (section <c>Publication</c>).</summary>
public sealed class PublicationOptions
{
    public const string Section = "Publication";

    public static IReadOnlyList<string> DefaultHeader { get; } = ["PANITIA SELEKSI ASN", "INSTANSI CONTOH"];

    /// <summary>The committee's letterhead lines at the top of every PDF; empty: <see cref="DefaultHeader"/>.</summary>
    public List<string> Header { get; set; } = [];

    /// <summary>
    /// The public address of the server (e.g. <c>https://hasil.instansi.go.id</c>), used in the
    /// verification URLs printed in PDFs and QR codes; empty: the address of the request.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Where the public reads how to check a session's ledger and bundle against the published hashes; empty: no link.</summary>
    public string? BundleDocsUrl { get; set; }

    /// <summary>
    /// The PDFsharp license (PDFsharp 6.5+ refuses to write a PDF without one): <c>agpl</c> for the
    /// free AGPL-3.0 license (its terms then apply to this server), or a commercial license key
    /// from empira. Empty: no PDFs (the PDF routes answer 503); every other output works.
    /// </summary>
    public string? PdfSharpLicense { get; set; }

    public IReadOnlyList<string> HeaderLines => Header.Count > 0 ? Header : DefaultHeader;
}
