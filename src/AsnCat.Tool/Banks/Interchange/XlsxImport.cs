using System.Globalization;
using System.IO.Compression;
using AsnCat.Scoring;
using ClosedXML.Excel;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>
/// Reads a bank sheet in the layout of <see cref="XlsxLayout"/>. The workbook is checked as a zip
/// first (<see cref="BankArchive.Inspect"/>: bombs, hostile names) and for DTDs in its XML parts,
/// before ClosedXML opens it.
/// </summary>
internal static class XlsxImport
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public const int MaxRows = 20_000;

    private static readonly string[] Required = ["Soal", "Opsi A", "Opsi B", "Opsi C", "Opsi D", "Opsi E"];

    public static SourceRead Read(string path, string source)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            return SourceRead.Refused([new FileError(source, 1, $"{SafeXml.TooLarge}: {length} bita, paling besar {MaxBytes / (1024 * 1024)} MB")]);
        }
        var errors = new List<FileError>();
        BankArchive.Inspect(path, source, errors);
        if (errors.Count == 0)
        {
            CheckParts(path, source, errors);
        }
        if (errors.Count > 0)
        {
            return SourceRead.Refused(errors);
        }
        try
        {
            using var workbook = new XLWorkbook(path);
            if (!workbook.TryGetWorksheet(XlsxLayout.ItemsSheet, out var sheet))
            {
                sheet = workbook.Worksheets.First();
            }
            return ReadSheet(sheet, Bank(workbook), Path.GetDirectoryName(Path.GetFullPath(path))!, source);
        }
        catch (RefusedException e)
        {
            return SourceRead.Refused([e.Error]);
        }
#pragma warning disable CA1031 // a damaged workbook may fail anywhere inside the zip, XML or OpenXML readers; each means "unreadable"
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return SourceRead.Refused([new FileError(source, 1, $"berkas .xlsx rusak atau bukan buku kerja Excel ({e.GetType().Name}); buka di Excel lalu simpan ulang sebagai \"Excel Workbook (.xlsx)\"")]);
        }
    }

    /// <summary>Refuses a workbook whose XML parts declare a DTD (OpenXML does not need one; XXE and entity bombs do).</summary>
    private static void CheckParts(string path, string source, List<FileError> errors)
    {
        using var zip = ZipFile.OpenRead(path);
        var buffer = new char[64 * 1024];
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
        {
            using var reader = new StreamReader(entry.Open());
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            if (new string(buffer, 0, read).Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new FileError(source, 1, $"{SafeXml.DtdRefused}: bagian '{entry.FullName}' memuat <!DOCTYPE> (XXE atau bom entitas); simpan ulang berkas dari Excel"));
            }
        }
    }

    private static BankInfo Bank(XLWorkbook workbook)
    {
        if (!workbook.TryGetWorksheet(XlsxLayout.BankSheet, out var sheet))
        {
            return new BankInfo(null, null, null);
        }
        string? Value(string key) => sheet.RowsUsed()
            .Where(r => string.Equals(r.Cell(1).GetString().Trim(), key, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Cell(2).GetString().Trim()).FirstOrDefault(v => v.Length > 0);
        return new BankInfo(Value("kode"), Value("judul"), Value("kisi-kisi"));
    }

    private static SourceRead ReadSheet(IXLWorksheet sheet, BankInfo bank, string root, string source)
    {
        var last = sheet.LastRowUsed()?.RowNumber() ?? 0;
        if (last > MaxRows + 1)
        {
            return SourceRead.Refused([new FileError(source, 1, $"lembar '{sheet.Name}' berisi {last - 1} baris, paling banyak {MaxRows}; pecah menjadi beberapa berkas")]);
        }
        var width = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var refusals = new List<FileError>();
        for (var c = 1; c <= width; c++)
        {
            var name = sheet.Cell(1, c).GetString().Trim();
            if (name.Length == 0)
            {
                continue;
            }
            if (XlsxLayout.Index(name) < 0)
            {
                refusals.Add(new FileError(source, 1, $"lembar '{sheet.Name}' kolom {c}: judul kolom '{name}' tidak dikenal (yang dikenal: {string.Join(", ", XlsxLayout.Columns.Select(x => x.Name))})"));
            }
            else if (!columns.TryAdd(XlsxLayout.Columns[XlsxLayout.Index(name)].Name, c))
            {
                refusals.Add(new FileError(source, 1, $"lembar '{sheet.Name}': kolom '{name}' ganda"));
            }
        }
        foreach (var required in Required.Where(r => !columns.ContainsKey(r)))
        {
            refusals.Add(new FileError(source, 1, $"lembar '{sheet.Name}': kolom wajib '{required}' tidak ada"));
        }
        if (refusals.Count > 0)
        {
            return SourceRead.Refused(refusals);
        }
        var items = new List<DraftItem>();
        var unsupported = new List<Unsupported>();
        for (var r = 2; r <= last; r++)
        {
            var problems = new List<string>();
            string? Cell(string column)
            {
                if (!columns.TryGetValue(column, out var c))
                {
                    return null;
                }
                var cell = sheet.Cell(r, c);
                if (cell.HasFormula)
                {
                    problems.Add($"kolom '{column}' berisi rumus; salin lalu tempel sebagai nilai");
                    return null;
                }
                var text = cell.Value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : cell.GetString();
                text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
                return text.Length == 0 ? null : text;
            }
            if (columns.Values.All(c => sheet.Cell(r, c).IsEmpty()))
            {
                continue;
            }
            var (item, label) = Row(r, Cell, root, source, problems);
            if (problems.Count > 0 || item is null)
            {
                unsupported.Add(new Unsupported(label, string.Join("; ", problems.Distinct())));
            }
            else
            {
                items.Add(item);
            }
        }
        return new SourceRead(items, unsupported, [], bank);
    }

    private static (DraftItem? Item, string Label) Row(int r, Func<string, string?> cell, string root, string source, List<string> problems)
    {
        var number = cell("Nomor");
        var subtest = cell("Subtes");
        var id = cell("ID Soal") ?? $"{subtest ?? "SOAL"}-{(int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : r - 1):000}";
        var label = $"baris {r} ({id})";
        Difficulty? difficulty = null;
        if (cell("Tingkat Kesulitan") is { } level)
        {
            if (BankLoader.TryDifficulty(level.ToLowerInvariant(), out var d))
            {
                difficulty = d;
            }
            else
            {
                problems.Add($"tingkat kesulitan '{level}' tidak dikenal (mudah, sedang atau sulit)");
            }
        }
        DraftImage? Image(string file, string alt)
        {
            if (cell(file) is not { } src)
            {
                return null;
            }
            var (image, problem) = ImageFiles.Find(root, root, src, cell(alt) ?? "", source);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            return image;
        }
        var options = new List<DraftOption>();
        for (var o = 0; o < Options.Count; o++)
        {
            var letter = Options.Letter(o);
            options.Add(new DraftOption(cell($"Opsi {letter}"), Image($"Gambar Opsi {letter}", $"Alt Gambar Opsi {letter}")));
        }
        int? correct = null;
        if (cell("Kunci") is { } key)
        {
            var k = key.ToUpperInvariant();
            if (k.Length == 1 && Options.Index(k[0]) >= 0)
            {
                correct = Options.Index(k[0]);
            }
            else
            {
                problems.Add($"kunci '{key}' harus satu huruf A-E (pilihan ganda dengan lebih dari satu jawaban benar tidak didukung)");
            }
        }
        var weights = Enumerable.Range(0, Options.Count).Select(o => cell($"Bobot {Options.Letter(o)}")).ToList();
        decimal[]? points = null;
        if (weights.Any(w => w is not null))
        {
            points = [.. weights.Select((w, o) => decimal.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : Bad(problems, $"bobot {Options.Letter(o)} '{w}' bukan angka"))];
        }
        var stem = cell("Soal");
        if (stem is null)
        {
            problems.Add("kolom Soal kosong");
        }
        var table = Table(cell("Judul Tabel"), cell("Tabel"), problems);
        var image = Image("File Gambar", "Alt Gambar");
        if (problems.Count > 0)
        {
            return (null, label);
        }
        return (new DraftItem(id, subtest, cell("Subtopik"), difficulty, stem!, table, image, options, new DraftScoring(correct, points), cell("Pembahasan")), label);
    }

    private static decimal Bad(List<string> problems, string problem)
    {
        problems.Add(problem);
        return 0;
    }

    private static ItemTable? Table(string? caption, string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        var rows = text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => (IReadOnlyList<string>)[.. l.Split(XlsxLayout.TableCell).Select(c => c.Trim())]).ToList();
        if (rows.Skip(1).Any(row => row.Count != rows[0].Count))
        {
            problems.Add($"baris tabel dengan jumlah sel berbeda dari baris judul ({rows[0].Count} sel dipisah '{XlsxLayout.TableCell}')");
            return null;
        }
        return new ItemTable(caption, rows[0], [.. rows.Skip(1)]);
    }
}
