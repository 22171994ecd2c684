using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:AsnCat.Server.Imports", Justification = "C# only; 'Imports' is a keyword in Visual Basic, which never consumes this server.")]

namespace AsnCat.Server.Imports;

/// <summary>The outcome of one import: either every row was stored, or none and <see cref="Problems"/> says why.</summary>
public sealed record ImportResult(string Kind, string FileName, int Rows, int Imported, IReadOnlyList<ImportProblem> Problems, bool AlreadyImported = false)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Imports formasi and peserta from an uploaded .xlsx or CSV file, all or nothing: every row is
/// checked first, and only a file without a single problem is stored, in one transaction. Each
/// import, stored or refused, leaves an audit entry. Existing formations and candidates are never
/// changed: a code or participant number already in the database is a problem.
/// </summary>
public sealed partial class ImportService(IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time, ILogger<ImportService> logger)
{
    public const int MinAge = 17;

    public const int MaxAge = 60;

    public const int MaxExtraMinutes = 120;

    private const string AlreadyStored = "sudah ada di basis data; impor tidak mengubah data yang sudah ada";

    /// <summary>Reads up to <see cref="ImportTable.MaxBytes"/> from <paramref name="content"/> and imports it.</summary>
    public async Task<ImportResult> ImportAsync(ImportKind kind, Stream content, string fileName, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return await ImportAsync(kind, await ImportTable.ReadCappedAsync(content, ct), fileName, actor, address, ct);
    }

    public async Task<ImportResult> ImportAsync(ImportKind kind, byte[] content, string fileName, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        // the very same file already stored (a retry after a lost answer, a second click, another
        // node of the centre): answer with the first import's count, store nothing again
        if (await StoredBeforeAsync(kind, sha, ct) is { } earlier)
        {
            var kindName = ImportTemplates.Name(kind);
            LogRepeated(logger, kindName, fileName, actor);
            return new ImportResult(kindName, fileName, earlier, earlier, [], AlreadyImported: true);
        }
        var problems = new List<ImportProblem>();
        var table = ImportTable.Read(content, ImportTemplates.Header(kind), problems, ImportTemplates.LegacyHeader(kind));
        var rows = table?.Rows.Count ?? 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (table is not null)
        {
            if (kind == ImportKind.Formasi)
            {
                await CheckFormationsAsync(db, table, problems, ct);
            }
            else
            {
                await CheckCandidatesAsync(db, table, problems, ct);
            }
        }
        var name = ImportTemplates.Name(kind);
        if (problems.Count == 0)
        {
            Audit(db, kind, fileName, actor, address, rows, rows, 0, sha);
            try
            {
                await db.SaveChangesAsync(ct);   // one transaction: every row and the audit entry, or nothing
                LogStored(logger, name, fileName, actor, rows);
                return new ImportResult(name, fileName, rows, rows, []);
            }
            catch (DbUpdateException e)
            {
                if (await StoredBeforeAsync(kind, sha, ct) is { } raced)
                {
                    // the same file, sent to another node at the same time, was stored first
                    return new ImportResult(name, fileName, raced, raced, [], AlreadyImported: true);
                }
                // another import stored the same code or number between the check and the save
                LogRefusedAtSave(logger, e, name, fileName);
                problems.Add(new ImportProblem(null, null, "data berubah selama impor (mungkin ada impor lain pada saat yang sama); tidak ada yang disimpan, ulangi impor"));
            }
        }
        List<ImportProblem> report = [.. problems.OrderBy(p => p.Row ?? 0)];   // stable: a row's problems stay in column order
        await using (var auditDb = await dbFactory.CreateDbContextAsync(ct))
        {
            Audit(auditDb, kind, fileName, actor, address, rows, 0, report.Count, sha);
            await auditDb.SaveChangesAsync(ct);
        }
        LogRefused(logger, name, fileName, actor, report.Count);
        return new ImportResult(name, fileName, rows, 0, report);
    }

    private static async Task CheckFormationsAsync(AsnCatDb db, ImportTable table, List<ImportProblem> problems, CancellationToken ct)
    {
        // problems name the columns as the file does (the English names in code are the earlier header)
        var names = RowProblems.Names(ImportTemplates.LegacyHeader(ImportKind.Formasi), table.Header);
        var existing = (await db.Formations.AsNoTracking().Select(f => f.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, f) in table.Rows)
        {
            var p = new RowProblems(row, problems, names);
            var code = p.Required(f[0], "formation_code", 100);
            var agency = p.Required(f[1], "agency", 300);
            var position = p.Required(f[2], "position", 300);
            var location = p.Required(f[3], "location", 300);
            var quota = p.Required(f[4], "quota", 20);
            var education = p.Required(f[5], "education", 300);
            if (code is not null)
            {
                if (seen.TryGetValue(code, out var first))
                {
                    p.Add("formation_code", $"kode formasi {code} ganda: sudah ada di baris {first}");
                }
                else
                {
                    seen[code] = row;
                    if (existing.Contains(code))
                    {
                        p.Add("formation_code", $"kode formasi {code} {AlreadyStored}");
                    }
                }
            }
            int q = 0;
            if (quota is not null && (!int.TryParse(quota, NumberStyles.None, CultureInfo.InvariantCulture, out q) || q <= 0))
            {
                p.Add("quota", $"kuota harus bilangan bulat lebih dari 0, bukan '{quota}'");
            }
            if (p.Clean)
            {
                db.Formations.Add(new Formation { Code = code!, Agency = agency!, Position = position!, Location = location!, Quota = q, Education = education! });
            }
        }
    }

    private async Task CheckCandidatesAsync(AsnCatDb db, ImportTable table, List<ImportProblem> problems, CancellationToken ct)
    {
        var formations = await db.Formations.AsNoTracking().ToDictionaryAsync(f => f.Code, f => f.Id, StringComparer.Ordinal, ct);
        var existing = (await db.Candidates.AsNoTracking().Select(c => c.ParticipantNumber).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        // one person registers once per selection: a NIK may not appear twice, in the file or the
        // database (the same participant number again is already reported as such)
        var niks = await db.Candidates.AsNoTracking().Select(c => new { c.Nik, c.ParticipantNumber }).ToDictionaryAsync(c => c.Nik, c => c.ParticipantNumber, StringComparer.Ordinal, ct);
        var seenNik = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = RowProblems.Names(ImportTemplates.LegacyHeader(ImportKind.Peserta), table.Header);
        foreach (var (row, f) in table.Rows)
        {
            var p = new RowProblems(row, problems, names);
            var number = p.Required(f[0], "participant_number", 50);
            var name = p.Required(f[1], "name", 300);
            var nik = p.Required(f[2], "nik", 100);
            var birth = p.Required(f[3], "birth_date", 100);
            var formation = p.Required(f[4], "formation_code", 100);
            var category = p.Required(f[5], "category", 50);
            if (number is not null)
            {
                if (seen.TryGetValue(number, out var first))
                {
                    p.Add("participant_number", $"nomor peserta {number} ganda: sudah ada di baris {first}");
                }
                else
                {
                    seen[number] = row;
                    if (existing.Contains(number))
                    {
                        p.Add("participant_number", $"nomor peserta {number} {AlreadyStored}");
                    }
                }
            }
            if (nik is not null && (nik.Length != 16 || !nik.All(char.IsAsciiDigit)))
            {
                p.Add("nik", $"NIK harus tepat 16 angka (tertulis {nik.Length} karakter)");
            }
            else if (nik is not null && seenNik.TryGetValue(nik, out var nikRow))
            {
                p.Add("nik", $"NIK ganda: sama dengan baris {nikRow}; satu orang hanya terdaftar sekali");
            }
            else if (nik is not null && niks.TryGetValue(nik, out var holder) && holder != number)
            {
                p.Add("nik", $"NIK sudah terdaftar untuk peserta {holder}; satu orang hanya terdaftar sekali");
            }
            if (nik is not null && !seenNik.ContainsKey(nik))
            {
                seenNik[nik] = row;
            }
            var birthDate = default(DateOnly);
            if (birth is not null)
            {
                if (!DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
                {
                    p.Add("birth_date", $"tanggal lahir '{birth}' tidak valid; tulis YYYY-MM-DD, mis. 1999-01-31");
                }
                else if (Age(birthDate, today) is var age && age is < MinAge or > MaxAge)
                {
                    p.Add("birth_date", $"tanggal lahir {birth} berarti usia {age} tahun; usia peserta harus {MinAge} sampai {MaxAge} tahun");
                }
            }
            var formationId = 0;
            if (formation is not null && !formations.TryGetValue(formation, out formationId))
            {
                p.Add("formation_code", $"formasi {formation} tidak dikenal; impor formasinya lebih dahulu");
            }
            var cat = default(CandidateCategory);
            if (category is not null && !CandidateCategories.TryParse(category.ToLowerInvariant(), out cat))
            {
                p.Add("category", $"kategori '{category}' tidak dikenal; pilih {string.Join(", ", CandidateCategories.Codes.SkipLast(1))} atau {CandidateCategories.Codes[^1]}");
            }
            var extra = 0;
            if (f[6] is { Length: > 0 } minutes && (!int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out extra) || extra > MaxExtraMinutes))
            {
                p.Add("extra_minutes", $"tambahan waktu harus bilangan bulat 0 sampai {MaxExtraMinutes} menit, bukan '{f[6]}'");
            }
            var largeFont = p.Flag(f[7], "large_font");
            var screenReader = p.Flag(f[8], "screen_reader");
            if (p.Clean)
            {
                db.Candidates.Add(new Candidate
                {
                    ParticipantNumber = number!,
                    Name = name!,
                    Nik = nik!,
                    BirthDate = birthDate,
                    FormationId = formationId,
                    Category = cat,
                    ExtraMinutes = extra,
                    LargeFont = largeFont,
                    ScreenReader = screenReader,
                });
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {Kind} from {FileName} by {Actor}: {Rows} rows stored")]
    private static partial void LogStored(ILogger logger, string kind, string fileName, string actor, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {Kind} from {FileName} by {Actor}: the same file was already stored, nothing stored again")]
    private static partial void LogRepeated(ILogger logger, string kind, string fileName, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {Kind} from {FileName} refused at save")]
    private static partial void LogRefusedAtSave(ILogger logger, Exception e, string kind, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {Kind} from {FileName} by {Actor} refused: {Problems} problems")]
    private static partial void LogRefused(ILogger logger, string kind, string fileName, string actor, int problems);

    private static int Age(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }

    private static string Action(ImportKind kind) => kind == ImportKind.Formasi ? AuditActions.Import.Formations : AuditActions.Import.Candidates;

    /// <summary>
    /// How many rows an earlier import of the very same file (by its SHA-256, kept in the audit
    /// entry stored in the import's own transaction) stored; null when none did.
    /// </summary>
    private async Task<int?> StoredBeforeAsync(ImportKind kind, string sha, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var action = Action(kind);
        var fragment = $"\"sha256\":\"{sha}\"";
        var details = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == action && e.Details != null && e.Details.Contains(fragment))
            .Select(e => e.Details!).ToListAsync(ct);
        foreach (var text in details)
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.GetProperty("result").GetString() == "stored")
            {
                return json.RootElement.GetProperty("imported").GetInt32();
            }
        }
        return null;
    }

    private void Audit(AsnCatDb db, ImportKind kind, string fileName, string actor, string? address, int rows, int imported, int problems, string sha) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Address = address,
            Action = Action(kind),
            Subject = ImportTemplates.Name(kind),
            Details = JsonSerializer.Serialize(new { file = fileName, rows, imported, problems, result = problems == 0 ? "stored" : "refused", sha256 = sha }),
        });
}
