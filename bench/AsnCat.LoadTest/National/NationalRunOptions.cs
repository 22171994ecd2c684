using System.Globalization;
namespace AsnCat.LoadTest.National;

/// <summary>The national run's settings (<c>bench/national.sh</c> passes them).</summary>
public sealed record NationalRunOptions(
    string Server, string Tool, string Database, string Redis, int Terminals, int ExamSeconds, int CutAfter, int Nodes, TimeSpan Timeout, bool Keep)
{
    public const string Usage =
        "pemakaian: AsnCat.LoadTest national --server <AsnCat.Server.dll> --tool <AsnCat.Tool.dll> --database <postgres> --redis <host:port> " +
        "[--terminals N per lokasi (500)] [--exam-seconds S (120)] [--cut-after S (120)] [--nodes N (2)] [--timeout-minutes M (40)] [--keep]";

    public static NationalRunOptions? Parse(string[] args, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(errors);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keep")
            {
                keep = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                errors.WriteLine($"argumen tidak dikenal '{args[i]}'. {Usage}");
                return null;
            }
        }
        static string Full(string path) => path.Length == 0 ? path : Path.GetFullPath(path);
        int Number(string name, int fallback, int min) =>
            values.TryGetValue(name, out var text) ? int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n >= min ? n : -1 : fallback;
        var o = new NationalRunOptions(
            Full(values.GetValueOrDefault("server", "")), Full(values.GetValueOrDefault("tool", "")), values.GetValueOrDefault("database", ""), values.GetValueOrDefault("redis", ""),
            Number("terminals", 500, 3), Number("exam-seconds", 120, 10), Number("cut-after", 120, 0), Number("nodes", 2, 1),
            TimeSpan.FromMinutes(Math.Max(1, Number("timeout-minutes", 40, 1))), keep);
        var missing = new[] { ("server", o.Server), ("tool", o.Tool), ("database", o.Database), ("redis", o.Redis) }.Where(x => x.Item2.Length == 0).Select(x => "--" + x.Item1).ToList();
        if (missing.Count > 0 || o.Terminals < 0 || o.ExamSeconds < 0 || o.CutAfter < 0 || o.Nodes < 0 || !File.Exists(o.Server) || !File.Exists(o.Tool))
        {
            errors.WriteLine((missing.Count > 0 ? $"wajib: {string.Join(", ", missing)}. " : "angka tidak sah, atau --server/--tool tidak ada. ") + Usage);
            return null;
        }
        return o;
    }
}
