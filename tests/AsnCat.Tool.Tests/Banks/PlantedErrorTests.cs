using AsnCat.Tool.Banks;

namespace AsnCat.Tool.Tests.Banks;

public class PlantedErrorTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    private const string Manifest = "code: uji\ntitle: Bank uji\nblueprint: skd\n";

    private const string GoodTwk = """
        subtest: TWK
        subtopic: nasionalisme
        items:
          - id: T-1
            difficulty: mudah
            stem: Soal satu
            options: { A: a, B: b, C: c, D: d, E: e }
            answer: B
        """;

    [Fact]
    public void A_good_small_bank_loads()
    {
        using var dir = new TempDir();
        dir.Write("bank.yaml", Manifest);
        dir.Write("twk/nasionalisme.yaml", GoodTwk);
        var result = BankLoader.Load(dir.Path, Catalog.Blueprint);
        Assert.Empty(result.Errors);
        Assert.Equal("T-1", Assert.Single(result.Bank!.Items).Id);
        Assert.Equal(1, result.Bank.Items[0].Answer);
    }

    [Fact]
    public void Every_planted_error_is_reported_with_its_file_and_line_and_nothing_loads()
    {
        using var dir = new TempDir();
        dir.Write("bank.yaml", Manifest);
        dir.Write("twk/nasionalisme.yaml", GoodTwk);
        var twk = dir.Write("twk/salah.yaml", """
            subtest: TWK
            subtopic: nasionalisme
            items:
              - id: T-1
                difficulty: mudah
                stem: Id ganda
                options: { A: a, B: b, C: c, D: d, E: e }
                answer: A
              - id: T-2
                difficulty: sedang
                stem: Opsi E hilang
                options: { A: a, B: b, C: c, D: d }
                answer: A
              - id: T-3
                difficulty: sulit
                stem: Dua jawaban benar
                options: { A: a, B: b, C: c, D: d, E: e }
                answer: [A, C]
              - id: T-4
                difficulty: mudah
                stem: ""
                options: { A: a, B: b, C: c, D: d, E: e }
                answer: C
              - id: T-5
                difficulty: mudah
                stem: Gambar hilang
                image: { file: gambar/tidak-ada.svg, alt: tidak ada }
                options: { A: a, B: b, C: c, D: d, E: e }
                answer: D
              - id: T-6
                difficulty: gampang
                stem: Tingkat salah dan kunci salah ketik
                options: { A: a, B: b, C: c, D: d, E: e }
                anwser: E
            """);
        var tkp = dir.Write("tkp/pelayanan.yaml", """
            subtest: TKP
            subtopic: pelayanan-publik
            items:
              - id: K-1
                difficulty: mudah
                stem: Bobot bukan permutasi
                options: { A: a, B: b, C: c, D: d, E: e }
                weights: { A: 5, B: 5, C: 3, D: 2, E: 1 }
            """);
        var unknownTopic = dir.Write("tiu/x.yaml", """
            subtest: TIU
            subtopic: numerik-ajaib
            items:
              - id: U-1
                difficulty: mudah
                stem: Subtopik tidak dikenal
                options: { A: a, B: b, C: c, D: d, E: e }
                answer: A
            """);
        var unknownSubtest = dir.Write("xyz/x.yaml", """
            subtest: TWX
            subtopic: nasionalisme
            items: []
            """);

        var result = BankLoader.Load(dir.Path, Catalog.Blueprint);
        Assert.Null(result.Bank);
        var lines = result.Errors.Select(e => e.ToString()).ToList();
        void Has(string path, int line, string fragment) =>
            Assert.Contains(lines, l => l.StartsWith($"{path}:{line}: ", StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal));

        Has(twk, 4, "id 'T-1' ganda");
        Has(twk, 12, "opsi E tidak ada");
        Has(twk, 18, "lebih dari satu jawaban benar");
        Has(twk, 21, "'stem' tidak boleh kosong");
        Has(twk, 27, "berkas gambar 'gambar/tidak-ada.svg' tidak ditemukan");
        Has(twk, 31, "difficulty 'gampang' tidak dikenal");
        Has(twk, 34, "kunci 'anwser' tidak dikenal");
        Has(twk, 30, "kunci jawaban 'answer' wajib diisi");
        Has(tkp, 8, "bobot harus permutasi 1..5");
        Has(unknownTopic, 2, "subtopik 'numerik-ajaib' tidak ada di subtes TIU");
        Has(unknownSubtest, 1, "subtes 'TWX' tidak ada di kisi-kisi skd");
        Assert.Equal(12, lines.Count);
    }

    [Fact]
    public void Broken_yaml_is_reported_at_its_line()
    {
        using var dir = new TempDir();
        dir.Write("bank.yaml", Manifest);
        var bad = dir.Write("twk/rusak.yaml", "subtest: TWK\nsubtopic: nasionalisme\nitems:\n  - id: T-9\n    stem: \"tidak ditutup\n    difficulty: mudah\n");
        var result = BankLoader.Load(dir.Path, Catalog.Blueprint);
        Assert.Null(result.Bank);
        var e = Assert.Single(result.Errors);
        Assert.Equal(bad, e.Path);
        Assert.InRange(e.Line, 5, 7);
        Assert.Contains("YAML tidak valid", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../luar.svg")]
    [InlineData("/etc/passwd.svg")]
    [InlineData("gambar/../../x.svg")]
    public void Image_paths_cannot_leave_the_bank_folder(string file)
    {
        using var dir = new TempDir();
        dir.Write("bank.yaml", Manifest);
        var path = dir.Write("twk/n.yaml", GoodTwk.Replace("    stem: Soal satu", $"    stem: Soal satu\n    image: {{ file: \"{file}\", alt: x }}", StringComparison.Ordinal));
        var result = BankLoader.Load(dir.Path, Catalog.Blueprint);
        Assert.Null(result.Bank);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains("jalur relatif", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_manifest_or_unknown_blueprint_is_named()
    {
        using var dir = new TempDir();
        Assert.Contains("bank.yaml tidak ada", BankLoader.Load(dir.Path, Catalog.Blueprint).Errors.Single().Message, StringComparison.Ordinal);
        dir.Write("bank.yaml", "code: x\ntitle: y\nblueprint: skdd\n");
        var e = BankLoader.Load(dir.Path, Catalog.Blueprint).Errors.Single();
        Assert.Equal((3, "kisi-kisi 'skdd' tidak dikenal"), (e.Line, e.Message));
    }
}
