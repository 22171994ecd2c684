namespace AsnCat.Server.Data;

/// <summary>An image file of a bank version, served to terminals by its bank-relative path.</summary>
public sealed class BankImage
{
    public int Id { get; set; }

    public int BankVersionId { get; set; }

    public BankVersion? BankVersion { get; set; }

    /// <summary>Relative to the bank folder, '/'-separated (<c>tiu/gambar/TIU-FAN-001.svg</c>).</summary>
    public required string Path { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Bytes { get; set; }
}
