using System.Net;
using AsnCat.Server.Analysis;
using AsnCat.Server.Data;
using AsnCat.Tool.Analysis;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Commands;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Analysis;

[CollectionDefinition(Name)]
public sealed class AnalysisSessions : ICollectionFixture<AnalysisSessionFixture>
{
    public const string Name = "analisis butir";
}

/// <summary>
/// The item analysis of a session run through the exam hub: <c>bank analyze</c> on its bundle and the
/// console's analysis equal a deliberately simple recomputation; the item the abler candidates
/// answered "wrongly" is flagged; retiring and revising items make new bank versions while the used
/// one stays locked.
/// </summary>
[Collection(AnalysisSessions.Name)]
public sealed class SessionAnalysisTests(AnalysisSessionFixture session)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string, int, int)[] Skd = [("TWK", 5, 30), ("TIU", 5, 35), ("TKP", 0, 45)];

    private SessionAnalysis Analysis => session.Host.Services.GetRequiredService<SessionAnalysis>();

    private ItemLifecycle Lifecycle => session.Host.Services.GetRequiredService<ItemLifecycle>();

    [Fact]
    public async Task Bank_analyze_on_the_sessions_bundle_and_the_console_both_equal_a_straight_recomputation_from_the_raw_answers()
    {
        var reference = AnalysisReference.Compute(session.KeyedBundle, Skd, new AnalysisReference.Thresholds());
        var errors = new List<FileError>();
        var tool = ItemAnalysis.Analyze(AnalysisInput.Read([session.KeyedBundle]), AnalysisRules.Load(TestPaths.QuestionBanks, errors)!);
        Assert.Empty(errors);
        var compared = AnalysisComparison.AssertSame(tool, reference);
        Assert.Equal(AnalysisSessionFixture.Candidates - 1, tool.Candidates);   // the disqualified candidate is left out
        Assert.True(compared > 150, $"{compared} items");

        var console = await Analysis.AnalyzeAsync([session.SessionId], Ct);
        Assert.Null(console.Error);
        AnalysisComparison.AssertSame(console.Report!, reference);
        Assert.Equal(tool.Equality.Verdict, console.Report!.Equality.Verdict);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, CommandLine.Run(["bank", "analyze", session.KeyedBundle], stdout, stderr));
        Assert.Contains($"{AnalysisSessionFixture.Candidates - 1} peserta", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_item_whose_distractor_the_abler_candidates_chose_is_flagged_kunci_mungkin_salah()
    {
        var report = (await Analysis.AnalyzeAsync([session.SessionId], Ct)).Report!;
        var item = report.Items.Single(i => i.Id == session.Planted.Item);
        Assert.True(item.Exposure >= report.Rules.Flags.MinimumExposure, $"dilihat {item.Exposure}");
        Assert.Contains(ItemConcern.WrongKey, item.Flags);
        Assert.Equal(session.Planted.Distractor, item.BeatingDistractor);
    }

    [Fact]
    public async Task The_download_gives_the_same_items_as_csv_and_xlsx_to_the_committee_and_refuses_mixed_or_unknown_sessions()
    {
        using var panitia = await session.Host.StaffAsync("panitia-unduh", "panitia");
        var csv = await panitia.GetAsync(AnalysisApi.FileUrl([session.SessionId], "csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("subtes,id,subtopik,tingkat,kunci_atau_bobot,dilihat", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("," + session.Planted.Item + ",", StringComparison.Ordinal) && l.Contains("kunci_mungkin_salah", StringComparison.Ordinal));
        var xlsx = await panitia.GetAsync(AnalysisApi.FileUrl([session.SessionId], "xlsx"), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var book = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct)))
        {
            Assert.Equal(lines.Length, book.Worksheet("Butir").RowsUsed().Count());
        }
        var unknown = await panitia.GetAsync(AnalysisApi.FileUrl([session.SessionId, 99999], "csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("99999", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var pengawas = await session.Host.StaffAsync("pengawas-unduh", "pengawas", "Ruang uji");
        Assert.Equal(HttpStatusCode.Forbidden, (await pengawas.GetAsync(AnalysisApi.FileUrl([session.SessionId], "csv"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Retiring_and_revising_items_make_new_bank_versions_audited_and_the_version_the_session_used_stays_locked_and_unchanged()
    {
        var used = session.BankVersionId;
        await using var before = session.Host.Db();
        var usedItems = await before.BankItems.AsNoTracking().Where(i => i.BankVersionId == used).OrderBy(i => i.Ordinal)
            .Select(i => new { i.ItemId, i.Answer, i.Content }).ToListAsync(Ct);
        var target = usedItems.First(i => i.ItemId.StartsWith("TIU-", StringComparison.Ordinal)).ItemId;
        // not the planted item: the browser test retires that one
        var other = usedItems.First(i => i.ItemId.StartsWith("TWK-", StringComparison.Ordinal) && i.ItemId != session.Planted.Item);

        // bad input stores nothing
        var versions = await before.BankVersions.CountAsync(Ct);
        var draft = (await Lifecycle.DraftAsync(used, other.ItemId, Ct))!;
        Assert.Equal(["Teks soal tidak boleh kosong."], (await Lifecycle.ReviseAsync(used, draft with { Stem = "  " }, "alasan revisi", "panitia1", null, Ct)).Errors);
        Assert.Equal([SessionAdminReason], (await Lifecycle.RetireAsync(used, target, "x", "panitia1", null, Ct)).Errors);
        Assert.StartsWith("Tidak ada yang berubah", (await Lifecycle.ReviseAsync(used, draft, "alasan revisi", "panitia1", null, Ct)).Errors.Single(), StringComparison.Ordinal);
        Assert.Equal(versions, await before.BankVersions.CountAsync(Ct));

        // a key corrected and the stem reworded: a new version
        var corrected = (other.Answer!.Value + 1) % 5;
        var revised = await Lifecycle.ReviseAsync(used, draft with { Key = corrected, Stem = draft.Stem + " (direvisi)" }, "kunci salah menurut analisis butir", "panitia1", "10.0.0.7", Ct);
        Assert.True(revised.Succeeded, string.Join("; ", revised.Errors));
        var retired = await Lifecycle.RetireAsync(used, target, "daya beda rendah dua sesi", "panitia1", null, Ct);
        Assert.True(retired.Succeeded, string.Join("; ", retired.Errors));
        Assert.Equal(revised.NewVersionId, retired.BaseVersionId);   // the second change builds on the first

        await using var db = session.Host.Db();
        var newest = await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == retired.NewVersionId).ToListAsync(Ct);
        // the changes build on the newest version of the bank (the browser test sharing this session may have retired an item first)
        var baseCount = await db.BankItems.CountAsync(i => i.BankVersionId == revised.BaseVersionId, Ct);
        Assert.Equal(baseCount - 1, newest.Count);
        Assert.DoesNotContain(newest, i => i.ItemId == target);
        var fixedItem = newest.Single(i => i.ItemId == other.ItemId);
        Assert.Equal(corrected, fixedItem.Answer);
        Assert.EndsWith("(direvisi)", fixedItem.Content.Stem, StringComparison.Ordinal);
        Assert.False(await db.BankVersions.Where(v => v.Id == retired.NewVersionId).Select(v => v.Locked).SingleAsync(Ct));

        // the used version: locked, every item as it was, and the database refuses to change it
        Assert.True(await db.BankVersions.Where(v => v.Id == used).Select(v => v.Locked).SingleAsync(Ct));
        var now = await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == used).OrderBy(i => i.Ordinal).Select(i => new { i.ItemId, i.Answer, i.Content }).ToListAsync(Ct);
        Assert.Equal(usedItems.Select(i => (i.ItemId, i.Answer, i.Content.Stem)), now.Select(i => (i.ItemId, i.Answer, i.Content.Stem)));
        var refused = await Assert.ThrowsAsync<SqliteException>(() => db.BankItems.Where(i => i.BankVersionId == used && i.ItemId == target).ExecuteDeleteAsync(Ct));
        Assert.Contains("locked", refused.Message, StringComparison.Ordinal);

        // audited, with the reason, the versions and what changed
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.Bank.ItemRevised || a.Action == AuditActions.Bank.ItemRetired).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Bank.ItemRevised, AuditActions.Bank.ItemRetired], audit.TakeLast(2).Select(a => a.Action));
        var revisedAudit = audit[^2];
        Assert.Equal(("panitia1", "10.0.0.7", $"bank_version:{revised.NewVersionId}"), (revisedAudit.Actor, revisedAudit.Address, revisedAudit.Subject));
        Assert.Contains("kunci salah menurut analisis butir", revisedAudit.Details, StringComparison.Ordinal);
        Assert.Contains($"kunci {(char)('A' + other.Answer.Value)} menjadi {(char)('A' + corrected)}", revisedAudit.Details, StringComparison.Ordinal);
        Assert.Contains("teks soal", revisedAudit.Details, StringComparison.Ordinal);

        // the retired item is gone from the newest version: it can be neither retired nor revised again
        Assert.Null(await Lifecycle.DraftAsync(used, target, Ct));
        Assert.Contains("tidak ada di versi terbaru", (await Lifecycle.RetireAsync(used, target, "sekali lagi", "panitia1", null, Ct)).Errors.Single(), StringComparison.Ordinal);
    }

    private const string SessionAdminReason = AsnCat.Server.Console.SessionAdmin.ReasonRequired;
}
