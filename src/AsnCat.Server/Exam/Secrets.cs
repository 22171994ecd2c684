using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AsnCat.Server.Exam;

/// <summary>
/// PINs and terminal tokens. A PIN is 6 digits, so any hash of it alone falls to an offline
/// search; it is stored as HMAC-SHA256 under a server key kept outside the database
/// (<c>data/pin.key</c>), with a per-attempt salt. HMAC is also fast enough for thousands of
/// synchronized logins, which a slow password hash is not. Online guessing is stopped by the
/// lockout after 5 wrong PINs. Tokens are 256-bit random values stored as SHA-256.
/// </summary>
public sealed class Secrets(byte[] pinKey)
{
    public static Secrets FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        }
        return new Secrets(File.ReadAllBytes(path));
    }

    public static string NewPin() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public string HashPin(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"v1:{Convert.ToHexStringLower(salt)}:{Convert.ToHexStringLower(Mac(salt, pin))}";
    }

    public bool VerifyPin(string? stored, string pin)
    {
        var parts = stored?.Split(':');
        if (parts is not ["v1", var salt, var mac] || pin.Length > 32)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Mac(Convert.FromHexString(salt), pin), Convert.FromHexString(mac));
    }

    /// <summary>The access name in a session's content URLs (docs/protocol.md): unguessable without the login reply, the same for every terminal of the session.</summary>
    public string ContentKey(int sessionId) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(pinKey, Encoding.UTF8.GetBytes($"content:{sessionId}")).AsSpan(0, 16));

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private byte[] Mac(byte[] salt, string pin)
    {
        var data = new byte[salt.Length + Encoding.UTF8.GetByteCount(pin)];
        salt.CopyTo(data, 0);
        Encoding.UTF8.GetBytes(pin, data.AsSpan(salt.Length));
        return HMACSHA256.HashData(pinKey, data);
    }
}
