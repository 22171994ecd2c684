using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Seeding;

/// <summary>
/// The sample SKD bank shipped beside the executable, imported into an empty database at start;
/// and the sample PPPK bank, which the demo imports for its PPPK session.
/// </summary>
public static partial class SampleBank
{
    public const string Code = "skd-contoh";

    public const string PppkCode = "pppk-contoh";

    public static string Dir => Path.Combine(AppContext.BaseDirectory, "question-banks", Code);

    public static string PppkDir => Path.Combine(AppContext.BaseDirectory, "question-banks", PppkCode);

    /// <summary>Imports the sample bank when the database holds no bank yet.</summary>
    public static async Task ImportIfEmptyAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AsnCatDb>();
        if (!await db.BankVersions.AnyAsync(ct))
        {
            var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SampleBank).FullName!);
            await ImportAsync(scope.ServiceProvider.GetRequiredService<BankImporter>(), logger, Dir, scope.ServiceProvider.GetRequiredService<RulesCatalog>(), ct, scope.ServiceProvider.GetService<BankSources>());
        }
    }

    /// <summary>Loads and imports a bank folder; logs what was imported, or why nothing was.</summary>
    internal static async Task<BankImportResult?> ImportAsync(BankImporter importer, ILogger logger, string dir, RulesCatalog rules, CancellationToken ct, BankSources? sources = null)
    {
        var loaded = BankLoader.Load(dir, rules.Blueprint);
        var errors = rules.Errors.Concat(loaded.Errors).ToList();
        if (loaded.Bank is not { } bank || errors.Count > 0)
        {
            LogSampleInvalid(logger, dir, errors.Count, Environment.NewLine + string.Join(Environment.NewLine, errors));
            return null;
        }
        var blueprint = rules.Blueprint(bank.BlueprintCode)!;
        var yaml = await File.ReadAllTextAsync(Path.Combine(rules.Root, "blueprints", bank.BlueprintCode + ".yaml"), ct);
        var result = await importer.ImportAsync(bank, blueprint, yaml, ct);
        if (sources is not null)
        {
            await sources.KeepAsync(bank.Hash, dir, ct);
        }
        LogImported(logger, bank.Code, bank.Hash, bank.Items.Count, bank.Images.Count, result.BankVersionId);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sample bank {BankDir} not imported; {ErrorCount} problem(s):{Errors}")]
    private static partial void LogSampleInvalid(ILogger logger, string bankDir, int errorCount, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported bank {BankCode} sha256 {BankHash}: {ItemCount} items, {ImageCount} images (version {BankVersionId})")]
    private static partial void LogImported(ILogger logger, string bankCode, string bankHash, int itemCount, int imageCount, int bankVersionId);
}
