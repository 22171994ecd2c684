using AsnCat.Scoring;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Data;

public class BankImporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Blueprint Skd => TinyBank.Rules.Blueprint("skd")!;

    [Fact]
    public async Task Importing_a_bank_stores_every_item_with_its_key_content_and_images()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        var bank = tiny.Load();

        await using (var db = database.Open())
        {
            var result = await database.Importer(db).ImportAsync(bank, Skd, TinyBank.BlueprintYaml, Ct);
            Assert.True(result.Created);
        }

        await using var check = database.Open();
        var version = await check.BankVersions.Include(v => v.BlueprintSnapshot).SingleAsync(Ct);
        Assert.Equal(("uji-impor", "Bank uji impor", "skd", bank.Hash, 3, false), (version.Code, version.Title, version.BlueprintCode, version.Hash, version.ItemCount, version.Locked));
        Assert.Equal(TestDatabase.Start, version.ImportedAt);
        Assert.Equal(TinyBank.BlueprintYaml, version.BlueprintSnapshot!.Yaml);
        Assert.Equal("skd", version.BlueprintSnapshot.Code);

        var items = await check.BankItems.Where(i => i.BankVersionId == version.Id).OrderBy(i => i.Ordinal).ToListAsync(Ct);
        Assert.Equal(bank.Items.Select(i => i.Id), items.Select(i => i.ItemId));
        foreach (var (stored, loaded) in items.Zip(bank.Items))
        {
            Assert.Equal((loaded.Subtest, loaded.Subtopic, loaded.Difficulty, loaded.Answer, loaded.Explanation, loaded.SourceFile, loaded.Line), (stored.Subtest, stored.Subtopic, stored.Difficulty, stored.Answer, stored.Explanation, stored.SourceFile, stored.Line));
            Assert.Equal(loaded.Weights, stored.Weights);
            Assert.Equal(loaded.Stem, stored.Content.Stem);
            Assert.Equal(loaded.Image, stored.Content.Image);
            Assert.Equal(loaded.Options, stored.Content.Options);
            Assert.Equal(loaded.Table?.Caption, stored.Content.Table?.Caption);
            Assert.Equal(loaded.Table?.Header, stored.Content.Table?.Header);
            Assert.Equal(loaded.Table?.Rows, stored.Content.Table?.Rows);
        }
        var byId = items.ToDictionary(i => i.ItemId);
        Assert.Equal(1, byId["TWK-NAS-001"].Answer);
        Assert.Equal([2, 5, 1, 4, 3], byId["TKP-PP-001"].Weights!);
        Assert.Equal(["2023", "1.350"], byId["TWK-NAS-001"].Content.Table!.Rows[1]);
        Assert.Equal(new ImageRef("twk/gambar/opsi-c.png", "Persegi hitam"), byId["TWK-NAS-002"].Content.Options[2].Image);

        var images = await check.BankImages.Where(i => i.BankVersionId == version.Id).OrderBy(i => i.Path).ToListAsync(Ct);
        Assert.Equal(["twk/gambar/opsi-c.png", "twk/gambar/soal.svg"], images.Select(i => i.Path));
        Assert.Equal(["image/png", "image/svg+xml"], images.Select(i => i.ContentType));
        Assert.Equal(TinyBank.Png, images[0].Bytes);
        Assert.Equal(TinyBank.Svg, System.Text.Encoding.UTF8.GetString(images[1].Bytes));
    }

    [Fact]
    public async Task Importing_the_same_bank_again_returns_the_stored_version_and_adds_nothing()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        var bank = tiny.Load();
        await using var db = database.Open();
        var importer = database.Importer(db);

        var first = await importer.ImportAsync(bank, Skd, TinyBank.BlueprintYaml, Ct);
        database.Time.Advance(TimeSpan.FromHours(1));
        var again = await importer.ImportAsync(tiny.Load(), Skd, TinyBank.BlueprintYaml, Ct);

        Assert.Equal(first with { Created = false }, again);
        await using var check = database.Open();
        Assert.Equal(TestDatabase.Start, (await check.BankVersions.SingleAsync(Ct)).ImportedAt);
        Assert.Equal(3, await check.BankItems.CountAsync(Ct));
        Assert.Equal(2, await check.BankImages.CountAsync(Ct));
        Assert.Equal(1, await check.BlueprintSnapshots.CountAsync(Ct));
    }

    [Fact]
    public async Task A_changed_bank_is_a_new_version_sharing_the_blueprint_snapshot()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        await using var db = database.Open();
        var importer = database.Importer(db);
        var first = await importer.ImportAsync(tiny.Load(), Skd, TinyBank.BlueprintYaml, Ct);

        File.AppendAllText(Path.Combine(tiny.Dir, "bank.yaml"), "# revisi\n");
        var second = await importer.ImportAsync(tiny.Load(), Skd, TinyBank.BlueprintYaml, Ct);

        Assert.True(second.Created);
        Assert.NotEqual(first.BankVersionId, second.BankVersionId);
        await using var check = database.Open();
        Assert.Equal(2, await check.BankVersions.CountAsync(Ct));
        Assert.Equal(6, await check.BankItems.CountAsync(Ct));
        Assert.Equal(1, await check.BlueprintSnapshots.CountAsync(Ct));
    }

    [Fact]
    public async Task A_clash_midway_through_an_import_leaves_nothing_behind_and_the_importer_still_works()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        var bank = tiny.Load();
        // the last item repeats the first one's id: the unique index fails after the version,
        // the snapshot and the other items were already inserted
        var clashing = bank with { Hash = new string('0', 64), Items = [.. bank.Items, bank.Items[0] with { Line = 99 }] };
        await using var db = database.Open();
        var importer = database.Importer(db);

        await Assert.ThrowsAsync<DbUpdateException>(() => importer.ImportAsync(clashing, Skd, TinyBank.BlueprintYaml, Ct));

        await using (var check = database.Open())
        {
            Assert.Equal(0, await check.BankVersions.CountAsync(Ct));
            Assert.Equal(0, await check.BankItems.CountAsync(Ct));
            Assert.Equal(0, await check.BankImages.CountAsync(Ct));
            Assert.Equal(0, await check.BlueprintSnapshots.CountAsync(Ct));
        }
        var result = await importer.ImportAsync(bank, Skd, TinyBank.BlueprintYaml, Ct);
        Assert.True(result.Created);
        Assert.Equal(3, await db.BankItems.CountAsync(Ct));
    }

    [Fact]
    public async Task A_bank_naming_an_image_it_does_not_hold_is_refused_before_anything_is_written()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        var bank = tiny.Load();
        var missing = bank with { Images = bank.Images.Where(i => i.Key.EndsWith(".svg", StringComparison.Ordinal)).ToDictionary() };
        await using var db = database.Open();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Importer(db).ImportAsync(missing, Skd, TinyBank.BlueprintYaml, Ct));

        Assert.Contains("twk/gambar/opsi-c.png", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
    }

    [Fact]
    public async Task The_shipped_sample_bank_imports_completely()
    {
        var loaded = BankLoader.Load(TestPaths.SampleBank, TinyBank.Rules.Blueprint);
        // the shipped sample bank must load for this test: one that does not fails it, it does not skip it
        Assert.True(loaded.Bank is not null, "the sample bank does not load: " + string.Join("; ", loaded.Errors.Take(3)));
        var bank = loaded.Bank!;
        using var database = await TestDatabase.CreateAsync();
        await using (var db = database.Open())
        {
            Assert.True((await database.Importer(db).ImportAsync(bank, Skd, TinyBank.BlueprintYaml, Ct)).Created);
        }

        await using var check = database.Open();
        var stored = await check.BankItems.OrderBy(i => i.Ordinal).ToListAsync(Ct);
        Assert.Equal(bank.Items.Select(i => (i.Id, i.Answer, string.Join(",", i.Weights ?? []))), stored.Select(i => (i.ItemId, i.Answer, string.Join(",", i.Weights ?? []))));
        Assert.Equal(bank.Images.Keys.Order(StringComparer.Ordinal), await check.BankImages.Select(i => i.Path).OrderBy(p => p).ToListAsync(Ct));
        Assert.Equal(bank.Items.Count, (await check.BankVersions.SingleAsync(Ct)).ItemCount);
    }
}
