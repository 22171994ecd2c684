using System.Text.Json.Nodes;
using AsnCat.Tool.Tests.Commands;
namespace AsnCat.Tool.Tests.Verification;

/// <summary>
/// <c>verify --national</c>: the publication re-derived from the venue bundles it names. The
/// correct publication passes; each kind of mismatch fails with a line naming where.
/// </summary>
public sealed class NationalVerifyTests : IDisposable
{
    private readonly NationalFiles _f = new();

    public void Dispose() => _f.Dispose();

    private (int Exit, string Out, string Err) Verify(JsonNode publication, params string[] bundles) =>
        CliRunner.Run(["verify", "--national", _f.WritePublication(publication), .. bundles]);

    private static JsonNode Row(JsonNode publication, int formation, string number) =>
        publication["formations"]![formation]!["rows"]!.AsArray().First(r => r!["participantNumber"]!.GetValue<string>() == number
            && r["fromFormation"] is null)!;

    [Fact]
    public void The_correct_publication_with_both_bundles_is_re_derived_row_by_row_and_passes()
    {
        var (exit, output, error) = Verify(_f.Publication, _f.SessionA, _f.SessionB);
        Assert.True(exit == 0, output + error);
        Assert.Equal("", error);
        Assert.Contains("Hasil: LULUS PEMERIKSAAN", output, StringComparison.Ordinal);       // each bundle's own report as before
        Assert.Contains("[OK] bundel sesi S-A (lokasi Lokasi A): ", output, StringComparison.Ordinal);
        Assert.Contains("[OK] bundel sesi S-B (lokasi Lokasi B): ", output, StringComparison.Ordinal);
        Assert.Contains("[OK] formasi F-1: 7 baris diturunkan ulang dari bundel sesi S-A, S-B (ambang batas skd-2024, kuota 1)", output, StringComparison.Ordinal);
        Assert.Contains("[OK] formasi F-2: 2 baris", output, StringComparison.Ordinal);
        Assert.Contains("[OK] optimalisasi formasi F-2: 1 baris dari formasi F-1", output, StringComparison.Ordinal);
        Assert.Contains("[CATATAN] aturan optimalisasi: berkas aturannya", output, StringComparison.Ordinal);
        Assert.Contains("[OK] seleksi: 9 peserta (masing-masing sekali), 1 ujian lebih dari sekali", output, StringComparison.Ordinal);
        Assert.EndsWith("Hasil nasional: LULUS PEMERIKSAAN (6 pemeriksaan)\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_rank_fails_naming_the_formation_the_row_and_both_values()
    {
        var p = _f.Copy();
        Row(p, 0, "N-01")["rank"] = 1;
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("[GAGAL] formasi F-1: 1 selisih", output, StringComparison.Ordinal);
        Assert.Contains("  formations[0] (F-1).rows[1] (N-01).rank: dari bundel 2, publikasi 1", output, StringComparison.Ordinal);
        Assert.Contains("Hasil nasional: GAGAL (1 dari 6 pemeriksaan)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_of_a_row_is_compared_and_a_missing_or_extra_row_is_named()
    {
        var p = _f.Copy();
        var n02 = Row(p, 0, "N-02");
        n02["advances"] = false;
        n02["outcome"] = "tidak_lulus";
        n02["passed"] = false;
        n02["category"] = "cumlaude";
        n02["total"] = 361;
        n02["scores"]!["TWK"] = 91;
        var rows = p["formations"]![1]!["rows"]!.AsArray();
        rows.Remove(rows.First(r => r!["participantNumber"]!.GetValue<string>() == "N-09"));
        rows.Insert(0, JsonNode.Parse("""{"participantNumber":"N-99","category":"umum","rank":1,"scores":null,"total":null,"passed":true,"advances":true,"outcome":"lulus","finishedAttempts":1,"fromFormation":null}"""));
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        foreach (var line in new[]
        {
            "formations[0] (F-1).rows[2] (N-02).passed: dari bundel ya, publikasi tidak",
            "formations[0] (F-1).rows[2] (N-02).advances: dari bundel ya, publikasi tidak",
            "formations[0] (F-1).rows[2] (N-02).outcome: dari bundel lulus, publikasi tidak_lulus",
            "formations[0] (F-1).rows[2] (N-02).total: dari bundel 360, publikasi 361",
            "formations[0] (F-1).rows[2] (N-02).scores: dari bundel TIU=100;TKP=170;TWK=90, publikasi TIU=100;TKP=170;TWK=91",
            "formations[0] (F-1).rows[2] (N-02).category: dari bundel umum, publikasi cumlaude",
            "formations[1] (F-2).rows[0] (N-99): tidak ada di bundel yang disebut publikasi dan diberikan",
            "formations[1] (F-2): peserta N-09 (sesi S-B, lulus) ada di bundel, tetapi tidak ada barisnya di publikasi",
        })
        {
            Assert.Contains("  " + line, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bundle_whose_bytes_differ_from_the_accepted_one_fails_and_tells_to_download_the_named_bundle()
    {
        File.AppendAllText(_f.SessionB, "\n");   // same JSON, other bytes: verifies alone, is not what the centre accepted
        var (exit, output, _) = Verify(_f.Publication, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("Hasil: LULUS PEMERIKSAAN", output, StringComparison.Ordinal);
        Assert.Contains($"[GAGAL] bundel sesi S-B (lokasi Lokasi B): {_f.SessionB} (sha256 ", output, StringComparison.Ordinal);
        Assert.Contains("bukan bundel yang diterima pusat", output, StringComparison.Ordinal);
        Assert.Contains("Unduh bundel yang disebut publikasi (sesi S-B, sha256 ", output, StringComparison.Ordinal);
        Assert.Contains("bertumpu pada sesi S-B (lokasi Lokasi B), yang bundelnya berkasnya berbeda dari yang diterima pusat", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bundle_fails_naming_its_session_and_venue_and_the_formations_resting_on_it()
    {
        var (exit, output, _) = Verify(_f.Publication, _f.SessionA);
        Assert.Equal(1, exit);
        Assert.Contains("[GAGAL] bundel sesi S-B (lokasi Lokasi B): tidak diberikan. Unduh bundel yang disebut publikasi", output, StringComparison.Ordinal);
        Assert.Contains("[GAGAL] formasi F-2: ", output, StringComparison.Ordinal);
        Assert.Contains("formasi ini mungkin bertumpu pada sesi S-B (lokasi Lokasi B), yang bundelnya tidak diberikan", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ledger_head_that_differs_from_the_bundle_fails()
    {
        var p = _f.Copy();
        p["bundles"]![0]!["ledgerHead"] = new string('f', 64);
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("[GAGAL] bundel sesi S-A (lokasi Lokasi A): ", output, StringComparison.Ordinal);
        Assert.Contains($"  bundles[0].ledgerHead: publikasi {new string('f', 64)}, bundel {_f.SessionA} {NationalFiles.Head(_f.SessionA)}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_not_accepted_at_the_centre_is_reported_and_its_formations_cannot_be_re_derived()
    {
        var p = _f.Copy();
        p["bundles"]![1]!["sha256"] = null;
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("[GAGAL] bundel sesi S-B (lokasi Lokasi B): bundles[1].sha256 null: bundel sesi ini belum diterima pusat", output, StringComparison.Ordinal);
        Assert.Contains($"Berkas {_f.SessionB} tidak dipakai", output, StringComparison.Ordinal);
        Assert.Contains("formasi ini bertumpu pada sesi S-B (lokasi Lokasi B), yang bundelnya belum diterima pusat", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_the_publication_does_not_name_is_said_to_be_unused_and_does_not_change_the_ranking()
    {
        var other = _f.WriteBundle("S-C", "Lokasi C", "2026-11-25T03:00:00.0000000Z", [NationalFiles.Sat("N-10", "F-1", [150, 175, 225])]);
        var (exit, output, error) = Verify(_f.Publication, _f.SessionA, _f.SessionB, other);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"[LEWATI] bundel {other}: sesi S-C (lokasi Lokasi C), sha256 ", output, StringComparison.Ordinal);
        Assert.Contains("tidak disebut publikasi; tidak dipakai untuk menurunkan ulang peringkat", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_attempt_in_a_later_session_is_flagged_and_only_the_first_counts()
    {
        // a centre that counted the better, later attempt of N-05 (S-B) and did not flag it
        var p = _f.Copy();
        var n05 = Row(p, 0, "N-05");
        n05["scores"] = new JsonObject { ["TWK"] = 120, ["TIU"] = 150, ["TKP"] = 200 };
        n05["total"] = 470;
        n05["finishedAttempts"] = 1;
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("  formations[0] (F-1).rows[3] (N-05).total: dari bundel 340, publikasi 470", output, StringComparison.Ordinal);
        Assert.Contains("  formations[0] (F-1).rows[3] (N-05).finishedAttempts: dari bundel 2 (ujian lebih dari sekali; yang pertama dihitung), publikasi 1", output, StringComparison.Ordinal);
        // absent at S-A, then sat at S-B: one attempt, the S-B scores (not flagged) — the correct publication says so and passes
        Assert.DoesNotContain("(N-04)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_formation_quota_other_than_the_bundles_fails()
    {
        var p = _f.Copy();
        p["formations"]![1]!["quota"] = 2;
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("  formations[1] (F-2).quota: bundel 1, publikasi 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimalisasi_rows_are_checked_against_the_own_formation_the_positions_and_the_unfilled_places()
    {
        var p = _f.Copy();
        var rows = p["formations"]![1]!["rows"]!.AsArray();
        // N-02 advances in F-1: not a candidate for optimalisasi; and F-2 has one unfilled place, not two
        rows.Add(JsonNode.Parse("""{"participantNumber":"N-02","category":"umum","rank":null,"scores":{"TWK":90,"TIU":100,"TKP":170},"total":360,"passed":true,"advances":true,"outcome":"optimalisasi","finishedAttempts":1,"fromFormation":"F-1"}"""));
        p["formations"]![1]!["education"] = "S-2";
        var (exit, output, _) = Verify(p, _f.SessionA, _f.SessionB);
        Assert.Equal(1, exit);
        Assert.Contains("[GAGAL] optimalisasi formasi F-2: ", output, StringComparison.Ordinal);
        Assert.Contains("  formations[1] (F-2).rows[3] (N-02): di formasi asalnya (formations[0] (F-1).rows[2]) lulus ya, lolos SKB ya; optimalisasi hanya untuk yang lulus dan tidak lolos di formasinya", output, StringComparison.Ordinal);
        Assert.Contains("  formations[1] (F-2): 2 baris optimalisasi, tempat lolos SKB yang kosong hanya 1 (3 x kuota 1 dikurangi 2 yang lolos di formasi ini)", output, StringComparison.Ordinal);
        Assert.Contains("tidak sama jabatan dan pendidikannya dengan F-2 (jabatan 'Analis', pendidikan 'S-2')", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_that_is_not_one_exits_2_naming_the_file_and_the_json_path()
    {
        var p = _f.Copy();
        p["selection"]!["candidates"] = "sembilan";
        var path = _f.WritePublication(p);
        var (exit, output, error) = CliRunner.Run("verify", "--national", path, _f.SessionA);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"{path}: bukan publikasi nasional asncat-national/1 di $.selection.candidates", error, StringComparison.Ordinal);

        var q = _f.Copy();
        q["format"] = "asncat-national/2";
        (exit, _, error) = Verify(q, _f.SessionA);
        Assert.Equal(2, exit);
        Assert.Contains("$.format: 'asncat-national/2' bukan asncat-national/1", error, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("verify", "--national", Path.Combine(_f.Dir, "tidak-ada.json"), _f.SessionA);
        Assert.Equal(2, exit);
        Assert.Contains("tidak-ada.json: tidak dapat dibaca", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_national_the_verify_command_prints_no_national_report()
    {
        var (exit, output, error) = CliRunner.Run("verify", _f.SessionA, _f.SessionB);
        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("nasional", output, StringComparison.Ordinal);
        Assert.Contains("[INFO] head publikasi dari 2 sesi", output, StringComparison.Ordinal);
    }
}
