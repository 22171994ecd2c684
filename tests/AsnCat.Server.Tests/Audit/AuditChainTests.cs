using System.Data.Common;
using System.Text.Json;
using AsnCat.Server.Audit;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Audit;

/// <summary>The audit hash chain on a migrated database of the run's engine: sealing, the triggers, verification and the nightly job.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private AuditChain Chain() => new(new TestDbFactory(_database), _database.Time, NullLogger<AuditChain>.Instance);

    [Fact]
    public void A_link_is_the_sha256_of_the_documented_netstring_text()
    {
        // the example of docs/audit-chain.md, computed there independently (Python)
        Assert.Equal("b77791f8a2f9d6809d6e1341742100d857b2273a555dc494f1c224dcb54216c4",
            AuditChain.Link(AuditChain.Genesis, 1, 638764578000000000, "admin", "10.0.0.2", "staff.login", null, null));
        // null and empty differ; a separator moved between fields changes the link
        Assert.NotEqual(AuditChain.Link(AuditChain.Genesis, 1, 0, "a", null, "x", null, null), AuditChain.Link(AuditChain.Genesis, 1, 0, "a", "", "x", null, null));
        Assert.NotEqual(AuditChain.Link(AuditChain.Genesis, 1, 0, "a,", "b", "x", null, null), AuditChain.Link(AuditChain.Genesis, 1, 0, "a", ",b", "x", null, null));
    }

    [Fact]
    public async Task Sealing_chains_entries_in_id_order_and_sealing_again_changes_nothing()
    {
        await AddAsync(5);
        var chain = Chain();

        Assert.Equal(5, await chain.SealAsync(Ct));
        var first = await EntriesAsync();
        Assert.Equal(Expected(first), first.Select(e => e.Hash));
        Assert.Equal(0, await chain.SealAsync(Ct));
        Assert.Equal(first.Select(e => e.Hash), (await EntriesAsync()).Select(e => e.Hash));

        await AddAsync(2);
        Assert.Equal(new AuditChainStatus(5, first[^1].Hash, 2), await chain.StatusAsync(Ct));
        Assert.Equal(2, await chain.SealAsync(Ct));
        var all = await EntriesAsync();
        Assert.Equal(Expected(all), all.Select(e => e.Hash));
        Assert.Equal(new AuditChainVerification(true, 7, all[^1].Id, all[^1].Hash, null, null), await chain.VerifyAsync(Ct));
        Assert.Equal(new AuditChainStatus(7, all[^1].Hash, 0), await chain.StatusAsync(Ct));
    }

    [Fact]
    public async Task Two_seals_at_once_give_one_consistent_chain()
    {
        await AddAsync(AuditChain.BatchSize * 2 + 100);

        var counts = await Task.WhenAll(Task.Run(() => Chain().SealAsync(Ct), Ct), Task.Run(() => Chain().SealAsync(Ct), Ct));

        Assert.Equal(AuditChain.BatchSize * 2 + 100, counts.Sum());
        var all = await EntriesAsync();
        Assert.Equal(Expected(all), all.Select(e => e.Hash));
        Assert.True((await Chain().VerifyAsync(Ct)).Ok);
    }

    [Fact]
    public async Task An_entry_whose_transaction_commits_after_later_entries_is_still_sealed_first()
    {
        // PostgreSQL takes an entry's id at insert, so a transaction still open can hold an id below
        // entries others have already committed; a sealer that chained those would strand it.
        // SQLite lets one writer in at a time: there the open transaction holds everyone else off.
        await using var early = _database.Open();
        await using var tx = await early.Database.BeginTransactionAsync(Ct);
        early.AuditEntries.Add(new AuditEntry { At = _database.Time.GetUtcNow(), Actor = "pengawas", Action = "proctor.pause", Subject = "attempt:1" });
        await early.SaveChangesAsync(Ct);
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            await AddAsync(2);
        }
        var seal = Task.Run(() => Chain().SealAsync(Ct), Ct);
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            await WaitUntilTheSealerWaitsAsync(seal);
        }

        await tx.CommitAsync(Ct);

        Assert.Equal(_database.Provider == DatabaseProvider.Postgres ? 3 : 1, await seal);
        var all = await EntriesAsync();
        Assert.Equal(Expected(all), all.Select(e => e.Hash));
        Assert.Equal(new AuditChainStatus(all.Count, all[^1].Hash, 0), await Chain().StatusAsync(Ct));
    }

    // the sealer's table lock queued behind the open transaction (pg_locks: a lock not granted)
    private async Task WaitUntilTheSealerWaitsAsync(Task<int> seal)
    {
        for (var waited = 0; waited < 1000; waited++)
        {
            Assert.False(seal.IsCompleted, $"the sealer did not wait for the open transaction: it sealed {(seal.IsCompletedSuccessfully ? seal.Result : -1)}");
            if (Convert.ToInt64(await _database.ScalarAsync("SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'auditentries' AND NOT l.granted"), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
            await Task.Delay(10, Ct);
        }
        Assert.Fail("the sealer did not wait for the open transaction");
    }

    [Theory]
    [InlineData("UPDATE AuditEntries SET Actor = 'lain' WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Address = '10.9.9.9' WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Action = 'lain' WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Subject = 'lain' WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Details = '{}' WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET At = At + 1 WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Hash = NULL WHERE Id = 2")]
    [InlineData("UPDATE AuditEntries SET Id = 99 WHERE Id = 2")]
    [InlineData("DELETE FROM AuditEntries WHERE Id = 2")]
    [InlineData("DELETE FROM AuditEntries")]
    public async Task A_sealed_entry_cannot_be_changed_or_deleted(string sql)
    {
        await AddAsync(3);
        await Chain().SealAsync(Ct);
        var before = await EntriesAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(sql));

        Assert.Contains("audit entry is sealed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Select(Text), (await EntriesAsync()).Select(Text));
    }

    [Fact]
    public async Task An_unsealed_entry_can_still_be_changed()
    {
        await AddAsync(1);
        Assert.Equal(1, await ExecuteAsync("UPDATE AuditEntries SET Details = '{\"x\":1}' WHERE Id = 1"));
    }

    [Fact]
    public async Task With_the_trigger_dropped_an_edited_entry_is_named_by_verify()
    {
        await AddAsync(5);
        var chain = Chain();
        await chain.SealAsync(Ct);
        var all = await EntriesAsync();

        await _database.DisableTriggerAsync("AuditEntries", "TR_AuditEntries_Sealed_Update");
        await ExecuteAsync("UPDATE AuditEntries SET Details = '{\"reason\":\"diubah\"}' WHERE Id = 3");
        var result = await chain.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(3, result.BrokenId);
        Assert.Equal((2L, all[1].Id, all[1].Hash), (result.Entries, result.HeadId, result.Head));
        Assert.Contains("Entri 3", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_trigger_dropped_a_deleted_middle_entry_breaks_the_next_link()
    {
        await AddAsync(5);
        var chain = Chain();
        await chain.SealAsync(Ct);

        await _database.DisableTriggerAsync("AuditEntries", "TR_AuditEntries_Sealed_Delete");
        await ExecuteAsync("DELETE FROM AuditEntries WHERE Id = 3");
        var result = await chain.VerifyAsync(Ct);

        Assert.False(result.Ok);
        Assert.Equal(4, result.BrokenId);
        Assert.Contains("antara 2 dan 4 dihapus", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_newest_entries_leaves_a_valid_chain_that_only_the_recorded_head_reveals()
    {
        await AddAsync(5);
        var chain = Chain();
        await chain.SealAsync(Ct);
        var recorded = await chain.VerifyAsync(Ct);

        await _database.DisableTriggerAsync("AuditEntries", "TR_AuditEntries_Sealed_Delete");
        await ExecuteAsync("DELETE FROM AuditEntries WHERE Id >= 4");
        var later = await chain.VerifyAsync(Ct);

        Assert.True(later.Ok);
        Assert.Equal((5L, 5L), (recorded.Entries, recorded.HeadId!.Value));
        Assert.Equal((3L, 3L), (later.Entries, later.HeadId!.Value));
        Assert.NotEqual(recorded.Head, later.Head);
    }

    [Fact]
    public async Task The_integrity_job_seals_verifies_and_records_its_check()
    {
        await AddAsync(4);
        var job = new AuditIntegrityJob(Chain());

        var ok = await job.CheckAsync(Ct);

        Assert.Equal((true, 4L), (ok.Ok, ok.Entries));
        var checkedEntry = await SingleAsync("audit.integrity_checked");
        Assert.Equal(AuditIntegrityJob.Actor, checkedEntry.Actor);
        using (var details = JsonDocument.Parse(checkedEntry.Details!))
        {
            Assert.True(details.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(4, details.RootElement.GetProperty("entries").GetInt64());
            Assert.Equal(ok.Head, details.RootElement.GetProperty("head").GetString());
        }

        await _database.DisableTriggerAsync("AuditEntries", "TR_AuditEntries_Sealed_Update");
        await ExecuteAsync("UPDATE AuditEntries SET Actor = 'orang-lain' WHERE Id = 2");
        var failed = await job.CheckAsync(Ct);

        Assert.Equal((false, 2L), (failed.Ok, failed.BrokenId!.Value));
        var failedEntry = await SingleAsync("audit.integrity_failed");
        Assert.Equal("audit:2", failedEntry.Subject);
        using (var details = JsonDocument.Parse(failedEntry.Details!))
        {
            Assert.Equal(2, details.RootElement.GetProperty("brokenId").GetInt64());
        }
    }

    private async Task AddAsync(int count)
    {
        await using var db = _database.Open();
        var start = await db.AuditEntries.CountAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            var n = start + i;
            _database.Time.Advance(TimeSpan.FromSeconds(1));
            db.AuditEntries.Add(new AuditEntry
            {
                At = _database.Time.GetUtcNow(),
                Actor = n % 3 == 0 ? "system" : $"pengawas{n}",
                Address = n % 2 == 0 ? null : "10.0.0." + n,
                Action = "proctor.pause",
                Subject = n % 4 == 0 ? null : $"attempt:{n}",
                Details = n % 2 == 0 ? null : JsonSerializer.Serialize(new { reason = $"Peserta ke-{n} izin ke toilet, \"sebentar\"" }),
            });
        }
        await db.SaveChangesAsync(Ct);
    }

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = _database.Open();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private async Task<AuditEntry> SingleAsync(string action)
    {
        await using var db = _database.Open();
        return await db.AuditEntries.SingleAsync(e => e.Action == action, Ct);
    }

    private Task<int> ExecuteAsync(string sql) => _database.ExecuteAsync(sql);

    // the chain recomputed here, entry by entry, from the documented rule
    private static List<string> Expected(List<AuditEntry> entries)
    {
        var links = new List<string>();
        var previous = AuditChain.Genesis;
        foreach (var e in entries)
        {
            previous = AuditChain.Link(previous, e);
            links.Add(previous);
        }
        return links;
    }

    private static string Text(AuditEntry e) => $"{e.Id}|{e.At.UtcTicks}|{e.Actor}|{e.Address}|{e.Action}|{e.Subject}|{e.Details}|{e.Hash}";
}
