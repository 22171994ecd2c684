using System.IO.Compression;
using System.Text;
using AsnCat.Server.Banks;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Final;
using AsnCat.Server.Tests.Imports;
using AsnCat.Tool.Banks;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// Damaged and hostile uploads (bank .zip, .xlsx and CSV imports, SKB scores), made by seeded
/// mutations of real valid files: every one ends either stored whole or refused with a readable
/// Indonesian message, never an exception, and a refusal leaves the database as it was.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    /// <summary>Text a mutation splices into a file: structure breakers, injections, oversized cells.</summary>
    private static readonly string[] Splices =
    [
        "\"", ",", "\r\n", "\n\"\"\n", "\0", "\t", "\u001b[2J", "\uFEFF", "=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)",
        "'; DROP TABLE Candidates;--", "\" OR 1=1 --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
        new('9', 70_000), new string('"', 3) + new string('a', 5000), "\uD800", "ÿþ", "P-0001",
    ];

    private readonly TempDir _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(ImportKind.Formasi, "csv")]
    [InlineData(ImportKind.Formasi, "xlsx")]
    [InlineData(ImportKind.Peserta, "csv")]
    [InlineData(ImportKind.Peserta, "xlsx")]
    public async Task Mutated_import_files_are_stored_whole_or_refused_with_a_message_and_change_nothing(ImportKind kind, string format)
    {
        using var f = await ImportFixture.CreateAsync();
        if (kind == ImportKind.Peserta)
        {
            Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("f.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        }
        var header = ImportTemplates.Header(kind);
        var rows = kind == ImportKind.Formasi ? GoodRows.Formations : GoodRows.Candidates;
        var valid = format == "csv" ? f.Csv("baik.csv", header, rows) : f.Xlsx("baik.xlsx", header, rows);
        var random = new Random(HashCode.Combine((int)kind, format.Length) + 20261123);
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            var (bytes, how) = i % 4 == 3 && format == "xlsx" ? CellMutation(f, header, rows, random) : Mutate(valid, random);
            await using var db = f.Database.Open();
            var before = await DbDigest.OfAsync(db);
            var audits = await db.AuditEntries.CountAsync(Ct);
            ImportResult result;
            try
            {
                result = await f.ImportAsync(kind, bytes, "unggahan." + format);
            }
#pragma warning disable CA1031 // the property under test is exactly that nothing escapes
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"#{i} {how}: {e.GetType().Name}: {e.Message}");
                continue;
            }
            Assert.Equal(audits + 1, await db.AuditEntries.CountAsync(Ct));
            if (result.Succeeded)
            {
                Assert.Equal(result.Rows, result.Imported);
                outcomes["stored"] = outcomes.GetValueOrDefault("stored") + 1;
                continue;
            }
            outcomes["refused"] = outcomes.GetValueOrDefault("refused") + 1;
            Assert.Equal(0, result.Imported);
            Assert.All(result.Problems, p => AssertReadable(p.Message, $"#{i} {how}"));
            Assert.Equal(before, await DbDigest.OfAsync(db));
        }
        Assert.Empty(failures);
        Assert.True(outcomes.GetValueOrDefault("refused") >= 20, string.Join(", ", outcomes));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Mutated_SKB_score_files_are_stored_whole_or_refused_with_a_message_and_change_nothing(string format)
    {
        using var f = await FinalFixture.CreateAsync();
        string[][] rows = [["A09", "87.125", "3.50"], ["A10", "87,5", "3,4"], ["A11", "100", ""], ["A12", "0", "4.00"]];
        var valid = format == "csv" ? f.Csv("baik.csv", rows) : f.Xlsx("baik.xlsx", rows);
        var random = new Random(format.Length + 6);
        var failures = new List<string>();
        var refused = 0;
        for (var i = 0; i < 30; i++)
        {
            var (bytes, how) = Mutate(valid, random);
            await using var db = f.Results.Database.Open();
            var before = await DbDigest.OfAsync(db);
            ImportResult result;
            try
            {
                result = await f.ImportAsync(bytes, "nilai-skb." + format);
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"#{i} {how}: {e.GetType().Name}: {e.Message}");
                continue;
            }
            if (result.Succeeded)
            {
                // stored whole: the next mutation is checked against the new state
                Assert.Equal(result.Rows, result.Imported);
                continue;
            }
            refused++;
            Assert.All(result.Problems, p => AssertReadable(p.Message, $"#{i} {how}"));
            Assert.Equal(before, await DbDigest.OfAsync(db));
        }
        Assert.Empty(failures);
        Assert.True(refused >= 15, $"only {refused} of 30 mutations were refused");
    }

    [Fact]
    public async Task Hostile_workbooks_a_wrong_sheet_formulas_huge_cells_and_a_zip_bomb_are_refused_with_their_reason()
    {
        using var f = await ImportFixture.CreateAsync();
        var header = ImportFixture.FormasiHeader;
        await using var db = f.Database.Open();
        var before = await DbDigest.OfAsync(db);

        var wrongSheet = Workbook(book =>
        {
            book.Worksheets.Add("kosong");
            var data = book.Worksheets.Add("data");
            for (var c = 0; c < header.Length; c++)
            {
                data.Cell(1, c + 1).SetValue(header[c]);
            }
        });
        var formula = f.Xlsx("rumus.xlsx", sheet =>
        {
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(header[c]);
            }
            sheet.Cell(2, 1).SetValue("F-1");
            sheet.Cell(2, 2).FormulaA1 = "HYPERLINK(\"http://contoh.invalid\",\"klik\")";
            for (var c = 3; c <= header.Length; c++)
            {
                sheet.Cell(2, c).SetValue("1");
            }
        });
        var huge = f.Xlsx("besar.xlsx", header, ["F-2", new string('A', 32_000), "Analis", "Jakarta", "1", "S-1"]);
        var bomb = Bomb(header);

        var results = new List<ImportResult>();
        foreach (var (bytes, name) in new[] { (wrongSheet, "lembar.xlsx"), (formula, "rumus.xlsx"), (huge, "besar.xlsx"), (bomb, "bom.xlsx") })
        {
            results.Add(await f.ImportAsync(ImportKind.Formasi, bytes, name));
        }

        Assert.Equal("lembar pertama kosong; judul kolom yang diharapkan: " + string.Join(",", header), Assert.Single(results[0].Problems).Message);
        Assert.Equal((2, "instansi", "sel berisi rumus; salin lalu tempel sebagai nilai"), Single(results[1]));
        Assert.Equal((2, "instansi", "paling banyak 300 karakter (tertulis 32000)"), Single(results[2]));
        Assert.Equal("isi berkas .xlsx terlalu besar", Assert.Single(results[3].Problems).Message);
        Assert.Equal(before, await DbDigest.OfAsync(db));
        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.Action == "import.formations", Ct));
    }

    [Fact]
    public async Task Mutated_bank_archives_are_refused_with_file_and_line_and_store_nothing()
    {
        var files = Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories)
            .Select(p => (Name: "skd-contoh/" + Path.GetRelativePath(TestPaths.SampleBank, p).Replace('\\', '/'), Bytes: File.ReadAllBytes(p)))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var yamls = files.Select((e, i) => (e.Name, i)).Where(e => e.Name.EndsWith(".yaml", StringComparison.Ordinal)).Select(e => e.i).ToList();
        using var database = await TestDatabase.CreateAsync();
        var upload = new BankUpload(new TestDbFactory(database), new RulesCatalog(TestPaths.QuestionBanks), database.Time, NullLogger<BankUpload>.Instance) { TempRoot = _temp.Path };
        await using var db = database.Open();
        var before = await DbDigest.OfAsync(db);
        var random = new Random(611);
        var failures = new List<string>();
        var stored = 0;
        for (var i = 0; i < 24; i++)
        {
            // a YAML file mutated inside an otherwise intact archive (the loader's ground), or the archive's bytes themselves
            var entries = files.ToList();
            string how;
            byte[] zip;
            if (i % 3 == 2)
            {
                (zip, how) = Mutate(Zip(entries), random);
            }
            else
            {
                var target = yamls[random.Next(yamls.Count)];
                var (bytes, change) = Mutate(entries[target].Bytes, random, textOnly: true);
                entries[target] = (entries[target].Name, bytes);
                (zip, how) = (Zip(entries), $"{entries[target].Name}: {change}");
            }
            BankUploadResult result;
            try
            {
                result = await upload.ImportAsync(new MemoryStream(zip), "bank.zip", "admin-uji", "127.0.0.1", Ct);
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"#{i} {how}: {e.GetType().Name}: {e.Message}");
                continue;
            }
            if (result.Succeeded)
            {
                stored += result.Bank!.Created ? 1 : 0;   // a change the loader rightly accepts (a comment, a letter in a stem): stored whole
                continue;
            }
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => AssertReadable(e.ToString(), $"#{i} {how}"));
            Assert.All(result.Errors, e => Assert.DoesNotContain(_temp.Path, e.ToString(), StringComparison.Ordinal));
        }
        Assert.Empty(failures);
        // refusals stored nothing: only the versions that were accepted whole are there
        Assert.Equal(stored, await db.BankVersions.CountAsync(Ct));
        if (stored == 0)
        {
            Assert.Equal(before, await DbDigest.OfAsync(db));
        }
        Assert.Equal(24 - stored, await db.AuditEntries.CountAsync(a => a.Action == "bank.rejected", Ct) + await db.AuditEntries.CountAsync(a => a.Action == "bank.imported" && a.Details!.Contains("already-stored"), Ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task A_bank_file_nested_thousands_deep_is_refused_before_it_can_overflow_the_stack()
    {
        using var database = await TestDatabase.CreateAsync();
        var upload = new BankUpload(new TestDbFactory(database), new RulesCatalog(TestPaths.QuestionBanks), database.Time, NullLogger<BankUpload>.Instance) { TempRoot = _temp.Path };
        var deep = "subtest: TWK\nsubtopic: nasionalisme\nitems: " + new string('[', 200_000) + "\n";
        var zip = Zip([("bank.yaml", "code: dalam\ntitle: Dalam\nblueprint: skd\n"u8.ToArray()), ("twk/dalam.yaml", Encoding.UTF8.GetBytes(deep))]);

        var result = await upload.ImportAsync(new MemoryStream(zip), "dalam.zip", "admin-uji", "127.0.0.1", Ct);

        Assert.Equal("twk/dalam.yaml:3: YAML bersarang lebih dari 64 tingkat; berkas ditolak", Assert.Single(result.Errors).ToString());
        await using var db = database.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        Assert.Equal("bank.rejected", (await db.AuditEntries.SingleAsync(Ct)).Action);
    }

    [Fact]
    public async Task Archive_entries_that_escape_collide_or_are_special_are_refused_and_nothing_is_written_outside()
    {
        using var database = await TestDatabase.CreateAsync();
        var upload = new BankUpload(new TestDbFactory(database), new RulesCatalog(TestPaths.QuestionBanks), database.Time, NullLogger<BankUpload>.Instance) { TempRoot = _temp.Path };
        var manifest = "code: jahat\ntitle: Jahat\nblueprint: skd\n"u8.ToArray();
        var escape = "lolos-" + Guid.NewGuid().ToString("N") + ".yaml";
        var cases = new (string Name, (string Entry, byte[] Bytes, int Mode)[] Entries, string Error)[]
        {
            ("ganda.zip", [("bank.yaml", manifest, 0), ("bank.yaml", manifest, 0)], "ganda.zip:1: entri 'bank.yaml' ditolak: nama ganda di dalam arsip"),
            ("garis-miring.zip", [("bank.yaml", manifest, 0), ("twk/a.yaml", manifest, 0), ("twk\\a.yaml", manifest, 0)], "garis-miring.zip:1: entri 'twk\\a.yaml' ditolak: nama ganda di dalam arsip"),
            ("titik.zip", [("bank.yaml", manifest, 0), ("./twk/./../../" + escape, manifest, 0)], $"titik.zip:1: entri './twk/./../../{escape}' ditolak: segmen '..' tidak boleh (keluar dari folder bank)"),
            ("unc.zip", [("bank.yaml", manifest, 0), ("\\\\server\\share\\" + escape, manifest, 0)], $"unc.zip:1: entri '\\\\server\\share\\{escape}' ditolak: jalur absolut atau huruf drive tidak boleh; semua entri harus relatif terhadap folder bank"),
            ("nul.zip", [("bank.yaml", manifest, 0), ("twk/a\0.yaml", manifest, 0)], "nul.zip:1: entri 'twk/a\0.yaml' ditolak: nama kosong atau berisi karakter kendali"),
            ("perangkat.zip", [("bank.yaml", manifest, 0), ("twk/zero", manifest, 0x2000)], "perangkat.zip:1: entri 'twk/zero' ditolak: bukan berkas atau folder biasa"),
            ("tautan.zip", [("bank.yaml", manifest, 0), ("twk", "/etc"u8.ToArray(), 0xA000)], "tautan.zip:1: entri 'twk' ditolak: tautan simbolik (symlink) tidak boleh"),
        };
        await using var db = database.Open();
        var before = await DbDigest.OfAsync(db);
        foreach (var (name, entries, error) in cases)
        {
            var zip = Zip(entries.Select(e => (e.Entry, e.Bytes)), (entry, index) => entry.ExternalAttributes = entries[index].Mode == 0 ? 0 : (entries[index].Mode | 0x1FF) << 16);
            var result = await upload.ImportAsync(new MemoryStream(zip), name, "admin-uji", "127.0.0.1", Ct);
            Assert.Equal(error, Assert.Single(result.Errors).ToString());
            Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
        }
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_temp.Path)!, escape)));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), escape)));
        Assert.Equal(before, await DbDigest.OfAsync(db));
        Assert.Equal(cases.Length, await db.AuditEntries.CountAsync(a => a.Action == "bank.rejected", Ct));
    }

    private static (int?, string?, string) Single(ImportResult result)
    {
        var p = Assert.Single(result.Problems);
        return (p.Row, p.Column, p.Message);
    }

    /// <summary>A message a committee member can act on: Indonesian text, no exception names, stack frames or temp paths.</summary>
    private static void AssertReadable(string message, string context)
    {
        Assert.False(string.IsNullOrWhiteSpace(message), context);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("asncat-bank-", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Object reference", message, StringComparison.Ordinal);
    }

    /// <summary>One seeded mutation: truncation, byte flips, a splice of hostile text, a repeated slice.</summary>
    private static (byte[] Bytes, string How) Mutate(byte[] source, Random random, bool textOnly = false)
    {
        var bytes = source.ToList();
        switch (random.Next(textOnly ? 3 : 4))
        {
            case 0:
                var at = random.Next(1, bytes.Count);
                return ([.. bytes.Take(at)], $"truncated at {at}");
            case 1:
                var splice = Splices[random.Next(Splices.Length)];
                var where = random.Next(bytes.Count);
                bytes.InsertRange(where, Encoding.UTF8.GetBytes(splice));
                return ([.. bytes], $"spliced {Describe(splice)} at {where}");
            case 2:
                var from = random.Next(bytes.Count);
                var length = Math.Min(random.Next(1, 200), bytes.Count - from);
                var into = random.Next(bytes.Count);
                bytes.InsertRange(into, bytes.GetRange(from, length));
                return ([.. bytes], $"repeated {length} bytes from {from} at {into}");
            default:
                var flips = random.Next(1, 9);
                var positions = new List<int>();
                for (var k = 0; k < flips; k++)
                {
                    var p = random.Next(bytes.Count);
                    bytes[p] ^= (byte)random.Next(1, 256);
                    positions.Add(p);
                }
                return ([.. bytes], $"flipped bytes at {string.Join(",", positions)}");
        }
    }

    /// <summary>A well-formed workbook whose cells are replaced at random by hostile values.</summary>
    private static (byte[] Bytes, string How) CellMutation(ImportFixture f, string[] header, string[][] rows, Random random)
    {
        var mutated = rows.Select(r => r.ToArray()).ToArray();
        var changes = new List<string>();
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            var (r, c) = (random.Next(mutated.Length), random.Next(header.Length));
            var value = Splices[random.Next(Splices.Length)];
            // what a workbook can hold at all: no lone surrogate, at most 32,767 characters a cell
            mutated[r][c] = value.Contains('\uD800', StringComparison.Ordinal) ? "x" : value.Length > 32_767 ? value[..32_767] : value;
            changes.Add($"{header[c]}@{r + 2}={Describe(value)}");
        }
        return (f.Xlsx($"sel-{Guid.NewGuid():N}.xlsx", header, mutated), "cells " + string.Join("; ", changes));
    }

    private static string Describe(string s) => s.Length > 20 ? $"{s[..10]}…({s.Length} chars)" : s.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private byte[] Workbook(Action<XLWorkbook> fill)
    {
        var path = Path.Combine(_temp.Path, $"buku-{Guid.NewGuid():N}.xlsx");
        using (var book = new XLWorkbook())
        {
            fill(book);
            book.SaveAs(path);
        }
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    /// <summary>A tiny valid-looking workbook whose sheet inflates past the 400 MB the reader accepts.</summary>
    private static byte[] Bomb(string[] header)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Add("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            sheet.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><worksheet><sheetData><row><c t=\"inlineStr\"><is><t>" + string.Join(",", header)));
            var blank = new byte[1024 * 1024];
            Array.Fill(blank, (byte)' ');
            for (var i = 0; i < 401; i++)
            {
                sheet.Write(blank);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries, Action<ZipArchiveEntry, int>? tweak = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var index = 0;
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                tweak?.Invoke(entry, index++);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }
}
