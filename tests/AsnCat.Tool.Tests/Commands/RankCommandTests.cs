namespace AsnCat.Tool.Tests.Commands;

public class RankCommandTests
{
    [Fact]
    public void Ranks_per_formation_with_shared_ranks_advance_limit_and_non_passers_last()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "formation_code,quota\nF-B,1\nF-A,1\n");
        var scores = dir.Write("scores.csv", """
            participant_number,formation_code,category,twk,tiu,tkp
            0005,F-A,umum,100,120,180
            0002,F-A,umum,100,120,180
            0003,F-A,umum,95,125,180
            0001,F-A,umum,90,100,170
            0009,F-A,umum,60,150,200
            0004,F-A,umum,70,80,166
            0006,F-A,umum,70,80,165
            0007,F-B,cumlaude,50,85,176
            0008,F-B,disabilitas,40,60,185
            """);
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", formations, "--thresholds", "skd-2024");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("""
            formation_code,rank,participant_number,category,twk,tiu,tkp,total,passed,advances
            F-A,1,0003,umum,95,125,180,400,true,true
            F-A,2,0002,umum,100,120,180,400,true,true
            F-A,2,0005,umum,100,120,180,400,true,true
            F-A,4,0001,umum,90,100,170,360,true,false
            F-A,5,0004,umum,70,80,166,316,true,false
            F-A,,0006,umum,70,80,165,315,false,false
            F-A,,0009,umum,60,150,200,410,false,false
            F-B,1,0007,cumlaude,50,85,176,311,true,true
            F-B,,0008,disabilitas,40,60,185,285,false,false

            """.ReplaceLineEndings("\n"), stdout);
    }

    [Fact]
    public void Codes_and_numbers_with_commas_quotes_and_line_breaks_are_quoted_in_the_output_and_nothing_else_changes()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "formation_code,quota\n\"Jalan \"\"Merdeka\"\"\",1\n");
        var scores = dir.Write("scores.csv", "participant_number,formation_code,category,twk,tiu,tkp\n"
            + "\"Siti Aminah, S.Pd.\",\"Jalan \"\"Merdeka\"\"\",umum,100,120,180\n"
            + "\"Bali\nNTB\",\"Jalan \"\"Merdeka\"\"\",umum,95,120,180\n"
            + "=1+1,\"Jalan \"\"Merdeka\"\"\",umum,90,120,180\n"
            + "Ñ,\"Jalan \"\"Merdeka\"\"\",umum,85,120,180\n");
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", formations, "--thresholds", "skd-2024");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("formation_code,rank,participant_number,category,twk,tiu,tkp,total,passed,advances\n"
            + "\"Jalan \"\"Merdeka\"\"\",1,\"Siti Aminah, S.Pd.\",umum,100,120,180,400,true,true\n"
            + "\"Jalan \"\"Merdeka\"\"\",2,\"Bali\nNTB\",umum,95,120,180,395,true,true\n"
            + "\"Jalan \"\"Merdeka\"\"\",3,=1+1,umum,90,120,180,390,true,true\n"
            + "\"Jalan \"\"Merdeka\"\"\",4,Ñ,umum,85,120,180,385,true,false\n", stdout);
    }

    [Fact]
    public void Ranks_pppk_2023_with_its_four_score_columns_and_the_formations_position()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "formation_code,quota,position\nPK-1,1,Pranata Komputer Ahli Pertama\n");
        var scores = dir.Write("scores.csv", """
            participant_number,formation_code,category,teknis,manajerial,sosiokultural,wawancara
            0001,PK-1,umum,315,60,57,24
            0002,PK-1,umum,314,80,70,30
            0003,PK-1,umum,400,60,56,30
            0004,PK-1,kebutuhan_khusus,100,30,30,10
            0005,PK-1,umum,330,70,60,30
            """);
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", formations, "--thresholds", "pppk-2023");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("""
            formation_code,rank,participant_number,category,teknis,manajerial,sosiokultural,wawancara,total,passed,advances
            PK-1,1,0005,umum,330,70,60,30,490,true,true
            PK-1,2,0001,umum,315,60,57,24,456,true,false
            PK-1,3,0004,kebutuhan_khusus,100,30,30,10,170,true,false
            PK-1,,0002,umum,314,80,70,30,494,false,false
            PK-1,,0003,umum,400,60,56,30,546,false,false

            """.ReplaceLineEndings("\n"), stdout);

        // a position missing from the table is named, nothing is ranked
        var other = dir.Write("other.csv", "formation_code,quota,position\nPK-1,1,Analis Data Ahli Muda\n");
        (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", other, "--thresholds", "pppk-2023");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{other}:2: position 'Analis Data Ahli Muda' tidak ada di tabel jabatan ambang batas pppk-2023", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rows_are_named_by_file_and_line_and_nothing_goes_to_stdout()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "formation_code,quota\nF-A,2\nF-A,1\n");
        var scores = dir.Write("scores.csv", """
            participant_number,formation_code,category,twk,tiu,tkp
            0001,F-A,umum,100,120,180
            0001,F-A,umum,100,120,180
            0002,F-X,umum,100,120,180
            0003,F-A,umumm,100,120,180
            0004,F-A,umum,155,120,180
            0005,F-A,umum,abc,120,180
            0006,F-A,umum,100,120
            """);
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", formations);
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{formations}:3: formation_code 'F-A' ganda", lines);
        Assert.Contains($"{scores}:3: participant_number '0001' ganda (pertama di baris 2)", lines);
        Assert.Contains($"{scores}:4: formation_code 'F-X' tidak ada di {formations}", lines);
        Assert.Contains(lines, l => l.StartsWith($"{scores}:5: category 'umumm' tidak dikenal", StringComparison.Ordinal));
        Assert.Contains($"{scores}:6: twk '155' harus bilangan bulat 0..150", lines);
        Assert.Contains($"{scores}:7: twk 'abc' harus bilangan bulat 0..150", lines);
        Assert.Contains(lines, l => l.StartsWith($"{scores}:8: 5 kolom, seharusnya 6", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_header_or_missing_file_is_an_error()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "kode,kuota\nF,1\n");
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", Path.Combine(dir.Path, "tidak-ada.csv"), "--formations", formations);
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{formations}:1: header harus 'formation_code,quota'", stderr, StringComparison.Ordinal);
        Assert.Contains("tidak-ada.csv:1: berkas tidak ditemukan", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_and_crlf_as_excel_writes_them_are_read()
    {
        using var dir = new TempDir();
        var formations = dir.Write("formations.csv", "\uFEFFformation_code,quota\r\n\"F,1\",1\r\n");
        var scores = dir.Write("scores.csv", "participant_number,formation_code,category,twk,tiu,tkp\r\n\"0001\",\"F,1\",umum,100,120,180\r\n");
        var (exit, stdout, stderr) = CliRunner.Run("rank", "--scores", scores, "--formations", formations);
        Assert.Equal((0, ""), (exit, stderr));
        Assert.EndsWith("\"F,1\",1,0001,umum,100,120,180,400,true,true\n", stdout, StringComparison.Ordinal);
    }
}
