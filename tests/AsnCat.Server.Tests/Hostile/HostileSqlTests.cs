using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using AsnCat.Tool.Csv;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// SQL injection in every text a stranger or a user can type: refused or stored literally, never
/// run; the schema and every other row stay as they were. And the source keeps it that way: no
/// raw EF SQL, and every SQL string built by interpolation only splices reviewed constants.
/// </summary>
public sealed partial class HostileSqlTests() : KestrelHostTest(recordHubFrames: false)
{
    public static readonly string[] Injections =
    [
        "' OR '1'='1' --",
        "x'; DROP TABLE Attempts; --",
        "1; DELETE FROM Answers",
        "\" OR \"\"=\"",
        "P-0001' UNION SELECT PinHash FROM Attempts --",
        "%' OR 1=1 OR Name LIKE '%",
    ];

    private async Task<string> DigestAsync()
    {
        await using var db = Host.Db();
        return await DbDigest.OfAsync(db);
    }

    [Fact]
    public async Task Injected_participant_numbers_PINs_and_tokens_are_refused_and_change_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(2);
        var before = await DigestAsync();
        await using var c = await Host.ConnectAsync();
        foreach (var injection in Injections)
        {
            var byNumber = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(injection, people[0].Pin, injection), Ct);
            Assert.Equal((false, ExamError.SessionNotOpen), (byNumber.Ok, byNumber.Error));
        }
        // a real number with an injected PIN is just a wrong PIN; an injected token is no token
        var byPin = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(people[1].Number, "' OR '1'='1", "T"), Ct);
        Assert.Equal(ExamError.WrongPin, byPin.Error);
        var byToken = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest("' OR TokenHash IS NOT NULL --", null), Ct);
        Assert.Equal(ExamError.NotLoggedIn, byToken.Error);

        await using var db = Host.Db();
        // only the wrong PIN's count moved; nothing else, and the schema is whole
        Assert.Equal(1, await db.Attempts.Where(a => a.Id == people[1].AttemptId).Select(a => a.FailedPinCount).SingleAsync(Ct));
        await db.Database.ExecuteSqlAsync($"UPDATE Attempts SET FailedPinCount = 0 WHERE Id = {people[1].AttemptId}", Ct);
        Assert.Equal(before, await DigestAsync());
        var refused = await db.AuditEntries.Where(a => a.Action == "login.refused").Select(a => a.Actor).ToListAsync(Ct);
        Assert.Equal(Injections, refused);
    }

    [Fact]
    public async Task Injected_public_routes_answer_not_found_or_an_empty_page_and_change_nothing()
    {
        await Host.SeedSessionAsync(1);
        var before = await DigestAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Host.Url) };
        foreach (var injection in Injections)
        {
            var e = Uri.EscapeDataString(injection);
            var live = await http.GetAsync(new Uri($"/api/public/live/sessions/{e}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.NotFound, live.StatusCode);
            Assert.Contains("Tidak ada sesi dengan kode", await live.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            foreach (var path in new[] { $"/api/public/results/{e}", $"/hasil/{e}", $"/hasil/verifikasi/1/{e}", $"/hasil/1/sertifikat/{e}.pdf", $"/api/public/results?q={e}&formasi={e}" })
            {
                var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                Assert.DoesNotContain("SQLite", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
            }
            var board = await http.GetStringAsync(new Uri($"/papan/sesi/{e}", UriKind.Relative), Ct);
            Assert.DoesNotContain("SQLite", board, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Injected_staff_user_names_fail_to_log_in_and_are_audited_literally()
    {
        await Host.SeedSessionAsync(1);
        var before = await DigestAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Host.Url) };
        foreach (var injection in Injections)
        {
            var response = await http.PostAsJsonAsync("/api/account/login", new { userName = injection, password = injection }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await using var db = Host.Db();
        var failed = await db.AuditEntries.Where(a => a.Action == "staff.login_failed").OrderBy(a => a.Id).Select(a => a.Actor).ToListAsync(Ct);
        Assert.Equal(Injections, failed);
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Injected_import_cells_are_stored_literally_and_the_schema_is_untouched()
    {
        var imports = Host.Services.GetRequiredService<ImportService>();
        string Csv(string[] header, params string[][] rows) =>
            CsvWriting.Text(header, rows, CsvWriting.CrLf);
        var code = "F'); DROP TABLE Formations;--";
        var formasi = await imports.ImportAsync(ImportKind.Formasi,
            Encoding.UTF8.GetBytes(Csv(ImportTemplates.Header(ImportKind.Formasi), [code, Injections[0], Injections[1], Injections[2], "1", Injections[3]])), "formasi.csv", "panitia-uji", null, Ct);
        Assert.True(formasi.Succeeded, string.Join("; ", formasi.Problems.Select(p => p.Message)));
        var rows = Injections.Select((inj, i) => new[] { $"P-INJ-{i}", inj, $"317101010101{i:D4}", "1999-01-01", code, "umum", "0", "tidak", "tidak" }).ToArray();
        var peserta = await imports.ImportAsync(ImportKind.Peserta, Encoding.UTF8.GetBytes(Csv(ImportTemplates.Header(ImportKind.Peserta), rows)), "peserta.csv", "panitia-uji", null, Ct);
        Assert.True(peserta.Succeeded, string.Join("; ", peserta.Problems.Select(p => p.Message)));

        await using var db = Host.Db();
        var formation = await db.Formations.SingleAsync(f => f.Code == code, Ct);
        Assert.Equal((Injections[0], Injections[1], Injections[2], Injections[3]), (formation.Agency, formation.Position, formation.Location, formation.Education));
        Assert.Equal(Injections, await db.Candidates.Where(c => c.ParticipantNumber.StartsWith("P-INJ-")).OrderBy(c => c.ParticipantNumber).Select(c => c.Name).ToListAsync(Ct));
        // the console's candidate search runs the same text as a parameter: it finds the literal name and nothing else
        var like = Injections[5];
        Assert.Equal([like], await db.Candidates.Where(c => c.Name.Contains(like)).Select(c => c.Name).ToListAsync(Ct));
        Assert.Equal(["AnswerEvents", "Answers", "Attempts", "AuditEntries", "Candidates", "ExamSessions", "Formations"],
            (await db.Database.SqlQuery<string>($"SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync(Ct))
                .Intersect(["AnswerEvents", "Answers", "Attempts", "AuditEntries", "Candidates", "ExamSessions", "Formations"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_source_builds_no_SQL_from_values_only_from_reviewed_constants()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        // the holes an interpolated SQL string may have: constants and where-clauses written in the code itself, and integers
        string[] allowed = ["where", "Live", "Columns", "_savepoint"];
        var problems = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match raw in RawSql().Matches(text))
            {
                problems.Add($"{Path.GetRelativePath(src, file)}: {raw.Value}");
            }
            foreach (Match sql in InterpolatedString().Matches(text).Where(m => SqlKeyword().IsMatch(m.Value)))
            {
                foreach (Match hole in Hole().Matches(sql.Value))
                {
                    if (!allowed.Contains(hole.Groups[1].Value))
                    {
                        problems.Add($"{Path.GetRelativePath(src, file)}: {{{hole.Groups[1].Value}}} in {sql.Value[..Math.Min(80, sql.Value.Length)]}");
                    }
                }
            }
        }
        Assert.Empty(problems);
    }

    [GeneratedRegex(@"\b(FromSqlRaw|ExecuteSqlRaw|ExecuteSqlRawAsync|SqlQueryRaw)\b")]
    private static partial Regex RawSql();

    /// <summary>An interpolated string literal: <c>$"…"</c>, <c>$@"…"</c> or a raw <c>$"""…"""</c>.</summary>
    [GeneratedRegex(@"\$+""""""[\s\S]*?""""""|\$@?""(?:[^""\\]|\\.)*""")]
    private static partial Regex InterpolatedString();

    [GeneratedRegex(@"\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|SAVEPOINT|ROLLBACK TO|RELEASE|PRAGMA|DROP TABLE|CREATE TABLE)\b")]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[^}]*)\}(?!\})")]
    private static partial Regex Hole();
}
