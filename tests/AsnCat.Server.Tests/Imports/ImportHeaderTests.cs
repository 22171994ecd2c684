using AsnCat.Server.Imports;
namespace AsnCat.Server.Tests.Imports;

/// <summary>The templates' headers are Indonesian; files made from the earlier English templates are still accepted, and problems name the columns as the file does.</summary>
public sealed class ImportHeaderTests
{
    private static readonly string[] English = ["participant_number", "name", "nik", "birth_date", "formation_code", "category", "extra_minutes", "large_font", "screen_reader"];

    [Fact]
    public void The_templates_headers_are_indonesian()
    {
        Assert.Equal(["kode_formasi", "instansi", "jabatan", "lokasi", "kuota", "pendidikan"], ImportTemplates.Header(ImportKind.Formasi));
        Assert.Equal(["nomor_peserta", "nama", "nik", "tanggal_lahir", "kode_formasi", "kategori", "tambahan_menit", "huruf_besar", "pembaca_layar"],
            ImportTemplates.Header(ImportKind.Peserta));
        Assert.StartsWith("kode_formasi,instansi,", System.Text.Encoding.UTF8.GetString(ImportTemplates.Csv(ImportKind.Formasi)).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_the_indonesian_header_imports_and_its_problems_name_indonesian_columns()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportTemplates.Header(ImportKind.Formasi), GoodRows.Formations))).Problems);

        var good = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", ImportTemplates.Header(ImportKind.Peserta), GoodRows.Candidates[0]));
        Assert.Empty(good.Problems);
        Assert.Equal(1, good.Imported);

        string[] bad = [.. GoodRows.Candidates[1]];
        bad[3] = "1999-02-30";
        var refused = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta2.csv", ImportTemplates.Header(ImportKind.Peserta), bad));
        Assert.Equal([(2, "tanggal_lahir")], refused.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
    }

    [Fact]
    public async Task A_file_with_the_earlier_english_header_still_imports_and_its_problems_name_its_own_columns()
    {
        using var f = await ImportFixture.CreateAsync();
        string[] formasi = ["formation_code", "agency", "position", "location", "quota", "education"];
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Xlsx("formasi.xlsx", formasi, GoodRows.Formations), "formasi.xlsx")).Problems);

        var good = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", English, GoodRows.Candidates[0]));
        Assert.Empty(good.Problems);
        Assert.Equal(1, good.Imported);

        string[] bad = [.. GoodRows.Candidates[1]];
        bad[3] = "1999-02-30";
        var refused = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta2.csv", English, bad));
        Assert.Equal([(2, "birth_date")], refused.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
    }

    [Fact]
    public async Task A_header_mixing_the_two_languages_is_refused_naming_the_indonesian_header()
    {
        using var f = await ImportFixture.CreateAsync();
        string[] mixed = [.. ImportTemplates.Header(ImportKind.Peserta)];
        mixed[3] = "birth_date";

        var result = await f.ImportAsync(ImportKind.Peserta, f.Csv("campur.csv", mixed, GoodRows.Candidates[0]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Row);
        Assert.Contains("judul kolom harus nomor_peserta,nama,nik,tanggal_lahir,", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Imported);
    }
}
