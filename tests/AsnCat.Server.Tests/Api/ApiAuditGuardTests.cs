using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Api;

/// <summary>
/// Issue #16's guard: every <c>/api</c> endpoint that can change state (POST, PUT, PATCH, DELETE),
/// as the server maps it, writes an audit entry naming the signed-in actor and the caller's address.
/// Each one is either called here, as the role it needs, and its new entry checked (actor, address
/// 127.0.0.1), or listed by route with the test that already does exactly that. A new endpoint in
/// neither fails this test, and so does a listed route the server no longer maps.
/// </summary>
public sealed class ApiAuditGuardTests() : KestrelHostTest(recordHubFrames: false)
{
    private const string Loopback = "127.0.0.1";
    private const string Ketua = "ketua-jaga";
    private const string Admin = "admin-jaga";

    /// <summary>Signing in and out: audited as logins by themselves (LoginAuditTests), not actions on data.</summary>
    private static readonly string[] SignInAndOut = ["POST /api/account/login", "POST /api/account/logout"];

    /// <summary>POSTs that only check an uploaded file and answer: nothing is stored, so nothing is audited.</summary>
    private static readonly string[] CheckOnly = ["POST /api/banks/validate", "POST /api/banks/import/validate"];

    private const string SessionAndSeatActions = $"{nameof(ApiAuditTests)}.{nameof(ApiAuditTests.Every_session_and_seat_action_through_the_api_writes_its_audit_entry_with_actor_and_address)}";
    private const string WholeSession = $"{nameof(WholeSessionApiTests)}.{nameof(WholeSessionApiTests.A_session_runs_from_import_to_publication_through_the_api_and_the_published_rows_equal_the_console)}";

    /// <summary>Routes whose calls another test makes as a real client and checks the entry's actor and address 127.0.0.1.</summary>
    private static readonly Dictionary<string, string> CoveredElsewhere = new(StringComparer.Ordinal)
    {
        ["POST /api/sessions"] = WholeSession,
        ["POST /api/sessions/{id:int}/seats"] = WholeSession,
        ["POST /api/sessions/{id:int}/pins"] = WholeSession,
        ["POST /api/sessions/{id:int}/open"] = WholeSession,
        ["POST /api/sessions/{id:int}/start"] = WholeSession,
        ["POST /api/publications"] = WholeSession,
        ["POST /api/sessions/{id:int}/pause"] = SessionAndSeatActions,
        ["POST /api/sessions/{id:int}/resume"] = SessionAndSeatActions,
        ["POST /api/sessions/{id:int}/end"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/pin"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/release"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/pause"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/resume"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/grant"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/finish"] = SessionAndSeatActions,
        ["POST /api/attempts/{attemptId:int}/disqualify"] = SessionAndSeatActions,
        ["POST /api/national/venues"] = NationalEnrolment,
        ["POST /api/sync/v1/enrol"] = NationalEnrolment,
        ["POST /api/national/venues/{code}/revoke"] = NationalRevoke,
        ["POST /api/national/venues/{code}/enrolment"] = NationalRevoke,
        ["POST /api/sync/v1/packages/{session}/{version:int}/ack"] = NationalPackages,
        ["POST /api/sync/v1/progress"] = NationalProgress,
        ["POST /api/sync/v1/bundles/{session}"] = NationalIntake,
    };

    private const string NationalEnrolment = "National.Centre.EnrolmentTests.A_good_proof_enrols_the_venue_its_credential_authenticates_and_only_its_hash_is_stored";
    private const string NationalRevoke = "National.Centre.EnrolmentTests.A_revoked_or_wrong_credential_is_refused_with_401_naming_the_venue_and_a_new_code_enrols_it_again";
    private const string NationalPackages = "National.Centre.PackageTests.A_package_is_built_once_bumped_when_a_candidate_moves_and_its_seed_erased_after_the_ack_while_the_commitment_stays_public";
    private const string NationalProgress = "National.Centre.ProgressTests.The_venues_board_reaches_the_centres_watchers_and_public_state_once_per_seq";
    private const string NationalIntake = "National.Centre.IntakeTests.An_accepted_bundle_writes_every_event_and_result_once_and_posting_it_again_changes_nothing";

    private static readonly string[] Changing = ["POST", "PUT", "PATCH", "DELETE"];

    [Fact]
    public async Task Every_state_changing_api_endpoint_writes_an_audit_entry_with_the_actor_and_the_callers_address()
    {
        var ketua = await WithAntiforgeryAsync(await Host.StaffAsync(Ketua, StaffRoles.Panitia));
        var admin = await WithAntiforgeryAsync(await Host.StaffAsync(Admin, StaffRoles.Admin));
        var failures = new List<string>();
        var called = new HashSet<string>(StringComparer.Ordinal);

        async Task CallAsync(string route, string actor, string action, Func<Task<HttpResponseMessage>> call, bool refused = false)
        {
            called.Add(route);
            var before = await LastAuditIdAsync();
            using var response = await call();
            if (response.IsSuccessStatusCode == refused)
            {
                failures.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                return;
            }
            await using var db = Host.Db();
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Id > before && e.Action == action).ToListAsync(Ct);
            if (!entries.Any(e => e.Actor == actor && e.Address == Loopback))
            {
                failures.Add($"{route}: no {action} entry by {actor} from {Loopback} ({string.Join(", ", entries.Select(e => $"{e.Actor}@{e.Address ?? "null"}"))})");
            }
        }

        // formations and candidates, as a registration system sends them
        await CallAsync("POST /api/imports/{kind}", Ketua, AuditActions.Import.Formations, () => ketua.PostAsync("/api/imports/formasi",
            Upload(Csv(ImportTemplates.Header(ImportKind.Formasi), "JAGA-F-001,Badan Uji,Analis Ahli Pertama,Kota Makassar,1,S-1 Apa Saja"), "formasi.csv"), Ct));
        await CallAsync("POST /api/imports/{kind}", Ketua, AuditActions.Import.Candidates, () => ketua.PostAsync("/api/imports/peserta",
            Upload(Csv(ImportTemplates.Header(ImportKind.Peserta), "JAGA-0001,Peserta Jaga,7371014101990001,1999-01-01,JAGA-F-001,umum,0,tidak,tidak"), "peserta.csv"), Ct));

        // the centre's national ranking: a run, closing the (session-less) formation's SKD, optimalisasi by the 2024 rule file
        await CallAsync("POST /api/national/ranking/runs", Ketua, AuditActions.NationalRanking.Ranked, () => ketua.PostAsync("/api/national/ranking/runs", null, Ct));
        await CallAsync("POST /api/national/formations/{code}/close", Ketua, AuditActions.NationalRanking.FormationClosed, () => ketua.PostAsJsonAsync("/api/national/formations/JAGA-F-001/close",
            new { force = false, reason = (string?)null }, Ct));
        await CallAsync("POST /api/national/formations/{code}/optimalisasi", Ketua, AuditActions.NationalRanking.Optimalisasi, () => ketua.PostAsJsonAsync("/api/national/formations/JAGA-F-001/optimalisasi",
            new { rule = "optimalisasi-2024" }, Ct));

        // a bank folder as .zip, and the same bank exported as Moodle XML
        await CallAsync("POST /api/banks", Ketua, AuditActions.Bank.Imported, () => ketua.PostAsync("/api/banks", Upload(SampleZip(), "skd-contoh.zip"), Ct));
        await CallAsync("POST /api/banks/import", Ketua, AuditActions.Bank.Imported, () => ketua.PostAsync("/api/banks/import", Upload(MoodleExport(), "skd.xml", ("from", "moodle")), Ct));

        // SKB scores: nobody here has passed SKD, so the file is refused (422), and the refusal is audited the same way
        await CallAsync("POST /api/skb/import", Ketua, AuditActions.Skb.Rejected, () => ketua.PostAsync("/api/skb/import",
            Upload(Csv(["nomor_peserta", "nilai_skb", "ipk"], "JAGA-0001,80,"), "nilai-skb.csv"), Ct), refused: true);

        // staff accounts, through both addresses of creation
        await CallAsync("POST /api/staff", Admin, AuditActions.Staff.Created, () => admin.PostAsJsonAsync("/api/staff",
            new CreateStaffRequest("panitia-jaga1", "Budi Santoso", StaffRoles.Panitia, null), Ct));
        await CallAsync("POST /api/account/users", Admin, AuditActions.Staff.Created, () => admin.PostAsJsonAsync("/api/account/users",
            new CreateStaffRequest("panitia-jaga2", "Sari Dewi", StaffRoles.Panitia, null), Ct));
        await CallAsync("PUT /api/staff/{userName}", Admin, AuditActions.Staff.Updated, () => admin.PutAsJsonAsync("/api/staff/panitia-jaga1",
            new UpdateStaffRequest("Budi Santoso Putra", null), Ct));
        await CallAsync("POST /api/staff/{userName}/unlock", Admin, AuditActions.Staff.Unlocked, () => admin.PostAsync("/api/staff/panitia-jaga1/unlock", null, Ct));
        await CallAsync("POST /api/staff/{userName}/reset-password", Admin, AuditActions.Staff.PasswordReset, () => admin.PostAsync("/api/staff/panitia-jaga1/reset-password", null, Ct));
        await CallAsync("POST /api/staff/{userName}/disable", Admin, AuditActions.Staff.Disabled, () => admin.PostAsync("/api/staff/panitia-jaga1/disable", null, Ct));
        await CallAsync("POST /api/staff/{userName}/enable", Admin, AuditActions.Staff.Enabled, () => admin.PostAsync("/api/staff/panitia-jaga1/enable", null, Ct));

        // the audit log's own check
        await CallAsync("POST /api/audit/chain/verify", Admin, AuditActions.Audit.IntegrityChecked, () => admin.PostAsync("/api/audit/chain/verify", null, Ct));

        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Intersect(Changing, StringComparer.OrdinalIgnoreCase).Select(m => $"{m.ToUpperInvariant()} {e.Route.TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        // the walk means something only with the API mapped
        Assert.Contains("POST /api/sessions/{id:int}/end", mapped);
        var accounted = called.Concat(CoveredElsewhere.Keys).Concat(SignInAndOut).Concat(CheckOnly).ToHashSet(StringComparer.Ordinal);
        failures.AddRange(mapped.Except(accounted).Order(StringComparer.Ordinal).Select(r => $"{r}: changes state but is neither called here nor listed with the test that checks its audit entry"));
        failures.AddRange(accounted.Except(mapped).Order(StringComparer.Ordinal).Select(r => $"{r}: listed or called here but not mapped by the server"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<long> LastAuditIdAsync()
    {
        await using var db = Host.Db();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id, Ct) ?? 0;
    }

    /// <summary>The antiforgery token the API hands out, sent on every later call of <paramref name="client"/> (file uploads need it).</summary>
    private static async Task<HttpClient> WithAntiforgeryAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/antiforgery", UriKind.Relative), Ct));
        client.DefaultRequestHeaders.Add(json.RootElement.GetProperty("headerName").GetString()!, json.RootElement.GetProperty("token").GetString()!);
        return client;
    }

    private static byte[] Csv(string[] header, params string[] rows) =>
        Encoding.UTF8.GetBytes(string.Join('\n', rows.Prepend(string.Join(',', header))) + "\n");

    private static MultipartFormDataContent Upload(byte[] bytes, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        return form;
    }

    private static byte[] SampleZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, "skd-contoh/" + Path.GetRelativePath(TestPaths.SampleBank, file).Replace('\\', '/'));
            }
        }
        return buffer.ToArray();
    }

    private static byte[] MoodleExport()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "skd.xml");
        Assert.Empty(BankInterchange.Export(TargetFormat.Moodle, TestPaths.SampleBank, path, new RulesCatalog(TestPaths.QuestionBanks)).Errors);
        return File.ReadAllBytes(path);
    }
}
