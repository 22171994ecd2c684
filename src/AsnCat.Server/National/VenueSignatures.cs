using System.Security.Cryptography;
using System.Text;

namespace AsnCat.Server.National;

/// <summary>
/// The venue's signatures, as <c>docs/national.md</c> defines them: ECDSA P-256 over SHA-256,
/// IEEE P1363 (r || s, 64 bytes), base64. Public keys travel as SubjectPublicKeyInfo DER, base64.
/// Both sides use these functions: the venue signs, the centre verifies.
/// </summary>
public static class VenueSignatures
{
    public const string EnrolPrefix = "asncat-enrol/1\n";

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string PublicKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    public static string Sign(ECDsa key, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>What an enrolling venue signs to prove it holds its private key.</summary>
    public static byte[] EnrolStatement(string venueCode, string enrolmentCode) => Encoding.UTF8.GetBytes(EnrolPrefix + venueCode + "\n" + enrolmentCode);

    /// <summary>False for a malformed key or signature as for a wrong one: the caller names the reason.</summary>
    public static bool Verify(string publicKey, ReadOnlySpan<byte> data, string signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signature);
        var keyBytes = new byte[publicKey.Length];
        var signatureBytes = new byte[signature.Length];
        if (!Convert.TryFromBase64String(publicKey, keyBytes, out var keyLength) || !Convert.TryFromBase64String(signature, signatureBytes, out var signatureLength) || signatureLength != 64)
        {
            return false;
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(keyBytes.AsSpan(0, keyLength), out _);
        }
        catch (CryptographicException)
        {
            return false;
        }
        return key.KeySize == 256 && key.VerifyData(data, signatureBytes.AsSpan(0, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The seed commitment: lowercase hex SHA-256 of the seed's UTF-8 text.</summary>
    public static string Commitment(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return Sha256(Encoding.UTF8.GetBytes(seed));
    }

    /// <summary>How the sync contract names bytes (a package, a bundle): lowercase hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
