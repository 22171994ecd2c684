using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>verify &lt;bundle.json&gt;... [--heads heads.txt] [--publication-head hex]</c>: re-derives a
/// session's result bundle (docs/result-bundle.md) and prints one line per check, then one line
/// per mismatch naming where it is. Exit 0 when every check passes, 1 on any mismatch, 2 when a
/// bundle or heads file cannot be read.
/// </summary>
internal static class VerifyCommand
{
    private const int MaxListed = 50;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var bundles = new Argument<string[]>("bundle") { Description = "Berkas bundel hasil sesi (<kode sesi>.json atau <kode sesi>.kunci.json)", Arity = ArgumentArity.ZeroOrMore };
        var heads = new Option<string>("--heads") { Description = "Berkas berisi baris '<kode sesi> <head ledger>' (sesi yang bundelnya tidak diberikan)" };
        var publication = new Option<string>("--publication-head") { Description = "Head publikasi yang diumumkan, untuk dicocokkan dengan head sesi-sesi" };
        var verify = new Command("verify", "Memeriksa bundel hasil sesi: perangkat soal, jawaban, nilai, peringkat dan ledger.");
        verify.Arguments.Add(bundles);
        verify.Options.Add(heads);
        verify.Options.Add(publication);
        verify.SetAction(parse => Run(parse.GetValue(bundles) ?? [], parse.GetValue(heads), parse.GetValue(publication), stdout, stderr));
        return verify;
    }

    internal static int Run(IReadOnlyList<string> bundlePaths, string? headsPath, string? publicationHead, TextWriter stdout, TextWriter stderr)
    {
        if (bundlePaths.Count == 0 && headsPath is null)
        {
            stderr.WriteLine("verify: berikan setidaknya satu berkas bundel (mis. verify data/bundles/S-1.kunci.json) atau --heads.");
            return 2;
        }
        var failed = false;
        var sessionHeads = new List<(string Code, string Head, string From)>();
        foreach (var path in bundlePaths)
        {
            var result = VerifyBundle(path, stdout, stderr);
            if (result is null)
            {
                return 2;
            }
            failed |= !result.Value.Ok;
            sessionHeads.Add((result.Value.SessionCode, result.Value.Head, path));
        }
        if (headsPath is not null)
        {
            var read = ReadHeads(headsPath, stderr);
            if (read is null)
            {
                return 2;
            }
            sessionHeads.AddRange(read.Select(h => (h.Code, h.Head, headsPath)));
        }
        if (publicationHead is not null || sessionHeads.Count > 1)
        {
            var duplicate = sessionHeads.GroupBy(h => h.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                stderr.WriteLine($"verify: sesi {duplicate.Key} muncul lebih dari sekali ({string.Join(", ", duplicate.Select(d => d.From))}); setiap sesi sekali saja.");
                return 2;
            }
            var head = SessionLedger.PublicationHead(sessionHeads.Select(h => (h.Code, h.Head)));
            if (publicationHead is null)
            {
                stdout.WriteLine($"[INFO] head publikasi dari {sessionHeads.Count} sesi: {head}");
            }
            else if (string.Equals(head, publicationHead.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stdout.WriteLine($"[OK] head publikasi: {head} dari {sessionHeads.Count} sesi");
            }
            else
            {
                stdout.WriteLine($"[GAGAL] head publikasi: 1 selisih");
                stdout.WriteLine($"  publikasi: dihitung ulang dari {sessionHeads.Count} sesi ({string.Join(", ", sessionHeads.Select(h => h.Code).Order(StringComparer.Ordinal))}) memberi {head}, yang diumumkan {publicationHead.Trim()}");
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }

    private static List<(string Code, string Head)>? ReadHeads(string path, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: berkas tidak ditemukan. Periksa jalurnya.");
            return null;
        }
        var list = new List<(string, string)>();
        var line = 0;
        foreach (var text in File.ReadAllLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var parts = text.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigitLower))
            {
                stderr.WriteLine($"{path}:{line}: '{text}' bukan '<kode sesi> <head>' (satu spasi, head 64 karakter hex huruf kecil).");
                return null;
            }
            list.Add((parts[0], parts[1]));
        }
        return list;
    }

    /// <summary>Checks one bundle; null when it cannot be read (reported on stderr).</summary>
    private static (bool Ok, string SessionCode, string Head)? VerifyBundle(string path, TextWriter stdout, TextWriter stderr)
    {
        ResultBundle bundle;
        try
        {
            bundle = ResultBundle.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{path}: tidak dapat dibaca ({e.Message}). Periksa jalur dan izin berkasnya.");
            return null;
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" di {e.Path}" + (e.LineNumber is { } l ? $" (baris {l + 1})" : "");
            stderr.WriteLine($"{path}: bukan bundel hasil {ResultBundle.FormatName}{where}: {e.Message} Ambil ulang berkas aslinya; bundel tidak boleh disunting.");
            return null;
        }
        if (bundle.Format != ResultBundle.FormatName)
        {
            stderr.WriteLine($"{path}: format '{bundle.Format}' tidak dikenal; perintah ini membaca {ResultBundle.FormatName}. Gunakan versi AsnCat yang menulis bundel itu.");
            return null;
        }
        Materials materials;
        try
        {
            materials = Materials.Load(bundle);
        }
        catch (MaterialsException e)
        {
            stderr.WriteLine($"{path}: {e.Message}");
            return null;
        }

        stdout.WriteLine($"Bundel {path}: sesi {bundle.Session.Code}, {bundle.Candidates.Count} peserta, {(bundle.Bank.KeysIncluded ? "dengan kunci jawaban" : "tanpa kunci jawaban")}");
        var checks = new List<Check>
        {
            Sets(bundle, materials),
            Replay(bundle),
            Totals(bundle, materials),
            Rescore(bundle, materials),
            Rankings(bundle, materials),
            RankingRows(bundle),
        };
        var ledger = SessionLedger.Compute(bundle.Candidates);
        checks.Add(Ledger(bundle, ledger));
        foreach (var check in checks)
        {
            check.Print(stdout);
        }
        var failures = checks.Count(c => c.Failed);
        stdout.WriteLine(failures == 0 ? $"Hasil: LULUS PEMERIKSAAN ({checks.Count(c => !c.Skipped)} pemeriksaan)" : $"Hasil: GAGAL ({failures} dari {checks.Count} pemeriksaan)");
        return (failures == 0, bundle.Session.Code, ledger.Head);
    }

    private static string Who(ResultBundle bundle, int i) => $"candidates[{i}] ({bundle.Candidates[i].ParticipantNumber})";

    private static string[] Tokens(string? set) => set is null ? [] : set.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Check Sets(ResultBundle bundle, Materials m)
    {
        var check = new Check("perangkat soal");
        var drawn = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Set is null)
            {
                if (c.Events.Count > 0)
                {
                    check.Problem($"{Who(bundle, i)}.set: tidak ada perangkat soal, tetapi ada {c.Events.Count} peristiwa jawaban");
                }
                continue;
            }
            drawn++;
            var expected = Tokens(m.Pool.Draw(bundle.Session.Seed, c.ParticipantNumber).ToText(m.Pool));
            var actual = Tokens(c.Set);
            var differ = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
                .Where(p => p >= expected.Length || p >= actual.Length || expected[p] != actual[p]).ToList();
            if (differ.Count > 0)
            {
                var p = differ[0];
                var others = differ.Count > 1 ? $" (dan {differ.Count - 1} posisi lain)" : "";
                check.Problem($"{Who(bundle, i)}.set[{p}]: turunan dari seed memberi {(p < expected.Length ? expected[p] : "(tidak ada)")}, bundel menyatakan {(p < actual.Length ? actual[p] : "(tidak ada)")}{others}");
            }
        }
        check.Summary = $"{drawn} perangkat soal sama dengan turunan dari seed '{bundle.Session.Seed}' dan bank {Short(bundle.Bank.Hash)}";
        return check;
    }

    private static Check Replay(ResultBundle bundle)
    {
        var check = new Check("jawaban akhir");
        var events = 0;
        var seen = new HashSet<long>();
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            var count = Tokens(c.Set).Length;
            var state = new string?[count];
            for (var k = 0; k < c.Events.Count; k++)
            {
                var e = c.Events[k];
                events++;
                var at = $"{Who(bundle, i)}.events[{k}]";
                if (!seen.Add(e.Id))
                {
                    check.Problem($"{at}: id {e.Id} dipakai lebih dari sekali");
                }
                if (k > 0 && e.Id <= c.Events[k - 1].Id)
                {
                    check.Problem($"{at}: id {e.Id} tidak lebih besar dari peristiwa sebelumnya ({c.Events[k - 1].Id})");
                }
                if (e.Position < 0 || e.Position >= count)
                {
                    check.Problem($"{at}: posisi {e.Position} di luar perangkat soal (0..{count - 1})");
                    continue;
                }
                if (e.Option is not null && e.Option is not [>= 'A' and <= 'E'])
                {
                    check.Problem($"{at}: opsi '{e.Option}' bukan A-E");
                }
                switch (e.Kind)
                {
                    case "answer":
                        state[e.Position] = e.Option;
                        break;
                    case "doubtful":
                        break;
                    default:
                        check.Problem($"{at}: jenis '{e.Kind}' bukan answer atau doubtful");
                        break;
                }
            }
            if (c.Answers.Count != count)
            {
                check.Problem($"{Who(bundle, i)}.answers: {c.Answers.Count} posisi, perangkat soal {count}");
                continue;
            }
            for (var p = 0; p < count; p++)
            {
                if (state[p] != c.Answers[p])
                {
                    check.Problem($"{Who(bundle, i)}.answers[{p}]: pemutaran ulang peristiwa memberi {state[p] ?? "kosong"}, bundel menyatakan {c.Answers[p] ?? "kosong"}");
                }
            }
        }
        check.Summary = $"{events} peristiwa diputar ulang menjadi jawaban akhir {bundle.Candidates.Count} peserta";
        return check;
    }

    private static Check Totals(ResultBundle bundle, Materials m)
    {
        var check = new Check("jumlah dan ambang batas");
        var scored = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Scores is null)
            {
                if (c.EndedBy is not ("absent" or "disqualified") || c.Total is not null)
                {
                    check.Problem($"{Who(bundle, i)}.scores: tidak ada nilai, padahal ujian berakhir '{c.EndedBy ?? "(belum berakhir)"}'");
                }
                continue;
            }
            scored++;
            var card = Card(m, c.Scores, out var missing);
            if (missing is not null)
            {
                check.Problem($"{Who(bundle, i)}.scores: {missing}");
                continue;
            }
            if (c.Total != card.Total)
            {
                check.Problem($"{Who(bundle, i)}.total: jumlah nilai subtes memberi {card.Total}, bundel menyatakan {Text(c.Total)}");
            }
            if (m.Thresholds.CategoryIndex(c.Category) < 0)
            {
                check.Problem($"{Who(bundle, i)}.category: kategori '{c.Category}' tidak ada di ambang batas {m.Thresholds.Code}");
                continue;
            }
            var outcome = m.Thresholds.Evaluate(c.Category, card);
            if (c.Passed != outcome.Passed)
            {
                check.Problem($"{Who(bundle, i)}.passed: ambang batas {m.Thresholds.Code} ({c.Category}) memberi {Text(outcome.Passed)} ({outcome}), bundel menyatakan {Text(c.Passed)}");
            }
        }
        check.Summary = $"{scored} peserta: total = jumlah nilai subtes, kelulusan sesuai ambang batas {m.Thresholds.Code}";
        return check;
    }

    private static Check Rescore(ResultBundle bundle, Materials m)
    {
        var check = new Check("nilai dari jawaban");
        if (m.Key is null)
        {
            check.Skip($"bundel tanpa kunci jawaban: nilai per subtes TIDAK diturunkan ulang dari jawaban (periksa dengan {ResultBundle.FileName(bundle.Session.Code, true)} dari publikasi panitia)");
            return check;
        }
        var rescored = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Set is null || c.Scores is null)
            {
                continue;
            }
            QuestionSet set;
            try
            {
                set = m.Pool.Parse(c.Set);
            }
            catch (FormatException e)
            {
                check.Problem($"{Who(bundle, i)}.set: {e.Message}");
                continue;
            }
            if (set.Count != m.Blueprint.TotalItems || c.Answers.Count != set.Count)
            {
                check.Problem($"{Who(bundle, i)}: {set.Count} soal dan {c.Answers.Count} jawaban, kisi-kisi {m.Blueprint.TotalItems} soal");
                continue;
            }
            var sheet = c.Answers.Select(a => a is { Length: 1 } && Options.Index(a[0]) is var o and >= 0 ? (sbyte)o : AnswerKey.Blank).ToArray();
            var card = m.Key.Score(set, sheet);
            rescored++;
            for (var s = 0; s < m.Blueprint.Subtests.Count; s++)
            {
                var code = m.Blueprint.Subtests[s].Code;
                int? stated = c.Scores.TryGetValue(code, out var v) ? v : null;
                if (stated != card[s])
                {
                    check.Problem($"{Who(bundle, i)}.scores.{code}: dihitung ulang dari jawaban {card[s]}, bundel menyatakan {Text(stated)}");
                }
            }
            if (c.Total != card.Total)
            {
                check.Problem($"{Who(bundle, i)}.total: dihitung ulang dari jawaban {card.Total}, bundel menyatakan {Text(c.Total)}");
            }
            if (m.Thresholds.CategoryIndex(c.Category) >= 0 && m.Thresholds.Evaluate(c.Category, card).Passed is var passed && c.Passed != passed)
            {
                check.Problem($"{Who(bundle, i)}.passed: dihitung ulang dari jawaban {Text(passed)}, bundel menyatakan {Text(c.Passed)}");
            }
        }
        check.Summary = $"{rescored} lembar jawaban dinilai ulang dengan kunci dan bobot; nilai, total dan kelulusan sama";
        return check;
    }

    private static Check Rankings(ResultBundle bundle, Materials m)
    {
        var check = new Check("peringkat");
        var rows = 0;
        for (var f = 0; f < bundle.Rankings.Count; f++)
        {
            var r = bundle.Rankings[f];
            var at = $"rankings[{f}] ({r.Formation})";
            var scored = Enumerable.Range(0, r.Rows.Count).Where(k => r.Rows[k].Outcome is "lulus" or "tidak_lulus").ToList();
            if (scored.Count == 0)
            {
                continue;
            }
            if (r.ThresholdSet != m.Thresholds.Code)
            {
                check.Problem($"{at}.thresholdSet: '{r.ThresholdSet}', bundel hanya memuat ambang batas {m.Thresholds.Code}; peringkat formasi ini tidak dapat dihitung ulang");
                continue;
            }
            if (r.AdvanceLimit != m.Thresholds.Ranking.AdvanceMultiple * r.Quota)
            {
                check.Problem($"{at}.advanceLimit: {m.Thresholds.Ranking.AdvanceMultiple} x kuota {r.Quota} = {m.Thresholds.Ranking.AdvanceMultiple * r.Quota}, bundel menyatakan {r.AdvanceLimit}");
            }
            var contestants = new List<Contestant>();
            var usable = new List<int>();
            foreach (var k in scored)
            {
                var row = r.Rows[k];
                var category = m.Thresholds.CategoryIndex(row.Category);
                var card = row.Scores is null ? null : Card(m, row.Scores, out var missing) is var c && missing is null ? c : null;
                if (card is null || category < 0)
                {
                    check.Problem($"{at}.rows[{k}] ({row.ParticipantNumber}): {(category < 0 ? $"kategori '{row.Category}' tidak dikenal" : "nilai tidak lengkap")}; tidak dapat diperingkat");
                    continue;
                }
                if (row.Total != card.Total)
                {
                    check.Problem($"{at}.rows[{k}] ({row.ParticipantNumber}).total: jumlah nilai subtes memberi {card.Total}, bundel menyatakan {Text(row.Total)}");
                }
                usable.Add(k);
                contestants.Add(new Contestant(row.ParticipantNumber, 0, category, [.. card.Subtests]));
            }
            RankedRow[] ranked;
            try
            {
                ranked = Ranking.Rank(m.Thresholds, [new FormationQuota(r.Formation, r.Quota)], contestants);
            }
            catch (ArgumentException e)
            {
                check.Problem($"{at}: tidak dapat diperingkat: {e.Message}");
                continue;
            }
            foreach (var x in ranked)
            {
                var k = usable[x.Contestant];
                var row = r.Rows[k];
                var where = $"{at}.rows[{k}] ({row.ParticipantNumber})";
                int? rank = x.Passed ? x.Rank : null;
                rows++;
                if (row.Rank != rank)
                {
                    check.Problem($"{where}.rank: dihitung ulang {Text(rank)}, bundel menyatakan {Text(row.Rank)}");
                }
                if (row.Passed != x.Passed || row.Outcome != (x.Passed ? "lulus" : "tidak_lulus"))
                {
                    check.Problem($"{where}.passed: dihitung ulang {Text(x.Passed)}, bundel menyatakan {Text(row.Passed)} ({row.Outcome})");
                }
                if (row.Advances != x.Advances)
                {
                    check.Problem($"{where}.advances: dihitung ulang {Text(x.Advances)}, bundel menyatakan {Text(row.Advances)}");
                }
            }
        }
        check.Summary = $"{rows} baris di {bundle.Rankings.Count} formasi diperingkat ulang dengan ambang batas {m.Thresholds.Code}; peringkat, kelulusan dan lolos SKB sama";
        return check;
    }

    /// <summary>Every candidate of the session appears in their formation's ranking with the same scores and outcome.</summary>
    private static Check RankingRows(ResultBundle bundle)
    {
        var check = new Check("peserta di peringkat");
        var byFormation = bundle.Rankings.Select((r, f) => (r, f)).ToDictionary(x => x.r.Formation, x => x, StringComparer.Ordinal);
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (!byFormation.TryGetValue(c.Formation.Code, out var ranking))
            {
                check.Problem($"{Who(bundle, i)}.formation: formasi {c.Formation.Code} tidak ada di rankings");
                continue;
            }
            var k = ranking.r.Rows.ToList().FindIndex(row => row.ParticipantNumber == c.ParticipantNumber);
            if (k < 0)
            {
                check.Problem($"{Who(bundle, i)}: tidak ada di rankings[{ranking.f}] ({c.Formation.Code})");
                continue;
            }
            var row = ranking.r.Rows[k];
            var where = $"{Who(bundle, i)} / rankings[{ranking.f}].rows[{k}]";
            var expected = c.EndedBy switch
            {
                "absent" => "tidak_hadir",
                "disqualified" => "diskualifikasi",
                _ => c.Passed == true ? "lulus" : "tidak_lulus",
            };
            if (row.Outcome != expected)
            {
                check.Problem($"{where}.outcome: dari hasil peserta {expected}, baris peringkat {row.Outcome}");
            }
            if (ranking.r.Quota != c.Formation.Quota)
            {
                check.Problem($"{where}: kuota formasi peserta {c.Formation.Quota}, peringkat {ranking.r.Quota}");
            }
            if (expected is "lulus" or "tidak_lulus" && (SessionLedger.ScoresText(c.Scores) != SessionLedger.ScoresText(row.Scores) || c.Total != row.Total))
            {
                check.Problem($"{where}.scores: nilai peserta {SessionLedger.ScoresText(c.Scores)} total {Text(c.Total)}, baris peringkat {SessionLedger.ScoresText(row.Scores) ?? "kosong"} total {Text(row.Total)}");
            }
        }
        check.Summary = $"{bundle.Candidates.Count} peserta ada di peringkat formasinya dengan nilai dan status yang sama";
        return check;
    }

    private static Check Ledger(ResultBundle bundle, LedgerHead ledger)
    {
        var check = new Check("ledger");
        if (bundle.Ledger.Records != ledger.Records)
        {
            check.Problem($"ledger.records: dihitung ulang {ledger.Records} catatan, bundel menyatakan {bundle.Ledger.Records}");
        }
        if (bundle.Ledger.Head != ledger.Head)
        {
            check.Problem($"ledger.head: dihitung ulang {ledger.Head}, bundel menyatakan {bundle.Ledger.Head} (isi bundel berbeda dari yang dirantai, atau head diubah)");
        }
        check.Summary = $"{ledger.Records} catatan, head {ledger.Head}";
        return check;
    }

    private static ScoreCard Card(Materials m, IReadOnlyDictionary<string, int> scores, out string? missing)
    {
        var subtests = m.Blueprint.Subtests;
        var values = new int[subtests.Count];
        missing = null;
        for (var s = 0; s < subtests.Count; s++)
        {
            if (!scores.TryGetValue(subtests[s].Code, out values[s]))
            {
                missing = $"tidak ada nilai {subtests[s].Code}";
            }
        }
        var extra = scores.Keys.Where(k => m.Blueprint.SubtestIndex(k) < 0).ToList();
        if (extra.Count > 0)
        {
            missing = $"nilai '{string.Join(", ", extra)}' bukan subtes kisi-kisi {m.Blueprint.Code}";
        }
        return new ScoreCard(values, values.Sum());
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "kosong";

    private static string Text(bool? value) => value switch { true => "ya", false => "tidak", null => "kosong" };

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private sealed class Check(string name)
    {
        private readonly List<string> _problems = [];
        private string? _skipped;

        public string Summary { get; set; } = "";

        public bool Failed => _problems.Count > 0;

        public bool Skipped => _skipped is not null;

        public void Problem(string where) => _problems.Add(where);

        public void Skip(string why) => _skipped = why;

        public void Print(TextWriter stdout)
        {
            if (_skipped is not null)
            {
                stdout.WriteLine($"[LEWATI] {name}: {_skipped}");
                return;
            }
            if (_problems.Count == 0)
            {
                stdout.WriteLine($"[OK] {name}: {Summary}");
                return;
            }
            stdout.WriteLine($"[GAGAL] {name}: {_problems.Count} selisih");
            foreach (var p in _problems.Take(MaxListed))
            {
                stdout.WriteLine("  " + p);
            }
            if (_problems.Count > MaxListed)
            {
                stdout.WriteLine($"  ... dan {_problems.Count - MaxListed} selisih lain");
            }
        }
    }

    private sealed class MaterialsException(string message) : Exception(message);

    /// <summary>The blueprint, pool, thresholds and (with keys) answer key rebuilt from a bundle's own contents.</summary>
    private sealed record Materials(Blueprint Blueprint, ItemPool Pool, ThresholdSet Thresholds, AnswerKey? Key)
    {
        public static Materials Load(ResultBundle bundle)
        {
            var errors = new List<FileError>();
            var blueprint = RuleFiles.ParseBlueprint("bank.blueprintYaml", bundle.Bank.BlueprintYaml, errors)
                ?? throw new MaterialsException($"kisi-kisi di bank.blueprintYaml tidak dapat dibaca: {string.Join("; ", errors)}. Bundel rusak; ambil ulang berkas aslinya.");
            if (blueprint.Code != bundle.Bank.BlueprintCode)
            {
                throw new MaterialsException($"bank.blueprintCode '{bundle.Bank.BlueprintCode}' berbeda dari kode di bank.blueprintYaml ('{blueprint.Code}'). Bundel rusak; ambil ulang berkas aslinya.");
            }
            var items = new List<PoolItem>();
            for (var i = 0; i < bundle.Bank.Items.Count; i++)
            {
                var it = bundle.Bank.Items[i];
                if (!Enum.TryParse<Difficulty>(it.Difficulty, ignoreCase: true, out var difficulty) || !Enum.IsDefined(difficulty) || it.Difficulty.Any(char.IsDigit))
                {
                    throw new MaterialsException($"bank.items[{i}] ({it.Id}).difficulty: '{it.Difficulty}' bukan mudah, sedang atau sulit.");
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
                throw new MaterialsException($"bank.items: kumpulan soal tidak dapat dibangun ulang: {e.Message}");
            }

            var thresholds = LoadThresholds(bundle, blueprint);
            AnswerKey? key = null;
            if (bundle.Bank.KeysIncluded)
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
                        throw new MaterialsException($"bank.items[{i}] ({it.Id}): bank.keysIncluded true, tetapi soal ini tanpa answer (A-E) atau weights.");
                    }
                }
                try
                {
                    key = new AnswerKey(pool, scoring);
                }
                catch (Exception e) when (e is ArgumentException or OverflowException or IndexOutOfRangeException)
                {
                    throw new MaterialsException($"bank.items: kunci jawaban tidak dapat dibangun: {e.Message}");
                }
            }
            return new Materials(blueprint, pool, thresholds, key);
        }

        private static ThresholdSet LoadThresholds(ResultBundle bundle, Blueprint blueprint)
        {
            var errors = new List<FileError>();
            var set = RuleFiles.ParseThresholds("thresholds.yaml", bundle.Thresholds.Yaml, code => code == blueprint.Code ? blueprint : null, errors)
                ?? throw new MaterialsException($"thresholds.yaml tidak dapat dibaca: {string.Join("; ", errors)}. Bundel rusak; ambil ulang berkas aslinya.");
            if (set.Code != bundle.Thresholds.Code)
            {
                throw new MaterialsException($"thresholds.code '{bundle.Thresholds.Code}' berbeda dari kode di thresholds.yaml ('{set.Code}'). Bundel rusak; ambil ulang berkas aslinya.");
            }
            return set;
        }
    }
}
