using System.Globalization;
using AsnCat.Tool.Banks;
using YamlDotNet.RepresentationModel;
namespace AsnCat.Tool.Analysis;

/// <summary>
/// The thresholds of the item flags (<c>question-banks/analysis/flags.yaml</c>). Proportions are 0..1.
/// </summary>
public sealed record FlagRules(
    double GroupShare,
    int MinimumExposure,
    double TooEasyAbove,
    double TooHardBelow,
    double LowDiscriminationBelow,
    double NegativeDiscriminationBelow,
    double DeadDistractorBelow,
    double WrongKeyMargin);

/// <summary>
/// The thresholds of the equal-difficulty verdict (<c>question-banks/analysis/kesetaraan.yaml</c>):
/// percentages of the exam's highest total.
/// </summary>
public sealed record EqualityRules(double MaxSpreadPercent, double MaxGroupGapPercent, int MinimumGroup);

/// <summary>Both rule files of the analysis, read from a question-banks folder's <c>analysis/</c>.</summary>
public sealed record AnalysisRules(FlagRules Flags, EqualityRules Equality)
{
    public const string Folder = "analysis";
    public const string FlagsFile = "flags.yaml";
    public const string EqualityFile = "kesetaraan.yaml";

    /// <summary>The files under <paramref name="root"/> (a question-banks folder); null with <c>path:line</c> errors when they are not right.</summary>
    public static AnalysisRules? Load(string root, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var flags = Read(Path.Combine(root, Folder, FlagsFile), errors, (file, map) =>
        {
            var w = "ambang penanda";
            file.OnlyKeys(map, w, "kelompok_atas_bawah", "minimal_peserta", "terlalu_mudah", "terlalu_sulit", "daya_beda_rendah",
                "daya_beda_negatif", "distraktor_tidak_berfungsi", "kunci_mungkin_salah");
            var group = Number(file, map, "kelompok_atas_bawah", w, 0.01, 0.5);
            var minimum = file.Int(map, "minimal_peserta", w);
            if (minimum is < 2)
            {
                file.Error(YamlFile.Get(map, "minimal_peserta")!, $"{w}: 'minimal_peserta' paling kecil 2");
            }
            return new FlagRules(group, minimum ?? 2,
                Number(file, map, "terlalu_mudah", w, 0, 1), Number(file, map, "terlalu_sulit", w, 0, 1),
                Number(file, map, "daya_beda_rendah", w, -1, 1), Number(file, map, "daya_beda_negatif", w, -1, 1),
                Number(file, map, "distraktor_tidak_berfungsi", w, 0, 1), Number(file, map, "kunci_mungkin_salah", w, 0, 1));
        });
        var equality = Read(Path.Combine(root, Folder, EqualityFile), errors, (file, map) =>
        {
            var w = "ambang kesetaraan";
            file.OnlyKeys(map, w, "simpangan_baku_maks_persen", "selisih_kelompok_maks_persen", "minimal_kelompok");
            var minimum = file.Int(map, "minimal_kelompok", w);
            if (minimum is < 1)
            {
                file.Error(YamlFile.Get(map, "minimal_kelompok")!, $"{w}: 'minimal_kelompok' paling kecil 1");
            }
            return new EqualityRules(Number(file, map, "simpangan_baku_maks_persen", w, 0, 100),
                Number(file, map, "selisih_kelompok_maks_persen", w, 0, 100), minimum ?? 1);
        });
        return errors.Count == before && flags is not null && equality is not null ? new AnalysisRules(flags, equality) : null;
    }

    private static T? Read<T>(string path, List<FileError> errors, Func<YamlFile, YamlMappingNode, T> parse)
        where T : class
    {
        var file = new YamlFile(path, errors);
        if (!File.Exists(path))
        {
            file.Error(1, $"berkas ambang analisis tidak ditemukan; salin dari question-banks/{Folder}/{Path.GetFileName(path)} AsnCat");
            return null;
        }
        var root = file.LoadRoot(File.ReadAllText(path));
        return root is null ? null : parse(file, root);
    }

    /// <summary>A required decimal number within [min, max] (a dot as the decimal mark).</summary>
    private static double Number(YamlFile file, YamlMappingNode map, string key, string what, double min, double max)
    {
        var text = file.Text(map, key, what);
        if (text is null)
        {
            return double.NaN;
        }
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            file.Error(YamlFile.Get(map, key)!, $"{what}: '{key}' harus bilangan dengan titik desimal (mis. 0.25), bukan '{text}'");
            return double.NaN;
        }
        if (value < min || value > max)
        {
            file.Error(YamlFile.Get(map, key)!, $"{what}: '{key}' = {text} di luar {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
        }
        return value;
    }
}
