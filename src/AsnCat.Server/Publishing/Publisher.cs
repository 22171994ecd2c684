using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using AsnCat.Tool.Ledger;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Publishing;

/// <summary>The kinds of publication (<see cref="Publication.Kind"/>).</summary>
public static class PublicationKinds
{
    /// <summary>One ended exam session's results (SKD or PPPK); the subject is the session code.</summary>
    public const string Session = "sesi";

    /// <summary>A formation's ranking (SKD or PPPK); the subject is the formation code.</summary>
    public const string Formation = "formasi";

    /// <summary>A formation's final SKD+SKB ranking; the subject is the formation code.</summary>
    public const string Final = "akhir";

    /// <summary>
    /// A formation's national SKD ranking at the centre, final once its SKD is closed; the subject is
    /// the formation code. Its table is built in National/Ranking and names the venue bundles it rests on.
    /// </summary>
    public const string National = "nasional";

    public static IReadOnlyList<string> All { get; } = [Session, Formation, Final, National];

    public static string Label(string kind) => kind switch
    {
        Session => "Hasil seleksi per sesi",
        Formation => "Peringkat per formasi",
        Final => "Peringkat akhir (SKD + SKB)",
        National => "Peringkat nasional per formasi",
        _ => kind,
    };
}

/// <summary>What <see cref="Publisher.PublishOnceAsync"/> did: stored a new version, or found these very rows already published as the newest one.</summary>
public sealed record PublishOutcome(Publication Publication, bool AlreadyPublished);

/// <summary>Publishing refused: the results behind the table are not final yet (the message says why, in Indonesian).</summary>
public sealed class PublishException(string message) : Exception(message);

/// <summary>
/// A stored publication with its table read back from <see cref="Publication.RowsJson"/>, the other
/// versions of the same kind and subject, and the zone its times are shown in (<see cref="Publisher.ZoneAsync"/>).
/// </summary>
public sealed record PublicationView(Publication Publication, PublishedTable Table, IReadOnlyList<PublicationSummary> Versions, string TimeZone = IndonesianTime.Default)
{
    /// <summary>Whether a newer version (a correction) replaces this one.</summary>
    public bool Superseded => Versions.Any(v => v.Version > Publication.Version);
}

/// <summary>One line of the list of publications.</summary>
public sealed record PublicationSummary(int Id, string Kind, string Subject, int Version, string Title, DateTimeOffset PublishedAt, string RowsSha256, string? LedgerHead,
    string TimeZone = IndonesianTime.Default);

/// <summary>
/// Builds the public tables of SKD results from <see cref="Standings"/> and publishes tables:
/// a publication is frozen (canonical JSON of the table, its SHA-256, the ledger head of the
/// sessions behind it) and never changed; a correction is the next version of the same kind and
/// subject. Rows never carry NIK or birth date (the standings do not have them).
/// </summary>
public sealed class Publisher(IDbContextFactory<AsnCatDb> dbFactory, Standings standings, IBackgroundJobClient jobs, TimeProvider time, IOptions<LetterheadOptions> letterhead) : IDisposable
{
    public const string AuditAction = AuditActions.Results.Published;

    /// <summary>How <see cref="Publication.RowsJson"/> is written: the table's record as declared, camelCase, no whitespace.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    // one publication at a time: the next version number is read, then written
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A session table's columns: the subtests' codes (TWK, TIU, TKP; or PPPK's four) between the category and the total.</summary>
    public static IReadOnlyList<string> SessionColumns(IReadOnlyList<SubtestColumn> subtests) =>
        ["Nomor peserta", "Nama", "Formasi", "Kategori", .. subtests.Select(t => t.Code), "Total", "Ambang batas", "Peringkat di formasi", "Keterangan"];

    public static IReadOnlyList<string> FormationColumns(IReadOnlyList<SubtestColumn> subtests) =>
        ["Peringkat", "Nomor peserta", "Nama", "Kategori", .. subtests.Select(t => t.Code), "Total", "Ambang batas", "Keterangan"];

    /// <summary>An ended session's results (every candidate of the session with their standing in their formation); null when there is no such session.</summary>
    public async Task<PublishedTable?> SessionTableAsync(int sessionId, CancellationToken ct = default)
    {
        if (await standings.ForSessionAsync(sessionId, ct) is not { } result)
        {
            return null;
        }
        var s = result.Session;
        var advance = result.Formations.ToDictionary(f => f.FormationCode, f => f.Advance, StringComparer.Ordinal);
        var rows = s.Rows.Select(r => new PublishedRow(r.ParticipantNumber,
        [
            r.ParticipantNumber, r.Name, r.FormationCode, r.Category, .. Scores(r, s.Subtests), Num(r.Total),
            Threshold(r), Num(r.Rank), Remark(r, advance.GetValueOrDefault(r.FormationCode, RankingRule.DefaultAdvance)),
        ])).ToList();
        var where = s.Room is null ? s.Venue : $"{s.Venue}, {s.Room}";
        return new PublishedTable(PublicationKinds.Session, s.SessionCode, $"Hasil {s.Exam} sesi {s.SessionCode} ({where})", SessionColumns(s.Subtests), rows);
    }

    /// <summary>A formation's ranking: passers by rank (who advances: to SKB, or into the quota), then the rest; null when there is no such formation.</summary>
    public async Task<PublishedTable?> FormationTableAsync(string code, CancellationToken ct = default)
    {
        if (await standings.ForFormationAsync(code, ct) is not { } f)
        {
            return null;
        }
        var rows = f.Rows.Select(r => new PublishedRow(r.ParticipantNumber,
        [
            Num(r.Rank), r.ParticipantNumber, r.Name, r.Category, .. Scores(r, f.Subtests), Num(r.Total), Threshold(r), Remark(r, f.Advance),
        ])).ToList();
        return new PublishedTable(PublicationKinds.Formation, f.FormationCode,
            $"Peringkat {(f.Exam.Length > 0 ? f.Exam + " " : "")}formasi {f.FormationCode}: {f.Position}, {f.Agency}, {f.Location} (kuota {f.Quota.ToString(CultureInfo.InvariantCulture)})",
            FormationColumns(f.Subtests), rows);
    }

    /// <summary>
    /// Stores the table as the next version of its kind and subject, with the ledger head of the
    /// sessions behind it, and writes the audit entry <see cref="AuditAction"/> in the same transaction.
    /// </summary>
    /// <exception cref="PublishException">A session behind the table has not ended or has no ledger head yet; or the table is malformed.</exception>
    public Task<Publication> PublishAsync(PublishedTable table, string actor, CancellationToken ct = default) => PublishAsync(table, actor, null, ct);

    /// <inheritdoc cref="PublishAsync(PublishedTable, string, CancellationToken)"/>
    /// <param name="address">Where the publisher acted from (the console's circuit or the API request), for the audit entry.</param>
    public async Task<Publication> PublishAsync(PublishedTable table, string actor, string? address, CancellationToken ct = default) =>
        (await PublishOnceAsync(table, actor, address, ct)).Publication;

    /// <summary>
    /// Raised after a new publication committed (not for a repeated one), on the publishing node:
    /// the live hub announces it to its watchers on every node.
    /// </summary>
    public event Action<Publication>? Published;

    /// <summary>
    /// Publishes <paramref name="table"/> once: when the newest version of its kind and subject already
    /// holds exactly these rows (same SHA-256), that version is returned and nothing is written. So a
    /// request sent again (a retry after a timeout, a node that died before answering, a double
    /// click) is applied once; a correction has other rows and becomes the next version. Two nodes
    /// racing on the same version meet at the unique index (kind, subject, version): the loser
    /// reads the winner's and answers with it when its rows are the same.
    /// </summary>
    public async Task<PublishOutcome> PublishOnceAsync(PublishedTable table, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Validate(table);
        var rowsJson = Canonical(table);
        var sha = Sha256Hex(rowsJson);
        await _gate.WaitAsync(ct);
        try
        {
            try
            {
                return await StoreAsync(table, actor, address, rowsJson, sha, ct);
            }
            catch (DbUpdateException)
            {
                if (await SameAsNewestAsync(table, sha, ct) is { } other)
                {
                    return new PublishOutcome(other, AlreadyPublished: true);
                }
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Publication?> SameAsNewestAsync(PublishedTable table, string sha, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await NewestAsync(db, table, ct) is { } newest && newest.RowsSha256 == sha ? newest : null;
    }

    private static Task<Publication?> NewestAsync(AsnCatDb db, PublishedTable table, CancellationToken ct) =>
        db.Publications.AsNoTracking().Where(p => p.Kind == table.Kind && p.Subject == table.Subject)
            .OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);

    private async Task<PublishOutcome> StoreAsync(PublishedTable table, string actor, string? address, string rowsJson, string sha, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var newest = await NewestAsync(db, table, ct);
        if (newest is not null && newest.RowsSha256 == sha)
        {
            // the first request may have died between its commit and its bundle jobs: enqueue them again (the job is idempotent)
            await EnqueueBundlesAsync(db, table, ct);
            return new PublishOutcome(newest, AlreadyPublished: true);
        }
        var head = table.National is { } basis ? BasisHead(table.Subject, basis) : await LedgerHeadAsync(db, table.Kind, table.Subject, ct);
        var version = 1 + (newest?.Version ?? 0);
        var now = time.GetUtcNow();
        var publication = new Publication
        {
            Kind = table.Kind, Subject = table.Subject, Version = version, PublishedAt = now, PublishedBy = actor,
            Title = table.Title, RowsJson = rowsJson, RowsSha256 = sha, LedgerHead = head,
        };
        db.Publications.Add(publication);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor.Length > AuditLog.MaxActor ? actor[..AuditLog.MaxActor] : actor,
            Address = address,
            Action = AuditAction,
            Subject = $"{table.Kind}/{table.Subject}",
            Details = JsonSerializer.Serialize(new { kind = table.Kind, subject = table.Subject, version, sha256 = sha, ledgerHead = head }, JsonSerializerOptions.Web),
        });
        await db.SaveChangesAsync(ct);
        await EnqueueBundlesAsync(db, table, ct);
        Published?.Invoke(publication);
        return new PublishOutcome(publication, AlreadyPublished: false);
    }

    // published results release the answer keys: each session behind the table gets its
    // bundle with keys (<code>.kunci.json), so anyone can re-score every sheet (same ledger head)
    // A national table rests on the venues' accepted bundles, whose SHA-256 it names: the centre
    // does not write bundles of its own over them.
    private async Task EnqueueBundlesAsync(AsnCatDb db, PublishedTable table, CancellationToken ct)
    {
        if (table.National is not null)
        {
            return;
        }
        var sessionIds = table.Kind == PublicationKinds.Session
            ? await db.ExamSessions.Where(x => x.Code == table.Subject).Select(x => x.Id).ToListAsync(ct)
            : await db.Attempts.Where(a => a.Candidate!.Formation!.Code == table.Subject).Select(a => a.ExamSessionId).Distinct().ToListAsync(ct);
        foreach (var sessionId in sessionIds)
        {
            WriteBundleJob.Enqueue(jobs, sessionId, includeKeys: true);
        }
    }

    /// <summary>Every publication, newest first.</summary>
    public async Task<IReadOnlyList<PublicationSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.Publications.AsNoTracking()
            .Select(p => new PublicationSummary(p.Id, p.Kind, p.Subject, p.Version, p.Title, p.PublishedAt, p.RowsSha256, p.LedgerHead))
            .ToListAsync(ct);
        var zones = new Dictionary<(string, string), string>();
        foreach (var key in list.Select(p => (p.Kind, p.Subject)).Distinct())
        {
            zones[key] = await ZoneAsync(db, key.Kind, key.Subject, ct);
        }
        return [.. list.OrderByDescending(p => p.Id).Select(p => p with { TimeZone = zones[(p.Kind, p.Subject)] })];
    }

    /// <summary>
    /// The zone a publication's times are shown in: the session's own zone (its venue's); for a
    /// formation, the zone of its sessions when they share one, else the committee's (<see cref="LetterheadOptions.TimeZone"/>).
    /// </summary>
    public async Task<string> ZoneAsync(AsnCatDb db, string kind, string subject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var zones = kind == PublicationKinds.Session
            ? await db.ExamSessions.AsNoTracking().Where(s => s.Code == subject).Select(s => s.TimeZone).ToListAsync(ct)
            : await db.Attempts.AsNoTracking().Where(a => a.Candidate!.Formation!.Code == subject).Select(a => a.ExamSession!.TimeZone).Distinct().ToListAsync(ct);
        return zones.Count == 1 ? IndonesianTime.Name(zones[0]) : IndonesianTime.Name(letterhead.Value.TimeZone);
    }

    /// <summary>A publication with its table and every version of its kind and subject; null when there is none with that id.</summary>
    public async Task<PublicationView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Publications.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (p is null)
        {
            return null;
        }
        var versions = await db.Publications.AsNoTracking().Where(v => v.Kind == p.Kind && v.Subject == p.Subject)
            .Select(v => new PublicationSummary(v.Id, v.Kind, v.Subject, v.Version, v.Title, v.PublishedAt, v.RowsSha256, v.LedgerHead))
            .ToListAsync(ct);
        var table = JsonSerializer.Deserialize<PublishedTable>(p.RowsJson, Json)
            ?? throw new InvalidOperationException($"publikasi {id}: RowsJson kosong");
        var zone = await ZoneAsync(db, p.Kind, p.Subject, ct);
        return new PublicationView(p, table, [.. versions.OrderByDescending(v => v.Version).Select(v => v with { TimeZone = zone })], zone);
    }

    /// <summary>The table as stored: <see cref="Json"/> over the record, so the same table always gives the same bytes.</summary>
    public static string Canonical(PublishedTable table) => JsonSerializer.Serialize(table, Json);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The ledger head behind a table: a session's own head for <c>sesi</c>; for a formation
    /// (<c>formasi</c>, <c>akhir</c>) the SHA-256 hex of the lines <c>"&lt;session code&gt; &lt;head&gt;\n"</c>,
    /// sorted by session code (ordinal), over every session in which a candidate of the formation sat.
    /// </summary>
    public static async Task<string> LedgerHeadAsync(AsnCatDb db, string kind, string subject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (kind == PublicationKinds.Session)
        {
            var session = await db.ExamSessions.AsNoTracking().Where(s => s.Code == subject)
                .Select(s => new SessionHead(s.Code, s.State, s.LedgerHead)).SingleOrDefaultAsync(ct)
                ?? throw new PublishException($"Sesi {subject} tidak ditemukan.");
            Check([session]);
            return session.Head!;
        }
        if (kind is not (PublicationKinds.Formation or PublicationKinds.Final))
        {
            throw new PublishException($"Jenis publikasi '{kind}' tidak dikenal di sini (sesi, formasi, akhir); publikasi nasional menyebut bundelnya sendiri.");
        }
        if (!await db.Formations.AnyAsync(f => f.Code == subject, ct))
        {
            throw new PublishException($"Formasi {subject} tidak ditemukan.");
        }
        var sessions = await db.Attempts.AsNoTracking().Where(a => a.Candidate!.Formation!.Code == subject)
            .Select(a => new SessionHead(a.ExamSession!.Code, a.ExamSession.State, a.ExamSession.LedgerHead)).Distinct().ToListAsync(ct);
        if (sessions.Count == 0)
        {
            throw new PublishException($"Formasi {subject} belum memiliki peserta dalam sesi ujian mana pun.");
        }
        Check(sessions);
        return SessionLedger.PublicationHead(sessions.Select(s => (s.Code, s.Head!)));
    }

    /// <summary>
    /// The head of a table that names its bundles (<see cref="NationalBasis"/>): <see cref="SessionLedger.PublicationHead"/>
    /// over each named session's code and ledger head, the same function as for a venue's formation, so
    /// <c>verify --publication-head</c> checks it against those very bundles.
    /// </summary>
    public static string BasisHead(string subject, NationalBasis basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (basis.Bundles.Count == 0)
        {
            throw new PublishException($"Formasi {subject}: peringkat nasional tidak bersandar pada bundel sesi mana pun, jadi tidak dapat dipublikasikan.");
        }
        var missing = basis.Bundles.Where(b => string.IsNullOrEmpty(b.Sha256) || string.IsNullOrEmpty(b.LedgerHead)).Select(b => $"{b.Session} ({b.Venue})").ToList();
        if (missing.Count > 0)
        {
            throw new PublishException($"Formasi {subject}: bundel hasil sesi {string.Join(", ", missing)} belum diterima pusat, jadi peringkat ini tidak dapat diperiksa siapa pun. Tunggu bundelnya diterima, lalu susun peringkat baru.");
        }
        return SessionLedger.PublicationHead(basis.Bundles.Select(b => (b.Session, b.LedgerHead!)));
    }

    private sealed record SessionHead(string Code, SessionState State, string? Head);

    private static void Check(IReadOnlyList<SessionHead> sessions)
    {
        var notEnded = sessions.Where(s => s.State != SessionState.Ended).Select(s => s.Code).Order(StringComparer.Ordinal).ToList();
        if (notEnded.Count > 0)
        {
            throw new PublishException($"Belum dapat dipublikasikan: sesi {string.Join(", ", notEnded)} belum berakhir.");
        }
        var noHead = sessions.Where(s => string.IsNullOrEmpty(s.Head)).Select(s => s.Code).Order(StringComparer.Ordinal).ToList();
        if (noHead.Count > 0)
        {
            throw new PublishException($"Belum dapat dipublikasikan: ledger sesi {string.Join(", ", noHead)} belum ditutup (belum ada kepala ledger). Coba lagi setelah penutupan sesi selesai.");
        }
    }

    private static void Validate(PublishedTable table)
    {
        if (!PublicationKinds.All.Contains(table.Kind))
        {
            throw new PublishException($"Jenis publikasi '{table.Kind}' tidak dikenal ({string.Join(", ", PublicationKinds.All)}).");
        }
        if ((table.Kind == PublicationKinds.National) != (table.National is not null))
        {
            throw new PublishException($"Tabel {table.Kind} {table.Subject}: hanya peringkat nasional yang menyebut bundel lokasi dasarnya, dan ia wajib menyebutnya.");
        }
        if (table.Columns.Count == 0)
        {
            throw new PublishException("Tabel tanpa kolom tidak dapat dipublikasikan.");
        }
        var wrong = table.Rows.FirstOrDefault(r => r.Cells.Count != table.Columns.Count);
        if (wrong is not null)
        {
            throw new PublishException($"Baris peserta {wrong.ParticipantNumber} memiliki {wrong.Cells.Count} sel, tabel memiliki {table.Columns.Count} kolom.");
        }
        var duplicate = table.Rows.GroupBy(r => r.ParticipantNumber, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new PublishException($"Peserta {duplicate.Key} muncul lebih dari sekali dalam tabel.");
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Num(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Threshold(StandingRow r) => r.Outcome switch
    {
        StandingOutcomes.Passed => "Memenuhi",
        StandingOutcomes.Failed => "Tidak memenuhi",
        _ => "",
    };

    private static IEnumerable<string> Scores(StandingRow r, IReadOnlyList<SubtestColumn> subtests) =>
        subtests.Select(t => r.Scores is { } scores && scores.TryGetValue(t.Code, out var v) ? Num(v) : "");

    /// <param name="advance">What advancing means in the formation's threshold set (<c>lanjut SKB</c>, <c>masuk kuota formasi</c>).</param>
    private static string Remark(StandingRow r, string advance) => r.Outcome switch
    {
        StandingOutcomes.Passed when r.Advances => char.ToUpperInvariant(advance[0]) + advance[1..],
        StandingOutcomes.Passed or StandingOutcomes.Failed => "Tidak " + advance,
        _ => r.Status,
    };
}
