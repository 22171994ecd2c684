using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AsnCat.Contracts.National;
using AsnCat.Scoring;
using AsnCat.Server.National;
using AsnCat.Server.National.Ranking;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest.National;

/// <summary>What the national run checks once every bundle is in; each writes its findings into the <see cref="NationalReport"/>.</summary>
public static class NationalChecks
{
    /// <summary>
    /// Every acknowledged answer at every venue is at the centre exactly once (lost: none, doubled:
    /// more than one event with its participant, position, kind and sequence number), every venue
    /// event is at the centre with the same value, and each venue's own database holds what its
    /// terminals were told (<see cref="Reconciler"/>).
    /// </summary>
    public static async Task AnswersAsync(CentreCluster centre, IReadOnlyList<VenueSite> venues, NationalReport report, CancellationToken ct)
    {
        await using var db = centre.Db();
        foreach (var v in venues)
        {
            var sessionId = await db.ExamSessions.AsNoTracking().Where(s => s.Code == v.SessionCode).Select(s => s.Id).SingleAsync(ct);
            var numbers = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
                .Select(a => new { a.Id, a.Candidate!.ParticipantNumber }).ToDictionaryAsync(a => a.Id, a => a.ParticipantNumber, ct);
            var atCentre = (await db.AnswerEvents.AsNoTracking().Where(e => e.ExamSessionId == sessionId)
                    .Select(e => new { e.AttemptId, e.Position, e.Kind, e.Seq, e.Option, e.Doubtful }).ToListAsync(ct))
                .Select(e => (numbers[e.AttemptId], e.Position, e.Kind, e.Seq, e.Option, e.Doubtful)).ToList();
            var atVenue = VenueEvents(v);
            var counts = atCentre.GroupBy(e => (e.Item1, e.Position, e.Kind == "doubtful", e.Seq)).ToDictionary(g => g.Key, g => g.Count());
            long acknowledged = 0, lost = 0, doubled = 0;
            foreach (var t in v.Terminals)
            {
                foreach (var ack in t.Acks)
                {
                    acknowledged++;
                    var n = counts.GetValueOrDefault((t.Person.ParticipantNumber, ack.Position, ack.IsDoubtful, ack.Seq));
                    lost += n == 0 ? 1 : 0;
                    doubled += n > 1 ? 1 : 0;
                }
            }
            var differ = atVenue.Order().SequenceEqual(atCentre.Order()) ? 0 : atVenue.Except(atCentre).Count() + atCentre.Except(atVenue).Count();
            var reconciled = Reconciliation.Check(v.Server.DbPath, v.SessionId, v.Terminals);
            report.Answers[v.Code] = new VenueAnswers(v.Candidates.Count, v.Terminals.Count(t => t.LoggedIn), acknowledged, lost, doubled, atVenue.Count, atCentre.Count, differ, reconciled);
        }
    }

    private static List<(string, int Position, string Kind, long Seq, int? Option, bool Doubtful)> VenueEvents(VenueSite v)
    {
        using var connection = new SqliteConnection($"Data Source={v.Server.DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.ParticipantNumber, e.Position, e.Kind, e.Seq, e.Option, e.Doubtful
            FROM AnswerEvents e JOIN Attempts a ON a.Id = e.AttemptId JOIN Candidates c ON c.Id = a.CandidateId
            WHERE e.ExamSessionId = $s
            """;
        command.Parameters.AddWithValue("$s", v.SessionId);
        using var reader = command.ExecuteReader();
        var events = new List<(string, int, string, long, int?, bool)>();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetBoolean(5)));
        }
        return events;
    }

    /// <summary>
    /// The committee closes every formation and ranks; the national rows must equal what the
    /// <c>rank</c> command (run as a separate process, as an outsider would) makes of the scores in
    /// the three venues' own bundles merged.
    /// </summary>
    public static async Task RankingAsync(StaffClient committee, IReadOnlyList<VenueSite> venues, IReadOnlyDictionary<string, int> formations,
        string tool, string work, NationalReport report, CancellationToken ct)
    {
        foreach (var code in formations.Keys)
        {
            await committee.PostAsync($"/api/national/formations/{code}/close", new CloseFormationRequest(false, null), ct);
        }
        report.Ranking = await committee.PostAsync<NationalRankingReport>("/api/national/ranking/runs", null, ct);

        var scores = new StringBuilder("participant_number,formation_code,category,twk,tiu,tkp\n");
        var scored = 0;
        foreach (var v in venues)
        {
            foreach (var c in ResultBundle.Parse(File.ReadAllBytes(v.BundlePath)).Candidates.Where(c => c.Scores is not null && !Unranked.Is(c.EndedBy)))
            {
                scores.Append(CultureInfo.InvariantCulture, $"{c.ParticipantNumber},{c.Formation.Code},{c.Category},{c.Scores!["TWK"]},{c.Scores["TIU"]},{c.Scores["TKP"]}\n");
                scored++;
            }
        }
        var scoresPath = Path.Combine(work, "nilai-gabungan.csv");
        var formationsPath = Path.Combine(work, "formasi.csv");
        await File.WriteAllTextAsync(scoresPath, scores.ToString(), ct);
        await File.WriteAllTextAsync(formationsPath, "formation_code,quota\n" + string.Concat(formations.Select(f => $"{f.Key},{f.Value}\n")), ct);
        var (exit, output, errors) = await ToolAsync(tool, ["rank", "--scores", scoresPath, "--formations", formationsPath, "--thresholds", "skd-2024"], ct);
        if (exit != 0)
        {
            report.RankProblems.Add($"perintah rank keluar dengan {exit}: {errors}");
            return;
        }
        // formation_code,rank,participant_number,category,twk,tiu,tkp,total,passed,advances
        var byRank = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[2], f => (Formation: f[0], Rank: f[1], Total: f[7], Passed: f[8], Advances: f[9]), StringComparer.Ordinal);
        var compared = 0;
        foreach (var code in formations.Keys)
        {
            var national = await committee.GetAsync<NationalFormationResults>($"/api/national/results/formations/{code}.json", ct);
            foreach (var row in national.Rows.Where(r => r.Scores is not null && r.FromFormation is null))
            {
                compared++;
                var mine = (code, row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", row.Total?.ToString(CultureInfo.InvariantCulture) ?? "",
                    row.Passed ? "true" : "false", row.Advances ? "true" : "false");
                if (!byRank.TryGetValue(row.ParticipantNumber, out var theirs))
                {
                    report.RankProblems.Add($"{code} {row.ParticipantNumber}: di peringkat nasional, tidak di keluaran rank");
                }
                else if (mine != (theirs.Formation, theirs.Rank, theirs.Total, theirs.Passed.ToLowerInvariant(), theirs.Advances.ToLowerInvariant()))
                {
                    report.RankProblems.Add($"{code} {row.ParticipantNumber}: nasional {mine}, rank {theirs}");
                }
            }
        }
        if (compared != byRank.Count)
        {
            report.RankProblems.Add($"peringkat nasional memuat {compared} peserta bernilai, keluaran rank {byRank.Count}");
        }
        report.RankCompared = (compared, scored);
    }

    /// <summary>
    /// The committee's national publication and its head over the bundles it names; then the
    /// outsider's check: <c>verify --national</c> (a separate process) re-derives the whole
    /// national ranking from the publication as served and the venues' bundles.
    /// </summary>
    public static async Task PublicationAsync(StaffClient committee, IReadOnlyList<VenueSite> venues, string tool, string work, NationalReport report, CancellationToken ct)
    {
        var bytes = await committee.GetBytesAsync("/api/national/publication", ct);
        var publication = System.Text.Json.JsonSerializer.Deserialize<NationalPublicationFile>(bytes, StaffClient.Json)!;
        report.Publication = publication;
        report.PublicationHead = SessionLedger.PublicationHead(publication.Bundles.Select(b => (b.Session, b.LedgerHead ?? "")));
        var path = Path.Combine(work, "publikasi-nasional.json");
        await File.WriteAllBytesAsync(path, bytes, ct);
        var (exit, output, errors) = await ToolAsync(tool, ["verify", "--national", path, .. venues.Select(v => v.BundlePath)], ct);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        report.Verified = (exit, string.Join(" / ", lines.Where(l => l.Contains("GAGAL", StringComparison.Ordinal)).Take(5).Append(lines.LastOrDefault() ?? errors.Trim())));
    }

    /// <summary>
    /// Four bundles that must be refused, each sent as venue <paramref name="a"/> for its accepted
    /// session: a tampered one (a total raised by one, properly signed), an unsigned one, one
    /// signed by venue <paramref name="other"/>'s key, and one whose seed is not the committed one.
    /// The accepted bundle must stay the session's.
    /// </summary>
    public static async Task ForgedAsync(CentreCluster centre, VenueSite a, VenueSite other, NationalReport report, CancellationToken ct)
    {
        var genuine = await File.ReadAllBytesAsync(a.BundlePath, ct);
        var bundle = ResultBundle.Parse(genuine);
        var victim = bundle.Candidates.First(c => c.Total is not null);
        var tampered = (bundle with { Candidates = [.. bundle.Candidates.Select(c => c == victim ? c with { Total = c.Total + 1 } : c)] }).ToBytes();
        var reseeded = (bundle with { Session = bundle.Session with { Seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) } }).ToBytes();
        using var key = a.Key();
        using var otherKey = other.Key();
        var cases = new (string What, byte[] Bytes, string? Signature)[]
        {
            ("diubah (total satu peserta +1, ditandatangani ulang)", tampered, VenueSignatures.Sign(key, tampered)),
            ("tanpa tanda tangan", genuine, null),
            ($"ditandatangani kunci {other.Code}", genuine, VenueSignatures.Sign(otherKey, genuine)),
            ("benih tidak sesuai komitmen (ditandatangani ulang)", reseeded, VenueSignatures.Sign(key, reseeded)),
        };
        using var client = centre.Public();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(SyncContract.AuthScheme, a.Code + ":" + a.Credential);
        foreach (var (what, bytes, signature) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{SyncContract.BundlesPath}/{Uri.EscapeDataString(a.SessionCode)}") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (signature is not null)
            {
                request.Headers.Add(SyncContract.SignatureHeader, signature);
            }
            using var response = await client.SendAsync(request, ct);
            var receipt = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<BundleReceipt>(StaffClient.Json, ct) : null;
            report.Forged.Add(new ForgedResult(what, (int)response.StatusCode, receipt?.Status ?? "(tidak ada tanda terima)",
                receipt is null ? await response.Content.ReadAsStringAsync(ct) : string.Join(" | ", receipt.Reasons)));
        }
        await using var db = centre.Db();
        var held = await db.ExamSessions.AsNoTracking().Where(s => s.Code == a.SessionCode).Select(s => s.BundleSha256).SingleAsync(ct);
        report.GenuineKept = held == Convert.ToHexStringLower(SHA256.HashData(genuine));
    }

    /// <summary>Per venue at the centre: bundles uploaded, accepted, refused (before the forged ones were sent, see <see cref="NationalReport.Forged"/>).</summary>
    public static async Task CountsAsync(CentreCluster centre, IReadOnlyList<VenueSite> venues, NationalReport report, CancellationToken ct)
    {
        await using var db = centre.Db();
        foreach (var v in venues)
        {
            var rows = await db.VenueBundles.AsNoTracking().Where(b => db.NationalVenues.Any(n => n.Id == b.NationalVenueId && n.Code == v.Code))
                .Select(b => b.Status).ToListAsync(ct);
            report.Bundles[v.Code] = (rows.Count, rows.Count(s => s == "diterima"), rows.Count(s => s == "ditolak"));
        }
    }

    private static Task<(int Code, string Output, string Errors)> ToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct) =>
        Command.RunAsync("dotnet", [tool, .. args], ct: ct);
}
