using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Data;
using AsnCat.Tool.Banks;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Banks;

/// <summary>
/// The /api/banks group on a bare host (the server's own staff policies, header sign-in), with the
/// upload's temporary folders made inside a folder of the test's own, so that "nothing left behind,
/// nothing written outside" can be checked exactly.
/// </summary>
public sealed class BankUploadTests : IAsyncDisposable
{
    private const string UserHeader = HeaderAuthentication.UserHeader;

    private static readonly Uri Banks = new("/api/banks", UriKind.Relative);

    private static readonly Uri Validate = new("/api/banks/validate", UriKind.Relative);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDir _temp = new();

    private TestDatabase? _database;

    private InProcessHost? _app;

    private async Task<HttpClient> StartAsync(bool signIn = true)
    {
        _database = await TestDatabase.CreateAsync();
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            var factory = new TestDbFactory(_database);
            s.AddSingleton<IDbContextFactory<AsnCatDb>>(factory);
            s.AddSingleton(new BankUpload(factory, new RulesCatalog(TestPaths.QuestionBanks), _database.Time, NullLogger<BankUpload>.Instance) { TempRoot = _temp.Path });
        }, a => a.MapBanksApi(), antiforgery: true);
        var client = _app.Client();
        if (signIn)
        {
            client.DefaultRequestHeaders.Add(UserHeader, "ketua");
            await InProcessHost.WithAntiforgeryAsync(client);
        }
        return client;
    }

    [Fact]
    public async Task The_sample_bank_uploaded_as_a_zip_is_stored_once_and_the_same_bank_again_answers_200_with_the_same_version()
    {
        var sample = SampleBank();
        var client = await StartAsync();

        var first = await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/"))), Ct);
        var again = await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/"))), Ct);
        var atRoot = await client.PostAsync(Banks, Form(Zip(SampleEntries(""))), Ct);   // same files, no top-level folder: the same bank

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode, atRoot.StatusCode));
        using var created = await JsonAsync(first);
        var body = created.RootElement;
        var id = body.GetProperty("id").GetInt32();
        Assert.True(body.GetProperty("created").GetBoolean());
        Assert.Equal((sample.Code, sample.Hash, sample.Items.Count, sample.Images.Count), (body.GetProperty("code").GetString(), body.GetProperty("hash").GetString(), body.GetProperty("itemCount").GetInt32(), body.GetProperty("imageCount").GetInt32()));
        var perSubtest = body.GetProperty("itemsPerSubtest").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToList();
        Assert.Equal([("TWK", Count(sample, "TWK")), ("TIU", Count(sample, "TIU")), ("TKP", Count(sample, "TKP"))], perSubtest);
        foreach (var response in new[] { again, atRoot })
        {
            using var repeat = await JsonAsync(response);
            Assert.Equal((id, false), (repeat.RootElement.GetProperty("id").GetInt32(), repeat.RootElement.GetProperty("created").GetBoolean()));
        }

        await using var db = _database!.Open();
        var version = await db.BankVersions.SingleAsync(Ct);
        Assert.Equal((id, sample.Hash, sample.Items.Count, false), (version.Id, version.Hash, version.ItemCount, version.Locked));
        Assert.Equal(sample.Items.Select(i => i.Id), await db.BankItems.OrderBy(i => i.Ordinal).Select(i => i.ItemId).ToListAsync(Ct));
        Assert.Equal(sample.Images.Count, await db.BankImages.CountAsync(Ct));
        var audit = await db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.Actor, a.Subject }).ToListAsync(Ct);
        Assert.Equal(3, audit.Count);
        Assert.All(audit, a => Assert.Equal(("bank.imported", "ketua", "bank:" + sample.Code), (a.Action, a.Actor, a.Subject)));
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task A_bank_with_a_missing_image_or_a_duplicate_id_is_refused_with_422_naming_file_and_line_and_nothing_is_stored()
    {
        SampleBank();
        var client = await StartAsync();
        const string Analogi = "tiu/figural-analogi.yaml";
        const string Nasionalisme = "twk/nasionalisme.yaml";
        var imageLine = LineOf(Analogi, "file: gambar/TIU-FAN-001.svg");
        var firstIdLine = LineOf(Nasionalisme, "- id: TWK-NAS-001");
        var secondIdLine = LineOf(Nasionalisme, "- id: TWK-NAS-002");

        var missingImage = await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/", (rel, bytes) => rel == "tiu/gambar/TIU-FAN-001.svg" ? null : bytes))), Ct);
        var duplicateId = await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/", (rel, bytes) =>
            rel == Nasionalisme ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("id: TWK-NAS-002", "id: TWK-NAS-001", StringComparison.Ordinal)) : bytes))), Ct);

        Assert.Equal(
            [$"{Analogi}:{imageLine}: soal TIU-FAN-001: berkas gambar 'gambar/TIU-FAN-001.svg' tidak ditemukan (tiu/gambar/TIU-FAN-001.svg)"],
            await ErrorsAsync(missingImage));
        Assert.Equal(
            [$"{Nasionalisme}:{secondIdLine}: id 'TWK-NAS-001' ganda: sudah dipakai di {Nasionalisme}:{firstIdLine}"],
            await ErrorsAsync(duplicateId));
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        Assert.Equal(0, await db.BankItems.CountAsync(Ct));
        Assert.Equal(["bank.rejected", "bank.rejected"], await db.AuditEntries.Select(a => a.Action).ToListAsync(Ct));
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task Entries_that_would_escape_the_bank_folder_are_refused_before_anything_is_written()
    {
        var client = await StartAsync();
        var escape = "evil-" + Guid.NewGuid().ToString("N") + ".yaml";
        var outside = Path.Combine(Path.GetDirectoryName(_temp.Path)!, escape);   // where ../../../ from the bank folder lands
        var cases = new (string Entry, string Reason)[]
        {
            ("../" + escape, "segmen '..' tidak boleh"),
            ("skd/../../../" + escape, "segmen '..' tidak boleh"),
            ("..\\..\\..\\" + escape, "segmen '..' tidak boleh"),
            ("/tmp/" + escape, "jalur absolut"),
            ("C:/" + escape, "jalur absolut"),
        };

        foreach (var (entry, reason) in cases)
        {
            var response = await client.PostAsync(Banks, Form(Zip([("bank.yaml", Encoding.UTF8.GetBytes("code: jahat\ntitle: Jahat\nblueprint: skd\n")), (entry, "subtest: TWK\n"u8.ToArray())]), "jahat.zip"), Ct);

            var error = Assert.Single(await ErrorsAsync(response));
            Assert.StartsWith($"jahat.zip:1: entri '{entry}' ditolak: ", error, StringComparison.Ordinal);
            Assert.Contains(reason, error, StringComparison.Ordinal);
            AssertNothingLeftBehind();
        }
        var link = await client.PostAsync(Banks, Form(Zip([("bank.yaml", "code: x\n"u8.ToArray()), ("twk/tautan.yaml", Encoding.UTF8.GetBytes("/etc/passwd"))],
            e => e.ExternalAttributes = unchecked((int)0xA1FF_0000)), "tautan.zip"), Ct);   // a Unix symlink, mode 0120777

        Assert.Equal(["tautan.zip:1: entri 'bank.yaml' ditolak: tautan simbolik (symlink) tidak boleh", "tautan.zip:1: entri 'twk/tautan.yaml' ditolak: tautan simbolik (symlink) tidak boleh"], await ErrorsAsync(link));
        Assert.False(File.Exists(outside));
        Assert.False(File.Exists(Path.Combine("/tmp", escape)));
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task A_zip_bomb_an_oversized_entry_and_a_file_that_is_no_zip_are_refused_with_one_clear_error()
    {
        var client = await StartAsync();
        var random = new byte[11 * 1024 * 1024];
        new Random(4).NextBytes(random);

        var bomb = await client.PostAsync(Banks, Form(Zip([("bank/bank.yaml", "code: bom\n"u8.ToArray()), ("bank/twk/bom.yaml", new byte[60 * 1024 * 1024])]), "bom.zip"), Ct);
        var big = await client.PostAsync(Banks, Form(Zip([("bank/bank.yaml", "code: besar\n"u8.ToArray()), ("bank/tiu/gambar/besar.svg", random)]), "besar.zip"), Ct);
        var notZip = await client.PostAsync(Banks, Form(Encoding.UTF8.GetBytes("code: skd-contoh\ntitle: ini YAML, bukan zip\n"), "bank.zip"), Ct);
        var empty = await client.PostAsync(Banks, Form(Zip([("README.txt", "kosong"u8.ToArray())]), "kosong.zip"), Ct);

        Assert.Equal(["bom.zip:1: entri 'bank/twk/bom.yaml' mengembang lebih dari 100 kali ukuran terkompresinya (bom zip?); arsip ditolak"], await ErrorsAsync(bomb));
        Assert.Equal(["besar.zip:1: entri 'bank/tiu/gambar/besar.svg' lebih dari 10 MB setelah diekstrak; arsip ditolak"], await ErrorsAsync(big));
        Assert.Equal(["bank.zip:1: berkas bukan arsip .zip yang sah (rusak atau format lain); unggah folder bank yang dikompres sebagai .zip"], await ErrorsAsync(notZip));
        Assert.Equal(["kosong.zip:1: bank.yaml tidak ditemukan: arsip harus berisi satu folder bank (bank.yaml di akar arsip atau di dalam satu folder teratas)"], await ErrorsAsync(empty));
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.Action == "bank.rejected", Ct));
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task An_upload_over_the_request_limit_answers_413_with_a_message_and_is_not_read()
    {
        var client = await StartAsync();
        using var content = new MultipartFormDataContent { { new HugeContent(BanksApi.MaxRequestBytes + 1), "file", "besar.zip" } };

        var response = await client.PostAsync(Banks, content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = await JsonAsync(response);
        Assert.Equal("Unggahan terlalu besar", body.RootElement.GetProperty("title").GetString());
        Assert.Contains("100 MB", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task Anonymous_users_get_401_pengawas_get_403_and_a_post_without_the_antiforgery_token_gets_400()
    {
        var client = await StartAsync(signIn: false);
        var zip = Zip([("bank.yaml", "code: x\n"u8.ToArray())]);
        async Task<HttpStatusCode[]> AllAsync(Action<HttpRequestMessage> sign) =>
        [
            .. await Task.WhenAll(new[] { (HttpMethod.Get, Banks), (HttpMethod.Post, Banks), (HttpMethod.Post, Validate) }.Select(async r =>
            {
                using var request = new HttpRequestMessage(r.Item1, r.Item2) { Content = r.Item1 == HttpMethod.Post ? Form(zip) : null };
                sign(request);
                return (await client.SendAsync(request, Ct)).StatusCode;
            })),
        ];

        var anonymous = await AllAsync(_ => { });
        var pengawas = await AllAsync(r => { r.Headers.Add(UserHeader, "awas"); r.Headers.Add(HeaderAuthentication.RoleHeader, "pengawas"); });
        var noToken = await AllAsync(r => r.Headers.Add(UserHeader, "ketua"));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], anonymous);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], pengawas);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], noToken);
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        Assert.Equal(0, await db.AuditEntries.CountAsync(Ct));
    }

    [Fact]
    public async Task The_validate_route_checks_a_bank_and_stores_nothing()
    {
        var sample = SampleBank();
        var client = await StartAsync();

        var good = await client.PostAsync(Validate, Form(Zip(SampleEntries("skd-contoh/"))), Ct);
        var bad = await client.PostAsync(Validate, Form(Zip(SampleEntries("skd-contoh/", (rel, bytes) => rel == "tiu/gambar/TIU-FAN-001.svg" ? null : bytes))), Ct);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using (var body = await JsonAsync(good))
        {
            Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("id").ValueKind);
            Assert.Equal((false, sample.Hash, sample.Items.Count), (body.RootElement.GetProperty("created").GetBoolean(), body.RootElement.GetProperty("hash").GetString(), body.RootElement.GetProperty("itemCount").GetInt32()));
        }
        Assert.Single(await ErrorsAsync(bad));
        await using (var db = _database!.Open())
        {
            Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
            Assert.Equal(0, await db.BlueprintSnapshots.CountAsync(Ct));
            Assert.Equal(0, await db.AuditEntries.CountAsync(Ct));
        }

        // once stored, a check of the same bank names the version that already holds it
        using var stored = await JsonAsync(await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/"))), Ct));
        using var recheck = await JsonAsync(await client.PostAsync(Validate, Form(Zip(SampleEntries("skd-contoh/"))), Ct));
        Assert.Equal(stored.RootElement.GetProperty("id").GetInt32(), recheck.RootElement.GetProperty("id").GetInt32());
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task The_list_shows_each_version_with_the_sessions_using_it_and_a_locked_version_refuses_changes()
    {
        var sample = SampleBank();
        var client = await StartAsync();
        using var stored = await JsonAsync(await client.PostAsync(Banks, Form(Zip(SampleEntries("skd-contoh/"))), Ct));
        var id = stored.RootElement.GetProperty("id").GetInt32();
        await using (var db = _database!.Open())
        {
            var version = await db.BankVersions.SingleAsync(Ct);
            db.ExamSessions.Add(new ExamSession
            {
                Code = "S-001", Venue = "Kantor Regional", TimeZone = "WITA", BlueprintCode = "skd", BlueprintSnapshotId = version.BlueprintSnapshotId,
                BankVersionId = id, ThresholdSetCode = "skd-2024", Seed = ExamSession.NewSeed(),
            });
            await db.SaveChangesAsync(Ct);
            Assert.True(await BankVersions.LockAsync(db, id, Ct));
            Assert.True(await BankVersions.LockAsync(db, id, Ct));   // already locked: no-op, the triggers are not tripped
            Assert.False(await BankVersions.LockAsync(db, id + 1, Ct));
            var change = await Assert.ThrowsAnyAsync<Exception>(() => db.BankVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Title, "diubah"), Ct));
            Assert.Contains("bank version is locked", change.Message, StringComparison.Ordinal);
        }

        var list = await client.GetAsync(Banks, Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var body = await JsonAsync(list);
        var row = Assert.Single(body.RootElement.EnumerateArray().ToList());
        Assert.Equal((id, sample.Code, sample.Title, sample.Hash, sample.Items.Count, true), (row.GetProperty("id").GetInt32(), row.GetProperty("code").GetString(), row.GetProperty("title").GetString(), row.GetProperty("hash").GetString(), row.GetProperty("itemCount").GetInt32(), row.GetProperty("locked").GetBoolean()));
        Assert.Equal(["S-001"], row.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(TestDatabase.Start, row.GetProperty("importedAt").GetDateTimeOffset());
    }

    private static QuestionBank SampleBank()
    {
        var loaded = BankLoader.Load(TestPaths.SampleBank, new RulesCatalog(TestPaths.QuestionBanks).Blueprint);
        // these tests need the shipped sample bank: one that does not load fails them, it does not skip them
        Assert.True(loaded.Bank is not null, "the sample bank does not load: " + string.Join("; ", loaded.Errors.Take(3)));
        return loaded.Bank!;
    }

    private static int Count(QuestionBank bank, string subtest) => bank.Items.Count(i => i.Subtest == subtest);

    private static int LineOf(string relative, string text) =>
        File.ReadAllLines(Path.Combine(TestPaths.SampleBank, relative)).Select((line, i) => (line, i)).First(l => l.line.Contains(text, StringComparison.Ordinal)).i + 1;

    /// <summary>The sample bank's files under <paramref name="prefix"/>; <paramref name="edit"/> may change a file or drop it (null).</summary>
    private static List<(string Name, byte[] Bytes)> SampleEntries(string prefix, Func<string, byte[], byte[]?>? edit = null) =>
        [.. Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.SampleBank, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => (rel, bytes: edit is null ? File.ReadAllBytes(Path.Combine(TestPaths.SampleBank, rel)) : edit(rel, File.ReadAllBytes(Path.Combine(TestPaths.SampleBank, rel)))))
            .Where(f => f.bytes is not null)
            .Select(f => (prefix + f.rel, f.bytes!))];

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries, Action<ZipArchiveEntry>? tweak = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                tweak?.Invoke(entry);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name = "bank.zip")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

    private static async Task<List<string>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = await JsonAsync(response);
        return [.. body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Every temporary folder was removed, and nothing was written beside them.</summary>
    private void AssertNothingLeftBehind() => Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));

    /// <summary>A body that says it is <paramref name="size"/> bytes long and would stream zeros that long.</summary>
    private sealed class HugeContent(long size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _database?.Dispose();
        _temp.Dispose();
    }
}
