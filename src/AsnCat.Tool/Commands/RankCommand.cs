using System.CommandLine;
using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Csv;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>rank --scores scores.csv --formations formations.csv [--thresholds skd-2024]</c>: the
/// ranking of the scoring library as CSV on stdout, for committees and auditors. The score
/// columns are the threshold set's subtests in lower case (SKD: <c>twk,tiu,tkp</c>; PPPK:
/// <c>teknis,manajerial,sosiokultural,wawancara</c>); a set with per-position minimums (PPPK 2023)
/// reads each formation's <c>position</c> too.
/// </summary>
internal static class RankCommand
{
    internal static string[] ScoresHeader(ThresholdSet set) =>
        ["participant_number", "formation_code", "category", .. set.Blueprint.Subtests.Select(s => s.Code.ToLowerInvariant())];

    internal static string[] FormationsHeader(ThresholdSet set) => set.Positions.Count > 0 ? ["formation_code", "quota", "position"] : ["formation_code", "quota"];

    internal static string[] OutputHeader(ThresholdSet set) =>
        ["formation_code", "rank", "participant_number", "category", .. set.Blueprint.Subtests.Select(s => s.Code.ToLowerInvariant()), "total", "passed", "advances"];

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var scores = new Option<FileInfo>("--scores") { Description = "CSV: participant_number,formation_code,category, lalu satu kolom per subtes (SKD: twk,tiu,tkp)", Required = true };
        var formations = new Option<FileInfo>("--formations") { Description = "CSV: formation_code,quota (ditambah position bila ambang batas per jabatan)", Required = true };
        var thresholds = new Option<string>("--thresholds") { Description = "Kode ambang batas (mis. skd-2024) atau jalur berkas YAML", DefaultValueFactory = _ => "skd-2024" };
        var rank = new Command("rank", "Peringkat per formasi dan siapa yang lolos ke tahap berikutnya atau masuk kuota (CSV ke stdout).");
        rank.Options.Add(scores);
        rank.Options.Add(formations);
        rank.Options.Add(thresholds);
        rank.SetAction(parse => Run(parse.GetValue(scores)!.ToString(), parse.GetValue(formations)!.ToString(), parse.GetValue(thresholds)!, new RulesCatalog(RulesCatalog.DefaultRoot), stdout, stderr));
        return rank;
    }

    internal static int Run(string scoresPath, string formationsPath, string thresholdCode, RulesCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        var errors = new List<FileError>();
        var set = catalog.Thresholds(thresholdCode);
        errors.AddRange(catalog.Errors);
        if (set is null)
        {
            CommandLine.Report(stderr, errors);
            return 2;
        }
        var scoresHeader = ScoresHeader(set);
        var formationTable = CsvTable.Read(formationsPath, FormationsHeader(set), errors);
        var scoreTable = CsvTable.Read(scoresPath, scoresHeader, errors);
        if (formationTable is null || scoreTable is null)
        {
            CommandLine.Report(stderr, errors);
            return 2;
        }

        var formations = new List<FormationQuota>();
        var formationIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, f) in formationTable.Rows)
        {
            var code = f[0];
            if (code.Length == 0)
            {
                errors.Add(new FileError(formationsPath, line, "formation_code kosong"));
            }
            else if (formationIndex.ContainsKey(code))
            {
                errors.Add(new FileError(formationsPath, line, $"formation_code '{code}' ganda"));
            }
            else if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quota))
            {
                errors.Add(new FileError(formationsPath, line, $"quota '{f[1]}' harus bilangan bulat >= 0"));
            }
            else if (f.Length > 2 && set.PositionIndex(f[2]) < 0)
            {
                errors.Add(new FileError(formationsPath, line, $"position '{f[2]}' tidak ada di tabel jabatan ambang batas {set.Code} (pilihan: {string.Join(", ", set.Positions.Keys.Order(StringComparer.Ordinal))})"));
            }
            else
            {
                formationIndex[code] = formations.Count;
                formations.Add(new FormationQuota(code, quota, f.Length > 2 ? f[2] : null));
            }
        }

        var contestants = new List<Contestant>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = string.Join(", ", set.Categories.Select(c => c.Code));
        foreach (var (line, f) in scoreTable.Rows)
        {
            var where = new Func<string, FileError>(m => new FileError(scoresPath, line, m));
            var participant = f[0];
            var before = errors.Count;
            if (participant.Length == 0)
            {
                errors.Add(where("participant_number kosong"));
            }
            else if (seen.TryGetValue(participant, out var firstLine))
            {
                errors.Add(where($"participant_number '{participant}' ganda (pertama di baris {firstLine})"));
            }
            if (!formationIndex.TryGetValue(f[1], out var formation))
            {
                errors.Add(where($"formation_code '{f[1]}' tidak ada di {formationsPath}"));
            }
            var category = set.CategoryIndex(f[2]);
            if (category < 0)
            {
                errors.Add(where($"category '{f[2]}' tidak dikenal (pilihan: {categories})"));
            }
            var scores = new int[set.Blueprint.Subtests.Count];
            for (var s = 0; s < scores.Length; s++)
            {
                var spec = set.Blueprint.Subtests[s];
                if (!int.TryParse(f[3 + s], NumberStyles.None, CultureInfo.InvariantCulture, out scores[s]) || scores[s] > spec.MaxScore)
                {
                    errors.Add(where($"{scoresHeader[3 + s]} '{f[3 + s]}' harus bilangan bulat 0..{spec.MaxScore}"));
                }
            }
            if (errors.Count == before)
            {
                seen[participant] = line;
                contestants.Add(new Contestant(participant, formation, category, scores));
            }
        }
        if (errors.Count > 0)
        {
            CommandLine.Report(stderr, errors);
            stderr.WriteLine($"{errors.Count} masalah; tidak ada keluaran.");
            return 2;
        }

        var rows = Ranking.Rank(set, formations, contestants);
        // LF line ends, no BOM: text for a terminal or a pipe
        var output = CsvWriting.Text(OutputHeader(set), rows.Select(r =>
        {
            var c = contestants[r.Contestant];
            return (string[])
            [
                formations[c.Formation].Code, r.Rank > 0 ? r.Rank.ToString(CultureInfo.InvariantCulture) : "", c.ParticipantNumber, set.Categories[c.Category].Code,
                .. c.Scores.Select(s => s.ToString(CultureInfo.InvariantCulture)), c.Scores.Sum().ToString(CultureInfo.InvariantCulture),
                r.Passed ? "true" : "false", r.Advances ? "true" : "false",
            ];
        }), "\n");
        stdout.Write(output);
        return 0;
    }
}
