using System.Buffers.Text;
using System.Security.Cryptography;

namespace AsnCat.Contracts.Exam;

/// <summary>
/// The protocol's content names (docs/protocol.md, "ExamSet"): the first 16 bytes of the body's
/// SHA-256, base64url without padding (22 characters). The server names content with it and a
/// terminal host checks what it fetched with it.
/// </summary>
public static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> body) => Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16));
}
