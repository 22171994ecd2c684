using System.Globalization;
using System.Text.Json;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Results;

/// <summary>
/// Imports SKB scores (with the IPK for the final tie-break) from an uploaded .xlsx or CSV file,
/// all or nothing, like the formasi/peserta import (<see cref="ImportService"/>): every row is
/// checked first and only a file without a single problem is stored, in one transaction with its
/// <c>skb.imported</c> audit entry; a refused file leaves <c>skb.rejected</c>. A score is taken only
/// for a candidate who advanced to SKB in the SKD standings (<see cref="Standings"/>). A stored
/// score is never changed by an import.
/// </summary>
public sealed partial class SkbImport(IDbContextFactory<AsnCatDb> dbFactory, Standings standings, TimeProvider time, ILogger<SkbImport> logger)
{
    public const string Kind = "skb";

    public const string ImportedAction = AuditActions.Skb.Imported;

    public const string RejectedAction = AuditActions.Skb.Rejected;

    /// <summary>The template's columns: the header of an uploaded file must be exactly these names.</summary>
    public static IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("nomor_peserta", "Nomor peserta yang lulus SKD dan lanjut ke SKB. Wajib.", "CONTOH-0001", Legacy: "participant_number"),
        new("nilai_skb", "Nilai SKB 0 sampai 100, paling banyak 3 angka desimal; pemisah desimal titik atau koma (87.125 atau 87,125). Wajib.", "87.125", Text: false, Legacy: "skb_score"),
        new("ipk", "IPK 0.00 sampai 4.00, paling banyak 2 angka desimal; pemisah titik atau koma. Dipakai sebagai penentu urutan bila nilai sama. Boleh kosong.", "3.45", Text: false),
    ];

    public static string[] Header => [.. Columns.Select(c => c.Name)];

    /// <summary>The English header earlier templates had, still accepted.</summary>
    public static string[] LegacyHeader => [.. Columns.Select(c => c.Legacy ?? c.Name)];

    /// <summary>Reads up to <see cref="ImportTable.MaxBytes"/> (plus one byte, so that a larger file is reported) and imports it.</summary>
    public async Task<ImportResult> ImportAsync(Stream content, string fileName, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return await ImportAsync(await ImportTable.ReadCappedAsync(content, ct), fileName, actor, address, ct);
    }

    public async Task<ImportResult> ImportAsync(byte[] content, string fileName, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(actor);
        var problems = new List<ImportProblem>();
        var table = ImportTable.Read(content, Header, problems, LegacyHeader);
        var rows = table?.Rows.Count ?? 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (table is not null)
        {
            await CheckAsync(db, table, actor, problems, ct);
        }
        if (problems.Count == 0)
        {
            Audit(db, ImportedAction, fileName, actor, address, rows, rows, 0);
            try
            {
                await db.SaveChangesAsync(ct);   // one transaction: every score and the audit entry, or nothing
                LogStored(logger, fileName, actor, rows);
                return new ImportResult(Kind, fileName, rows, rows, []);
            }
            catch (DbUpdateException e)
            {
                // another import stored a score for one of these candidates between the check and the save
                LogRefusedAtSave(logger, e, fileName);
                problems.Add(new ImportProblem(null, null, "data berubah selama impor (mungkin ada impor nilai SKB lain pada saat yang sama); tidak ada yang disimpan, ulangi impor"));
            }
        }
        List<ImportProblem> report = [.. problems.OrderBy(p => p.Row ?? 0)];   // stable: a row's problems stay in column order
        await using (var auditDb = await dbFactory.CreateDbContextAsync(ct))
        {
            Audit(auditDb, RejectedAction, fileName, actor, address, rows, 0, report.Count);
            await auditDb.SaveChangesAsync(ct);
        }
        LogRefused(logger, fileName, actor, report.Count);
        return new ImportResult(Kind, fileName, rows, 0, report);
    }

    private async Task CheckAsync(AsnCatDb db, ImportTable table, string actor, List<ImportProblem> problems, CancellationToken ct)
    {
        var numbers = table.Rows.Select(r => r.Fields[0]).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var candidates = new Dictionary<string, (int Id, int FormationId)>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(500))   // SQLite's limit on parameters per statement
        {
            foreach (var c in await db.Candidates.AsNoTracking().Where(c => chunk.Contains(c.ParticipantNumber))
                .Select(c => new { c.Id, c.ParticipantNumber, c.FormationId }).ToListAsync(ct))
            {
                candidates[c.ParticipantNumber] = (c.Id, c.FormationId);
            }
        }
        var ids = candidates.Values.Select(c => c.Id).ToList();
        var stored = new Dictionary<int, SkbScore>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var s in await db.SkbScores.AsNoTracking().Where(s => chunk.Contains(s.CandidateId)).ToListAsync(ct))
            {
                stored[s.CandidateId] = s;
            }
        }
        // who advanced to SKB, per formation of the file's candidates; a formation whose SKD
        // standings cannot be computed refuses its rows with the reason
        var advancing = new Dictionary<int, (HashSet<string>? Numbers, string? Error, string Code)>();
        foreach (var formationId in candidates.Values.Select(c => c.FormationId).Distinct())
        {
            try
            {
                var s = (await standings.ForFormationAsync(formationId, ct))!;
                advancing[formationId] = s.ThresholdSetCode is not null && !s.HasNextStage
                    ? (null, $"ambang batas {s.ThresholdSetCode} formasi {s.FormationCode} tidak memiliki tahap SKB", s.FormationCode)
                    : (s.Rows.Where(r => r.Advances).Select(r => r.ParticipantNumber).ToHashSet(StringComparer.Ordinal), null, s.FormationCode);
            }
            catch (StandingsException e)
            {
                advancing[formationId] = (null, e.Message, "");
            }
        }

        var now = time.GetUtcNow();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, f) in table.Rows)
        {
            var p = new RowProblems(row, problems, RowProblems.Names(LegacyHeader, table.Header));
            var number = p.Required(f[0], "participant_number", 50);
            var candidateId = 0;
            if (number is not null)
            {
                if (seen.TryGetValue(number, out var first))
                {
                    p.Add("participant_number", $"nomor peserta {number} ganda: sudah ada di baris {first}");
                }
                else
                {
                    seen[number] = row;
                    if (!candidates.TryGetValue(number, out var candidate))
                    {
                        p.Add("participant_number", $"nomor peserta {number} tidak dikenal");
                    }
                    else if (stored.TryGetValue(candidate.Id, out var old))
                    {
                        p.Add("participant_number",
                            $"peserta {number} sudah memiliki nilai SKB {Milli(old.ScoreMilli)} (diimpor {old.ImportedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC oleh {old.ImportedBy}); " +
                            "impor tidak mengubah nilai yang sudah tersimpan: hapus baris ini dari berkas lalu unggah ulang");
                    }
                    else if (advancing[candidate.FormationId] is { Error: { } error })
                    {
                        p.Add("participant_number", $"peserta {number}: peringkat SKD formasinya tidak dapat disusun ({error})");
                    }
                    else if (!advancing[candidate.FormationId].Numbers!.Contains(number))
                    {
                        p.Add("participant_number", $"peserta {number} tidak lanjut ke SKB menurut peringkat SKD formasi {advancing[candidate.FormationId].Code}; nilai SKB hanya diterima untuk peserta yang lanjut SKB");
                    }
                    else
                    {
                        candidateId = candidate.Id;
                    }
                }
            }
            var scoreText = p.Required(f[1], "skb_score", 50);
            var score = 0;
            if (scoreText is not null && !(TryParseFixed(scoreText, 3, out score) && score <= 100_000))
            {
                p.Add("skb_score", $"nilai SKB harus angka 0 sampai 100 dengan paling banyak 3 angka desimal (mis. 87.125 atau 87,125), bukan '{scoreText}'");
            }
            int? gpa = null;
            if (f[2] is { Length: > 0 } gpaText)
            {
                if (TryParseFixed(gpaText, 2, out var g) && g <= 400)
                {
                    gpa = g;
                }
                else
                {
                    p.Add("ipk", $"IPK harus angka 0.00 sampai 4.00 dengan paling banyak 2 angka desimal (mis. 3.45 atau 3,45), bukan '{gpaText}'");
                }
            }
            if (p.Clean)
            {
                db.SkbScores.Add(new SkbScore { CandidateId = candidateId, ScoreMilli = score, GpaCenti = gpa, ImportedAt = now, ImportedBy = actor });
            }
        }
    }

    /// <summary>
    /// A non-negative decimal with at most <paramref name="decimals"/> places, '.' or ',' as the
    /// separator, no sign, exponent or thousands separator, as an exact integer in units of
    /// 10^-decimals (<c>87,125</c> with 3 places is 87125).
    /// </summary>
    public static bool TryParseFixed(string text, int decimals, out int value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        var separator = text.IndexOfAny(['.', ',']);
        var whole = separator < 0 ? text : text[..separator];
        var fraction = separator < 0 ? "" : text[(separator + 1)..];
        if (whole.Length is 0 or > 4 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)
            || (separator >= 0 && fraction.Length == 0))
        {
            return false;
        }
        // trailing zeros beyond the allowed places change nothing (a spreadsheet may write 87.1250)
        fraction = fraction.TrimEnd('0');
        if (fraction.Length > decimals)
        {
            return false;
        }
        var scale = 1;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10;
        }
        value = (int.Parse(whole, CultureInfo.InvariantCulture) * scale) + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(decimals, '0'), CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Thousandths as a decimal with three places (<c>87125</c> is <c>87.125</c>), invariant.</summary>
    public static string Milli(int thousandths) =>
        string.Create(CultureInfo.InvariantCulture, $"{thousandths / 1000}.{thousandths % 1000:D3}");

    public static byte[] TemplateCsv() => ImportTemplates.Csv(Columns);

    public static byte[] TemplateXlsx() => ImportTemplates.Xlsx("nilai-skb", Columns,
        "Nilai SKB yang sudah tersimpan tidak diubah oleh impor berikutnya; berkas berikutnya hanya boleh berisi peserta yang belum memiliki nilai SKB.",
        "Rumus tidak diterima: salin lalu tempel sebagai nilai. Ukuran berkas paling besar 10 MB.");

    [LoggerMessage(Level = LogLevel.Information, Message = "SKB import from {FileName} by {Actor}: {Rows} scores stored")]
    private static partial void LogStored(ILogger logger, string fileName, string actor, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SKB import from {FileName} refused at save")]
    private static partial void LogRefusedAtSave(ILogger logger, Exception e, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "SKB import from {FileName} by {Actor} refused: {Problems} problems")]
    private static partial void LogRefused(ILogger logger, string fileName, string actor, int problems);

    private void Audit(AsnCatDb db, string action, string fileName, string actor, string? address, int rows, int imported, int problems) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Address = address,
            Action = action,
            Subject = Kind,
            Details = JsonSerializer.Serialize(new { file = fileName, rows, imported, problems }),
        });
}
