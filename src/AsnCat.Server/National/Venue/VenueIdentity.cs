using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>What the centre handed over at enrolment, kept beside the key (<see cref="VenueIdentity.CredentialFile"/>).</summary>
public sealed record VenueCredential(string VenueCode, Uri Centre, string Credential, string VenueName, string TimeZone, DateTimeOffset EnrolledAt);

/// <summary>
/// The venue's identity on disk, in <see cref="NationalOptions.IdentityDirectory"/>: its ECDSA P-256
/// key pair as a PKCS#8 PEM file and the credential the centre issued, both readable by the
/// server's own user only (mode 0600 on Unix). The key never leaves this folder; the centre keeps
/// the public key and the hash of the credential.
/// </summary>
public sealed class VenueIdentity(IOptions<NationalOptions> options, IHostEnvironment environment)
{
    public const string KeyFile = "venue.key.pem";

    public const string CredentialFile = "venue.credential.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Lock _lock = new();
    private ECDsa? _key;
    private VenueCredential? _credential;

    public string Directory => Path.GetFullPath(options.Value.IdentityDirectory, environment.ContentRootPath);

    public string KeyPath => Path.Combine(Directory, KeyFile);

    public string CredentialPath => Path.Combine(Directory, CredentialFile);

    public bool HasKey => File.Exists(KeyPath);

    /// <summary>The key pair, made (and written) when the folder holds none yet.</summary>
    public ECDsa Key()
    {
        lock (_lock)
        {
            if (_key is not null)
            {
                return _key;
            }
            var key = VenueSignatures.NewKey();
            if (File.Exists(KeyPath))
            {
                key.ImportFromPem(File.ReadAllText(KeyPath));
            }
            else
            {
                WriteOwnerOnly(KeyPath, key.ExportPkcs8PrivateKeyPem());
            }
            return _key = key;
        }
    }

    /// <summary>The credential, or null before enrolment.</summary>
    public VenueCredential? Credential()
    {
        lock (_lock)
        {
            if (_credential is null && File.Exists(CredentialPath))
            {
                _credential = JsonSerializer.Deserialize<VenueCredential>(File.ReadAllText(CredentialPath), JsonSerializerOptions.Web);
            }
            return _credential;
        }
    }

    public void Store(VenueCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        lock (_lock)
        {
            WriteOwnerOnly(CredentialPath, JsonSerializer.Serialize(credential, JsonSerializerOptions.Web));
            _credential = credential;
        }
    }

    /// <summary>The public key's fingerprint as the centre's console shows it: <c>SHA256:</c> and the hex of the SPKI's hash.</summary>
    public static string Fingerprint(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "SHA256:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Written whole or not at all (a temporary file renamed), owner-only from the first byte on Unix.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = OwnerOnly;
        }
        using (var stream = new FileStream(temporary, file))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, OwnerOnly);   // a leftover temporary file of another mode is replaced, not reused
        }
        File.Move(temporary, path, overwrite: true);
    }
}
