using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AsnCat.Scoring;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018): a small, fast, published generator that any
/// language can re-implement in a few lines, so an auditor can regenerate every question set.
/// Seeded from a SHA-256 digest: the four state words are the digest's bytes 0-7, 8-15,
/// 16-23, 24-31 read little-endian. <see cref="NextBelow"/> draws an unbiased integer by
/// rejection. (System.Random is not used: its algorithm is not a documented contract.)
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ReadOnlySpan<byte> digest32)
    {
        if (digest32.Length < 32)
        {
            throw new ArgumentException("seed digest must be 32 bytes", nameof(digest32));
        }
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(digest32);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(digest32[8..]);
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(digest32[16..]);
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(digest32[24..]);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1; // the one state xoshiro cannot leave; SHA-256 will not produce it in practice
        }
    }

    /// <summary>Seeds from SHA-256 of the UTF-8 text.</summary>
    public static Xoshiro256 FromText(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(text);
        SHA256.HashData(bytes, digest);
        return new Xoshiro256(digest);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, n): draws x until x &lt; 2^64 - (2^64 mod n), returns x mod n.</summary>
    public int NextBelow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var bound = (ulong)n;
        var rejectFrom = ulong.MaxValue - ((ulong.MaxValue % bound) + 1) % bound; // last acceptable value
        ulong x;
        do
        {
            x = Next();
        }
        while (x > rejectFrom);
        return (int)(x % bound);
    }
}
