using System.Globalization;
using System.Text;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
namespace AsnCat.Benchmarks;

/// <summary>
/// A national selection's stored results as the centre holds them after intake, for the national
/// ranking's benchmark (bench/national-ranking.sh) and its small test: formations of skewed sizes
/// (log-normal: most hold a handful, a few thousands), quotas mostly 1, the categories in roughly
/// their 2024 shares, SKD scores drawn around the 2024 national means within the threshold set's
/// blueprint, 2% absent and 0.2% disqualified, and one candidate in 10,000 with a second finished
/// attempt (sat twice). Every session's bundle is accepted. Fixed seed: the same data every run.
/// Into PostgreSQL by binary COPY; into SQLite by EF (small sizes only).
/// </summary>
public sealed class NationalRankingSeed(int candidates, int formations, int sessions = 500, int seed = 18)
{
    public static readonly string[] Positions = ["Analis Kebijakan", "Pranata Komputer", "Guru Ahli Pertama", "Dokter Ahli Pertama", "Penyuluh Pertanian", "Auditor Pertama"];

    public static readonly string[] Educations = ["S-1 Ilmu Administrasi", "S-1 Teknik Informatika", "S-1 Pendidikan", "S-1 Kedokteran", "D-III Pertanian", "S-1 Akuntansi"];

    private static readonly (string Code, double Share)[] Categories =
    [
        ("umum", 0.90), ("cumlaude", 0.03), ("diaspora", 0.005), ("disabilitas", 0.015), ("papua", 0.02), ("daerah_tertinggal", 0.03),
    ];

    public int Candidates { get; } = candidates;

    public int Formations { get; } = formations;

    /// <summary>Attempts written (candidates plus the second attempts).</summary>
    public int Attempts { get; private set; }

    public async Task WriteAsync(AsnCatDb db, ThresholdSet thresholds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(thresholds);
        var rng = new Random(seed);
        var snapshot = new BlueprintSnapshot { Code = thresholds.Blueprint.Code, Hash = new string('0', 64), Yaml = "code: " + thresholds.Blueprint.Code };
        var bank = new BankVersion { Code = "nasional", Title = "Bank nasional", BlueprintCode = thresholds.Blueprint.Code, BlueprintSnapshot = snapshot, Hash = new string('1', 64), ImportedAt = Start };
        var sessionRows = Enumerable.Range(0, sessions).Select(s => new ExamSession
        {
            Code = $"S-{s + 1:D4}", Venue = $"Lokasi {s % 50 + 1:D2}", Room = null, Seats = 1000, TimeZone = "WIB", StartsAt = Start.AddDays(s / 50),
            BlueprintCode = thresholds.Blueprint.Code, BlueprintSnapshot = snapshot, BankVersion = bank, ThresholdSetCode = thresholds.Code,
            Seed = new string('a', 32), State = SessionState.Ended, EndedAt = Start.AddDays(s / 50).AddHours(2),
            BundleSha256 = Hex(rng, 64), LedgerHead = Hex(rng, 64),
        }).ToList();
        db.ExamSessions.AddRange(sessionRows);
        await db.SaveChangesAsync(ct);
        var sessionIds = sessionRows.Select(s => s.Id).ToArray();
        db.ChangeTracker.Clear();

        var sizes = Sizes(rng);
        var subtests = thresholds.Blueprint.Subtests;
        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            await CopyAsync(connection, rng, sizes, sessionIds, subtests, ct);
        }
        else
        {
            await AddAsync(db, rng, sizes, sessionIds, subtests, ct);
        }
    }

    public static DateTimeOffset Start { get; } = new(2026, 10, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Candidates per formation: log-normal weights scaled to the total, each formation at least one.</summary>
    private int[] Sizes(Random rng)
    {
        var weights = new double[Formations];
        for (var f = 0; f < Formations; f++)
        {
            weights[f] = Math.Exp(1.3 * Normal(rng));
        }
        var scale = (Candidates - Formations) / weights.Sum();
        var sizes = weights.Select(w => 1 + (int)(w * scale)).ToArray();
        for (var left = Candidates - sizes.Sum(); left > 0; left--)
        {
            sizes[rng.Next(Formations)]++;
        }
        return sizes;
    }

    private async Task CopyAsync(NpgsqlConnection connection, Random rng, int[] sizes, int[] sessionIds, IReadOnlyList<SubtestSpec> subtests, CancellationToken ct)
    {
        await using (var copy = await connection.BeginBinaryImportAsync("COPY formations (id, code, agency, position, location, quota, education) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var f = 0; f < Formations; f++)
            {
                var (code, agency, position, location, quota, education) = Formation(rng, f);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(f + 1, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(code, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(agency, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(position, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(location, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(quota, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(education, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY candidates (id, participantnumber, name, nik, birthdate, formationid, category, extraminutes, largefont, screenreader) FROM STDIN (FORMAT BINARY)", ct))
        {
            var id = 0;
            for (var f = 0; f < Formations; f++)
            {
                for (var k = 0; k < sizes[f]; k++)
                {
                    id++;
                    copy.StartRow();
                    copy.Write(id, NpgsqlDbType.Integer);
                    copy.Write(Participant(id), NpgsqlDbType.Varchar);
                    copy.Write("Peserta " + id.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                    copy.Write(Nik(id), NpgsqlDbType.Varchar);
                    copy.Write(new DateOnly(1990, 1, 1).AddDays(id % 3650), NpgsqlDbType.Date);
                    copy.Write(f + 1, NpgsqlDbType.Integer);
                    copy.Write(Category(rng), NpgsqlDbType.Varchar);
                    copy.Write(0, NpgsqlDbType.Integer);
                    copy.Write(false, NpgsqlDbType.Boolean);
                    copy.Write(false, NpgsqlDbType.Boolean);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY attempts (id, examsessionid, candidateid, failedpincount, state, extraminutes, highcontrast, version, startedat, finishedat, scores, total, endedby) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var a in AttemptRows(rng, sessionIds, subtests))
            {
                copy.StartRow();
                copy.Write(a.Id, NpgsqlDbType.Integer);
                copy.Write(a.SessionId, NpgsqlDbType.Integer);
                copy.Write(a.CandidateId, NpgsqlDbType.Integer);
                copy.Write(0, NpgsqlDbType.Integer);
                copy.Write(nameof(AttemptState.Finished), NpgsqlDbType.Varchar);
                copy.Write(0, NpgsqlDbType.Integer);
                copy.Write(false, NpgsqlDbType.Boolean);
                copy.Write(0, NpgsqlDbType.Integer);
                copy.Write(a.FinishedAt.AddMinutes(-100).UtcTicks, NpgsqlDbType.Bigint);
                copy.Write(a.FinishedAt.UtcTicks, NpgsqlDbType.Bigint);
                if (a.Scores is null)
                {
                    copy.WriteNull();
                    copy.WriteNull();
                }
                else
                {
                    copy.Write(ScoresJson(subtests, a.Scores), NpgsqlDbType.Text);
                    copy.Write(a.Scores.Sum(), NpgsqlDbType.Integer);
                }
                copy.Write(a.EndedBy, NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync(ct);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT setval(pg_get_serial_sequence('formations', 'id'), (SELECT max(id) FROM formations));
            SELECT setval(pg_get_serial_sequence('candidates', 'id'), (SELECT max(id) FROM candidates));
            SELECT setval(pg_get_serial_sequence('attempts', 'id'), (SELECT max(id) FROM attempts));
            ANALYZE formations; ANALYZE candidates; ANALYZE attempts;
            """;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task AddAsync(AsnCatDb db, Random rng, int[] sizes, int[] sessionIds, IReadOnlyList<SubtestSpec> subtests, CancellationToken ct)
    {
        for (var f = 0; f < Formations; f++)
        {
            var (code, agency, position, location, quota, education) = Formation(rng, f);
            db.Formations.Add(new Formation { Id = f + 1, Code = code, Agency = agency, Position = position, Location = location, Quota = quota, Education = education });
        }
        var id = 0;
        for (var f = 0; f < Formations; f++)
        {
            for (var k = 0; k < sizes[f]; k++)
            {
                id++;
                db.Candidates.Add(new Candidate
                {
                    Id = id, ParticipantNumber = Participant(id), Name = "Peserta " + id.ToString(CultureInfo.InvariantCulture), Nik = Nik(id),
                    BirthDate = new DateOnly(1990, 1, 1).AddDays(id % 3650), FormationId = f + 1, Category = CandidateCategories.Parse(Category(rng)),
                });
            }
        }
        foreach (var a in AttemptRows(rng, sessionIds, subtests))
        {
            db.Attempts.Add(new Attempt
            {
                Id = a.Id, ExamSessionId = a.SessionId, CandidateId = a.CandidateId, State = AttemptState.Finished, StartedAt = a.FinishedAt.AddMinutes(-100),
                FinishedAt = a.FinishedAt, EndedBy = a.EndedBy, Total = a.Scores?.Sum(),
                Scores = a.Scores is null ? null : subtests.Select((s, i) => (s.Code, a.Scores[i])).ToDictionary(x => x.Code, x => x.Item2),
            });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private sealed record SeededAttempt(int Id, int SessionId, int CandidateId, DateTimeOffset FinishedAt, int[]? Scores, string EndedBy);

    private IEnumerable<SeededAttempt> AttemptRows(Random rng, int[] sessionIds, IReadOnlyList<SubtestSpec> subtests)
    {
        var id = 0;
        for (var c = 1; c <= Candidates; c++)
        {
            var s = rng.Next(sessionIds.Length);
            var roll = rng.NextDouble();
            var endedBy = roll < 0.02 ? Unranked.Absent : roll < 0.022 ? Unranked.Disqualified : rng.Next(4) == 0 ? "deadline" : "candidate";
            var finishedAt = Start.AddDays(s / 50).AddMinutes(100 + rng.Next(20));
            yield return new SeededAttempt(++id, sessionIds[s], c, finishedAt, endedBy == Unranked.Absent ? null : Scores(rng, subtests), endedBy);
            if (rng.Next(10_000) == 0)
            {
                // sat twice: a later session at another venue
                var other = (s + 1 + rng.Next(sessionIds.Length - 1)) % sessionIds.Length;
                yield return new SeededAttempt(++id, sessionIds[other], c, finishedAt.AddDays(1 + (other + sessionIds.Length - s) % sessionIds.Length), Scores(rng, subtests), "candidate");
            }
        }
        Attempts = id;
    }

    /// <summary>SKD 2024's national means were about TWK 70, TIU 85, TKP 165; each subtest a normal draw in its blueprint's steps, clamped to 0..max.</summary>
    private static int[] Scores(Random rng, IReadOnlyList<SubtestSpec> subtests)
    {
        var scores = new int[subtests.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var max = subtests[i].MaxScore;
            var (mean, sd, step) = subtests[i].Code switch
            {
                "TWK" => (70.0, 17.0, 5),
                "TIU" => (85.0, 22.0, 5),
                "TKP" => (166.0, 13.0, 1),
                _ => (max * 0.6, max * 0.12, 1),
            };
            var v = (int)Math.Round((mean + sd * Normal(rng)) / step) * step;
            scores[i] = Math.Clamp(v, 0, max);
        }
        return scores;
    }

    private static (string Code, string Agency, string Position, string Location, int Quota, string Education) Formation(Random rng, int f)
    {
        var kind = rng.Next(Positions.Length);
        var quota = rng.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, < 0.97 => 3, _ => 5 + rng.Next(20) };
        return ($"F{f + 1:D6}", $"Instansi {f % 600 + 1:D3}", Positions[kind], $"Kabupaten {f % 514 + 1:D3}", quota, Educations[kind]);
    }

    private static string Category(Random rng)
    {
        var roll = rng.NextDouble();
        foreach (var (code, share) in Categories)
        {
            if ((roll -= share) < 0)
            {
                return code;
            }
        }
        return Categories[0].Code;
    }

    public static string Participant(int id) => "24" + id.ToString("D10", CultureInfo.InvariantCulture);

    private static string Nik(int id) => "3201" + id.ToString("D12", CultureInfo.InvariantCulture);

    private static string ScoresJson(IReadOnlyList<SubtestSpec> subtests, int[] scores)
    {
        var json = new StringBuilder("{");
        for (var i = 0; i < scores.Length; i++)
        {
            json.Append(i == 0 ? "\"" : ",\"").Append(subtests[i].Code).Append("\":").Append(scores[i].ToString(CultureInfo.InvariantCulture));
        }
        return json.Append('}').ToString();
    }

    private static string Hex(Random rng, int length)
    {
        var bytes = new byte[length / 2];
        rng.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
