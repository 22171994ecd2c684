using AsnCat.Server.Data;

namespace AsnCat.Server.Publishing;

/// <summary>Settings of the published results (section <c>Publication</c>).</summary>
public sealed class PublicationOptions
{
    public const string Section = "Publication";

    /// <summary>
    /// The public address of the server (e.g. <c>https://hasil.instansi.go.id</c>), used in the
    /// verification URLs printed in PDFs and QR codes; empty: the address of the request.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>A public page that explains how to check a session's ledger and bundle against the published hashes; empty: no link.</summary>
    public string? BundleDocsUrl { get; set; }

}
