using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AsnCat.Scoring;
using YamlDotNet.RepresentationModel;
namespace AsnCat.Tool.Banks;

/// <summary>
/// Reads and validates a bank folder (format: question-banks/README.md). Every problem is
/// reported as <c>path:line: message</c>; a bank with any problem yields no bank at all, so
/// nothing of it can be imported.
/// </summary>
public static partial class BankLoader
{
    public const string Manifest = "bank.yaml";
    internal const long MaxImageBytes = 1024 * 1024;
    internal static readonly string[] ImageExtensions = [".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"];
    private static readonly string[] ItemKeys = ["id", "difficulty", "stem", "table", "image", "options", "answer", "weights", "explanation"];

    public sealed record Result(QuestionBank? Bank, IReadOnlyList<FileError> Errors);

    /// <param name="dir">The bank folder (holding bank.yaml).</param>
    /// <param name="blueprints">Finds a blueprint by code (null when unknown).</param>
    public static Result Load(string dir, Func<string, Blueprint?> blueprints)
    {
        ArgumentNullException.ThrowIfNull(blueprints);
        var errors = new List<FileError>();
        if (!Directory.Exists(dir))
        {
            errors.Add(new FileError(dir, 1, "folder bank soal tidak ditemukan"));
            return new Result(null, errors);
        }
        var manifestPath = Path.Combine(dir, Manifest);
        var manifest = new YamlFile(manifestPath, errors);
        if (!File.Exists(manifestPath))
        {
            manifest.Error(1, "berkas manifes bank.yaml tidak ada (isi: code, title, blueprint)");
            return new Result(null, errors);
        }
        var root = manifest.LoadRoot(File.ReadAllText(manifestPath));
        if (root is null)
        {
            return new Result(null, errors);
        }
        manifest.OnlyKeys(root, "manifes", "code", "title", "blueprint");
        var code = manifest.Text(root, "code", "manifes");
        var title = manifest.Text(root, "title", "manifes");
        var bpCode = manifest.Text(root, "blueprint", "manifes");
        var blueprint = bpCode is null ? null : blueprints(bpCode);
        if (bpCode is not null && blueprint is null)
        {
            manifest.Error(YamlFile.Get(root, "blueprint")!, $"kisi-kisi '{bpCode}' tidak dikenal");
        }
        if (blueprint is null)
        {
            return new Result(null, errors);
        }

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var items = new List<BankItem>();
        var seen = new Dictionary<string, BankItem>(StringComparer.Ordinal);
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var rel in files.Where(f => f != Manifest && (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))))
        {
            LoadItemFile(dir, rel, blueprint, errors, items, seen, images);
        }
        if (items.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FileError(manifestPath, 1, "bank tidak memiliki soal"));
        }
        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }
        return new Result(new QuestionBank(code!, title ?? code!, blueprint.Code, Hash(dir, files), items, images), errors);
    }

    /// <summary>SHA-256 over the lines <c>&lt;sha256(file)&gt;  &lt;relative path&gt;\n</c>, sorted by path (ordinal).</summary>
    public static string Hash(string dir, IEnumerable<string> relativePaths)
    {
        var sb = new StringBuilder();
        foreach (var rel in relativePaths.OrderBy(f => f, StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(dir, rel));
            sb.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(rel).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void LoadItemFile(string dir, string rel, Blueprint blueprint, List<FileError> errors, List<BankItem> items, Dictionary<string, BankItem> seen, Dictionary<string, byte[]> images)
    {
        var path = Path.Combine(dir, rel);
        var file = new YamlFile(path, errors);
        var root = file.LoadRoot(File.ReadAllText(path));
        if (root is null)
        {
            return;
        }
        file.OnlyKeys(root, "berkas soal", "subtest", "subtopic", "items");
        var subtestCode = file.Text(root, "subtest", "berkas soal");
        var subtopicCode = file.Text(root, "subtopic", "berkas soal");
        var subtest = subtestCode is null ? null : blueprint.Subtests.FirstOrDefault(s => s.Code == subtestCode);
        if (subtestCode is not null && subtest is null)
        {
            file.Error(YamlFile.Get(root, "subtest")!, $"subtes '{subtestCode}' tidak ada di kisi-kisi {blueprint.Code} (yang ada: {string.Join(", ", blueprint.Subtests.Select(s => s.Code))})");
        }
        if (subtest is not null && subtopicCode is not null && subtest.SubtopicIndex(subtopicCode) < 0)
        {
            file.Error(YamlFile.Get(root, "subtopic")!, $"subtopik '{subtopicCode}' tidak ada di subtes {subtest.Code} (yang ada: {string.Join(", ", subtest.Subtopics.Select(t => t.Code))})");
        }
        var list = file.Seq(root, "items", "berkas soal");
        if (list is null)
        {
            return;
        }
        if (list.Children.Count == 0)
        {
            file.Error(list, "daftar 'items' kosong");
        }
        var fileDir = Path.GetDirectoryName(rel)?.Replace('\\', '/') ?? "";
        foreach (var node in list.Children)
        {
            if (node is not YamlMappingNode map)
            {
                file.Error(node, "setiap soal harus berupa pemetaan (id, difficulty, stem, options, ...)");
                continue;
            }
            var item = ReadItem(file, map, subtest, subtopicCode ?? "?", dir, fileDir, images);
            if (item is null)
            {
                continue;
            }
            if (seen.TryGetValue(item.Id, out var first))
            {
                file.Error(map, $"id '{item.Id}' ganda: sudah dipakai di {Path.Combine(dir, first.SourceFile)}:{first.Line}");
                continue;
            }
            seen[item.Id] = item with { SourceFile = rel };
            items.Add(item with { SourceFile = rel });
        }
    }

    private static BankItem? ReadItem(YamlFile file, YamlMappingNode map, SubtestSpec? subtest, string subtopic, string dir, string fileDir, Dictionary<string, byte[]> images)
    {
        var before = file.Errors.Count;
        var id = file.Text(map, "id", "soal");
        var what = $"soal {id ?? "(tanpa id)"}";
        file.OnlyKeys(map, what, ItemKeys);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            file.Error(YamlFile.Get(map, "id")!, $"{what}: id hanya boleh huruf, angka, '.', '_' dan '-' (tanpa spasi atau ':')");
        }
        var difficultyText = file.Text(map, "difficulty", what);
        Difficulty difficulty = default;
        if (difficultyText is not null && !TryDifficulty(difficultyText, out difficulty))
        {
            file.Error(YamlFile.Get(map, "difficulty")!, $"{what}: difficulty '{difficultyText}' tidak dikenal (mudah, sedang atau sulit)");
        }
        var stem = file.Text(map, "stem", what);
        var table = ReadTable(file, map, what);
        var image = YamlFile.Get(map, "image") is { } imageNode ? ReadImage(file, imageNode, what, dir, fileDir, images) : null;

        var options = new ItemOption[Options.Count];
        if (file.Map(map, "options", what) is { } opts)
        {
            foreach (var key in opts.Children.Keys)
            {
                var k = (key as YamlScalarNode)?.Value ?? "";
                if (k.Length != 1 || Options.Index(k[0]) < 0 || k[0] != char.ToUpperInvariant(k[0]))
                {
                    file.Error(key, $"{what}: opsi '{k}' tidak dikenal (hanya A, B, C, D, E)");
                }
            }
            for (var o = 0; o < Options.Count; o++)
            {
                var letter = Options.Letter(o).ToString();
                var node = YamlFile.Get(opts, letter);
                if (node is null)
                {
                    file.Error(opts, $"{what}: opsi {letter} tidak ada (harus tepat A, B, C, D, E)");
                    continue;
                }
                options[o] = ReadOption(file, node, $"{what} opsi {letter}", dir, fileDir, images) ?? new ItemOption(null, null);
            }
        }

        int? answer = null;
        IReadOnlyList<int>? weights = null;
        var answerNode = YamlFile.Get(map, "answer");
        var weightsNode = YamlFile.Get(map, "weights");
        if (subtest?.Scoring == ScoringKind.Key)
        {
            if (weightsNode is not null)
            {
                file.Error(weightsNode, $"{what}: subtes {subtest.Code} memakai kunci jawaban ('answer'), bukan 'weights'");
            }
            answer = ReadAnswer(file, map, answerNode, what);
        }
        else if (subtest?.Scoring == ScoringKind.Weighted)
        {
            if (answerNode is not null)
            {
                file.Error(answerNode, $"{what}: subtes {subtest.Code} memakai bobot ('weights') untuk setiap opsi, bukan 'answer'");
            }
            weights = ReadWeights(file, map, weightsNode, what, subtest.Weights!);
        }
        var explanation = file.Text(map, "explanation", what, required: false);
        if (file.Errors.Count > before || id is null || stem is null || subtest is null)
        {
            return null;
        }
        return new BankItem(id, subtest.Code, subtopic, difficulty, stem, table, image, options, answer, weights, explanation, "", (int)map.Start.Line);
    }

    private static int? ReadAnswer(YamlFile file, YamlMappingNode map, YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                file.Error(map, $"{what}: kunci jawaban 'answer' wajib diisi (satu dari A-E)");
                return null;
            case YamlSequenceNode seq:
                file.Error(node, seq.Children.Count > 1
                    ? $"{what}: lebih dari satu jawaban benar ({string.Join(", ", seq.Children)}); tepat satu opsi yang benar"
                    : $"{what}: 'answer' harus satu huruf A-E, bukan daftar");
                return null;
            case YamlScalarNode scalar:
                var letters = (scalar.Value ?? "").Where(char.IsLetter).ToArray();
                if (letters.Length > 1 && letters.All(c => Options.Index(c) >= 0))
                {
                    file.Error(node, $"{what}: lebih dari satu jawaban benar ({string.Join(", ", letters)}); tepat satu opsi yang benar");
                    return null;
                }
                var text = (scalar.Value ?? "").Trim();
                if (text.Length != 1 || Options.Index(text[0]) < 0 || text[0] != char.ToUpperInvariant(text[0]))
                {
                    file.Error(node, $"{what}: kunci jawaban '{text}' harus salah satu dari A, B, C, D, E");
                    return null;
                }
                return Options.Index(text[0]);
            default:
                file.Error(node, $"{what}: 'answer' harus satu huruf A-E");
                return null;
        }
    }

    private static int[]? ReadWeights(YamlFile file, YamlMappingNode map, YamlNode? node, string what, WeightRule rule)
    {
        if (node is null)
        {
            file.Error(map, $"{what}: 'weights' wajib diisi: bobot {rule.Min}..{rule.Max} untuk setiap opsi A-E");
            return null;
        }
        if (node is not YamlMappingNode w)
        {
            file.Error(node, $"{what}: 'weights' harus berupa {{ A: 5, B: 3, ... }}");
            return null;
        }
        file.OnlyKeys(w, $"{what} weights", "A", "B", "C", "D", "E");
        var weights = new int[Options.Count];
        var ok = true;
        for (var o = 0; o < Options.Count; o++)
        {
            var v = file.Int(w, Options.Letter(o).ToString(), $"{what} weights");
            if (v is null)
            {
                ok = false;
                continue;
            }
            if (v < rule.Min || v > rule.Max)
            {
                file.Error(YamlFile.Get(w, Options.Letter(o).ToString())!, $"{what}: bobot opsi {Options.Letter(o)} = {v} di luar {rule.Min}..{rule.Max}");
                ok = false;
            }
            weights[o] = v.Value;
        }
        if (ok && rule.Distinct && weights.Distinct().Count() != Options.Count)
        {
            file.Error(w, $"{what}: bobot harus permutasi {rule.Min}..{rule.Max} (setiap nilai tepat sekali), bukan {string.Join(", ", weights)}");
            ok = false;
        }
        return ok ? weights : null;
    }

    private static ItemOption? ReadOption(YamlFile file, YamlNode node, string what, string dir, string fileDir, Dictionary<string, byte[]> images)
    {
        if (node is YamlScalarNode scalar)
        {
            var text = scalar.Value?.Trim() ?? "";
            if (text.Length == 0)
            {
                file.Error(node, $"{what} kosong");
                return null;
            }
            return new ItemOption(text, null);
        }
        if (node is YamlMappingNode m)
        {
            file.OnlyKeys(m, what, "text", "image");
            var text = file.Text(m, "text", what, required: false);
            var image = YamlFile.Get(m, "image") is { } img ? ReadImage(file, img, what, dir, fileDir, images) : null;
            if (text is null && image is null)
            {
                file.Error(node, $"{what} kosong: isi 'text' atau 'image'");
                return null;
            }
            return new ItemOption(text, image);
        }
        file.Error(node, $"{what} harus berupa teks atau {{ text, image }}");
        return null;
    }

    private static ItemTable? ReadTable(YamlFile file, YamlMappingNode map, string what)
    {
        if (file.Map(map, "table", what, required: false) is not { } t)
        {
            return null;
        }
        file.OnlyKeys(t, $"{what} table", "caption", "header", "rows");
        var header = (file.Seq(t, "header", $"{what} table")?.Children ?? []).Select(c => (c as YamlScalarNode)?.Value ?? "").ToList();
        if (header.Count == 0)
        {
            file.Error(t, $"{what}: tabel harus memiliki 'header'");
        }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in file.Seq(t, "rows", $"{what} table")?.Children ?? [])
        {
            if (row is not YamlSequenceNode cells || cells.Children.Any(c => c is not YamlScalarNode))
            {
                file.Error(row, $"{what}: setiap baris tabel harus berupa daftar sel teks");
                continue;
            }
            if (cells.Children.Count != header.Count)
            {
                file.Error(row, $"{what}: baris tabel memiliki {cells.Children.Count} sel, header {header.Count}");
            }
            rows.Add(cells.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList());
        }
        return new ItemTable(file.Text(t, "caption", what, required: false), header, rows);
    }

    private static ImageRef? ReadImage(YamlFile file, YamlNode node, string what, string dir, string fileDir, Dictionary<string, byte[]> images)
    {
        if (node is not YamlMappingNode m)
        {
            file.Error(node, $"{what}: 'image' harus berupa {{ file, alt }}");
            return null;
        }
        file.OnlyKeys(m, $"{what} image", "file", "alt");
        var name = file.Text(m, "file", $"{what} image");
        var alt = file.Text(m, "alt", $"{what} image (teks alternatif untuk pembaca layar)");
        if (name is null || alt is null)
        {
            return null;
        }
        var fileNode = YamlFile.Get(m, "file")!;
        if (Path.IsPathRooted(name) || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(p => p is ".." or "." or ""))
        {
            file.Error(fileNode, $"{what}: gambar '{name}' harus berupa jalur relatif di dalam folder bank (tanpa '..', '/' di awal atau '\\')");
            return null;
        }
        if (!ImageExtensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
        {
            file.Error(fileNode, $"{what}: jenis gambar '{name}' tidak didukung ({string.Join(", ", ImageExtensions)})");
            return null;
        }
        var rel = fileDir.Length == 0 ? name : $"{fileDir}/{name}";
        var full = Path.Combine(dir, rel);
        if (!File.Exists(full))
        {
            file.Error(fileNode, $"{what}: berkas gambar '{name}' tidak ditemukan ({full})");
            return null;
        }
        var info = new FileInfo(full);
        if (info.Length > MaxImageBytes)
        {
            file.Error(fileNode, $"{what}: gambar '{name}' {info.Length} bita, maksimum {MaxImageBytes}");
            return null;
        }
        if (!images.ContainsKey(rel))
        {
            images[rel] = File.ReadAllBytes(full);
        }
        return new ImageRef(rel, alt);
    }

    public static bool TryDifficulty(string text, out Difficulty difficulty)
    {
        switch (text)
        {
            case "mudah": difficulty = Difficulty.Mudah; return true;
            case "sedang": difficulty = Difficulty.Sedang; return true;
            case "sulit": difficulty = Difficulty.Sulit; return true;
            default: difficulty = default; return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    internal static partial Regex IdPattern();
}
