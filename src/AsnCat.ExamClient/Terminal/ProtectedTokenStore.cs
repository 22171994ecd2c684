using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// <see cref="ITerminalTokenStore"/> in the browser's local storage, encrypted and signed with
/// the server's data-protection keys (so a candidate cannot read or forge it). It is JS interop:
/// call it on the circuit's synchronization context (<see cref="ExamTerminal"/> does).
/// </summary>
public sealed partial class ProtectedTokenStore(ProtectedLocalStorage storage, ILogger<ProtectedTokenStore> logger) : ITerminalTokenStore
{
    public const string Key = "asncat.terminal";
    public const string NameKey = "asncat.terminal.nama";

    public async ValueTask<SavedTerminal?> LoadAsync()
    {
        try
        {
            var result = await storage.GetAsync<SavedTerminal>(Key);
            return result.Success ? result.Value : null;
        }
        catch (CryptographicException error)
        {
            // Written with keys this server no longer has: start from the login page.
            LogUnreadable(logger, error);
            await storage.DeleteAsync(Key);
            return null;
        }
    }

    public ValueTask SaveAsync(SavedTerminal saved) => storage.SetAsync(Key, saved);

    public ValueTask ClearAsync() => storage.DeleteAsync(Key);

    public async ValueTask<string> TerminalNameAsync()
    {
        try
        {
            var result = await storage.GetAsync<string>(NameKey);
            if (result is { Success: true, Value: { Length: > 0 } name })
            {
                return name;
            }
        }
        catch (CryptographicException error)
        {
            LogUnreadable(logger, error);
        }
        var made = "terminal-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await storage.SetAsync(NameKey, made);
        return made;
    }

    [LoggerMessage(LogLevel.Warning, "Stored terminal state could not be decrypted; discarded")]
    private static partial void LogUnreadable(ILogger logger, Exception error);
}
