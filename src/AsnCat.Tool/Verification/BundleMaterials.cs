using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Verification;

/// <summary>Why a bundle could not be checked at all.</summary>
public enum UnreadableKind
{
    /// <summary>The file cannot be read (missing, no permission).</summary>
    File,

    /// <summary>Not JSON of the bundle's shape.</summary>
    NotABundle,

    /// <summary>A bundle of another format version.</summary>
    UnknownFormat,

    /// <summary>Its blueprint, pool, thresholds or keys cannot be rebuilt from its own contents.</summary>
    Materials,
}

/// <summary>A bundle that cannot be checked; <see cref="Exception.Message"/> says what and where, for the auditor.</summary>
public sealed class BundleUnreadableException(UnreadableKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public UnreadableKind Kind { get; } = kind;
}

/// <summary>The blueprint, pool, thresholds and (with keys) answer key rebuilt from a bundle's own contents.</summary>
internal sealed record BundleMaterials(Blueprint Blueprint, ItemPool Pool, ThresholdSet Thresholds, AnswerKey? Key)
{
    /// <exception cref="BundleUnreadableException">Of kind <see cref="UnreadableKind.Materials"/>.</exception>
    public static BundleMaterials Load(ResultBundle bundle)
    {
        var errors = new List<FileError>();
        var blueprint = RuleFiles.ParseBlueprint("bank.blueprintYaml", bundle.Bank.BlueprintYaml, errors)
            ?? throw Broken($"kisi-kisi di bank.blueprintYaml tidak dapat dibaca: {string.Join("; ", errors)}. Bundel rusak; ambil ulang berkas aslinya.");
        if (blueprint.Code != bundle.Bank.BlueprintCode)
        {
            throw Broken($"bank.blueprintCode '{bundle.Bank.BlueprintCode}' berbeda dari kode di bank.blueprintYaml ('{blueprint.Code}'). Bundel rusak; ambil ulang berkas aslinya.");
        }
        var items = new List<PoolItem>();
        for (var i = 0; i < bundle.Bank.Items.Count; i++)
        {
            var it = bundle.Bank.Items[i];
            if (!Enum.TryParse<Difficulty>(it.Difficulty, ignoreCase: true, out var difficulty) || !Enum.IsDefined(difficulty) || it.Difficulty.Any(char.IsDigit))
            {
                throw Broken($"bank.items[{i}] ({it.Id}).difficulty: '{it.Difficulty}' bukan mudah, sedang atau sulit.");
            }
            var s = blueprint.SubtestIndex(it.Subtest);
            items.Add(new PoolItem(it.Id, s, s < 0 ? -1 : blueprint.Subtests[s].SubtopicIndex(it.Subtopic), difficulty));
        }
        ItemPool pool;
        try
        {
            pool = new ItemPool(bundle.Bank.Hash, blueprint, items);
        }
        catch (Exception e) when (e is ArgumentException or BankShortageException)
        {
            throw Broken($"bank.items: kumpulan soal tidak dapat dibangun ulang: {e.Message}", e);
        }
        return new BundleMaterials(blueprint, pool, LoadThresholds(bundle, blueprint), bundle.Bank.KeysIncluded ? LoadKey(bundle, pool) : null);
    }

    private static AnswerKey LoadKey(ResultBundle bundle, ItemPool pool)
    {
        var scoring = new Dictionary<string, ItemScoring>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Bank.Items.Count; i++)
        {
            var it = bundle.Bank.Items[i];
            if (it.Weights is { } w)
            {
                scoring[it.Id] = ItemScoring.Weighted([.. w]);
            }
            else if (it.Answer is { Length: 1 } a && Options.Index(a[0]) >= 0)
            {
                scoring[it.Id] = ItemScoring.Key(Options.Index(a[0]));
            }
            else
            {
                throw Broken($"bank.items[{i}] ({it.Id}): bank.keysIncluded true, tetapi soal ini tanpa answer (A-E) atau weights.");
            }
        }
        try
        {
            return new AnswerKey(pool, scoring);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            throw Broken($"bank.items: kunci jawaban tidak dapat dibangun: {e.Message}", e);
        }
    }

    private static ThresholdSet LoadThresholds(ResultBundle bundle, Blueprint blueprint)
    {
        var errors = new List<FileError>();
        var set = RuleFiles.ParseThresholds("thresholds.yaml", bundle.Thresholds.Yaml, code => code == blueprint.Code ? blueprint : null, errors)
            ?? throw Broken($"thresholds.yaml tidak dapat dibaca: {string.Join("; ", errors)}. Bundel rusak; ambil ulang berkas aslinya.");
        if (set.Code != bundle.Thresholds.Code)
        {
            throw Broken($"thresholds.code '{bundle.Thresholds.Code}' berbeda dari kode di thresholds.yaml ('{set.Code}'). Bundel rusak; ambil ulang berkas aslinya.");
        }
        return set;
    }

    private static BundleUnreadableException Broken(string message, Exception? inner = null) => new(UnreadableKind.Materials, message, inner);
}
