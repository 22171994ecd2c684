using System.Globalization;
using System.Text.Json;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Results;
namespace AsnCat.Server.Tests.Final;

/// <summary>
/// The final table against <see cref="FinalFixture.ExpectedTable"/>, an independent computation in
/// integers. In F-A (quota 1) A09 and A11 have equal SKD scores (360: 80/100/180), as do A10 and
/// A12 (360: 90/90/180, behind on TIU).
/// </summary>
public sealed class FinalStandingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Default = new(1998, 7, 15);   // every seeded candidate's birth date

    private static List<string[]> Cells(Server.Results.PublishedTable table) => [.. table.Rows.Select(r => r.Cells.ToArray())];

    [Fact]
    public async Task Equal_final_scores_are_ordered_by_ipk_then_by_the_older_candidate()
    {
        using var f = await FinalFixture.CreateAsync();
        await f.SetBirthDateAsync("A12", new DateOnly(1990, 1, 1));
        var imported = await f.ImportAsync(f.Csv("skb.csv", ["A09", "80", "3.50"], ["A11", "80", "3.40"], ["A10", "90", "3.20"], ["A12", "90", "3.20"]));
        Assert.Empty(imported.Problems);
        var extra = new Dictionary<string, (int, int?, DateOnly)>
        {
            ["A09"] = (80_000, 350, Default), ["A11"] = (80_000, 340, Default),
            ["A10"] = (90_000, 320, Default), ["A12"] = (90_000, 320, new DateOnly(1990, 1, 1)),
        };

        var table = (await f.Final.TableAsync(ResultsFixture.FormationA, Ct))!;

        Assert.Equal(("akhir", "F-A"), (table.Kind, table.Subject));
        Assert.Equal(["Peringkat", "Nomor peserta", "Nama", "SKD", "SKB", "Nilai akhir", "Keterangan"], table.Columns);
        Assert.Equal(f.ExpectedTable(ResultsFixture.FormationA, ["A09", "A10", "A11", "A12"], extra), Cells(table));
        // the designed order: SKB 90 first; A12 older than A10; A09's IPK above A11's; quota 1
        Assert.Equal(["A12", "A10", "A09", "A11"], table.Rows.Select(r => r.ParticipantNumber));
        Assert.Equal(["1", "2", "3", "4"], table.Rows.Select(r => r.Cells[0]));
        Assert.Equal(["Lulus", "Tidak lulus", "Tidak lulus", "Tidak lulus"], table.Rows.Select(r => r.Cells[6]));
        // 40 x 360/550 x 100 / 100 + 0.6 x 90 = 26.181818... + 54
        Assert.Equal("80.182", table.Rows[0].Cells[5]);
    }

    [Fact]
    public async Task Candidates_tied_through_the_whole_chain_share_the_last_place_and_both_pass()
    {
        using var f = await FinalFixture.CreateAsync();
        // A09 and A11: same SKD, same SKB, same IPK, same birth date; A10 has a score, A12 has none
        Assert.Empty((await f.ImportAsync(f.Xlsx("skb.xlsx", ["A09", "95.5", "3.1"], ["A11", "95,500", "3,10"], ["A10", "60", ""]))).Problems);
        var extra = new Dictionary<string, (int, int?, DateOnly)>
        {
            ["A09"] = (95_500, 310, Default), ["A11"] = (95_500, 310, Default), ["A10"] = (60_000, null, Default),
        };

        var table = (await f.Final.TableAsync(ResultsFixture.FormationA, Ct))!;

        Assert.Equal(f.ExpectedTable(ResultsFixture.FormationA, ["A09", "A10", "A11", "A12"], extra), Cells(table));
        Assert.Equal([("A09", "1", "Lulus"), ("A11", "1", "Lulus"), ("A10", "3", "Tidak lulus")],
            table.Rows.Select(r => (r.ParticipantNumber, r.Cells[0], r.Cells[6])));
        Assert.DoesNotContain(table.Rows, r => r.ParticipantNumber == "A12");   // advanced, no SKB score: not ranked
    }

    [Fact]
    public async Task A_crowd_with_ties_matches_the_independent_computation_and_shows_no_nik_or_birth_date()
    {
        using var f = await FinalFixture.CreateAsync();
        var standings = (await f.Results.Standings.ForFormationAsync(ResultsFixture.FormationB, Ct))!;
        var advancing = standings.Rows.Where(r => r.Advances).Select(r => r.ParticipantNumber).ToList();
        Assert.True(advancing.Count >= 6, $"{advancing.Count} advance in F-B");
        var rng = new Random(11);
        var extra = new Dictionary<string, (int Skb, int? Ipk, DateOnly Birth)>();
        var rows = new List<string[]>();
        foreach (var number in advancing.Skip(1))   // the first has no SKB score
        {
            // few distinct values, so that SKB, IPK and birth dates tie often
            var skb = 70_000 + (2_500 * rng.Next(4));
            int? ipk = rng.Next(4) == 0 ? null : 300 + (25 * rng.Next(3));
            var birth = new DateOnly(1995 + rng.Next(2), 1, 1);
            extra[number] = (skb, ipk, birth);
            await f.SetBirthDateAsync(number, birth);
            rows.Add([number, (skb / 1000m).ToString(CultureInfo.InvariantCulture), ipk is { } g ? (g / 100m).ToString(CultureInfo.InvariantCulture) : ""]);
        }
        Assert.Empty((await f.ImportAsync(f.Csv("skb.csv", [.. rows]))).Problems);
        var birthDates = extra.Values.Select(e => e.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();

        var table = (await f.Final.TableAsync(ResultsFixture.FormationB, Ct))!;

        Assert.Equal(f.ExpectedTable(ResultsFixture.FormationB, advancing, extra), Cells(table));
        Assert.Equal(advancing.Count - 1, table.Rows.Count);
        // the crowd does tie on the final score, so the chain after it is exercised
        Assert.Contains(table.Rows.Zip(table.Rows.Skip(1)), p => p.First.Cells[5] == p.Second.Cells[5]);
        var json = JsonSerializer.Serialize(table);
        Assert.All(f.Results.People, p => Assert.DoesNotContain(p.Nik, json, StringComparison.Ordinal));
        Assert.All(birthDates, d => Assert.DoesNotContain(d, json, StringComparison.Ordinal));
        Assert.DoesNotContain("1995", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_formation_is_null_and_one_without_scores_is_an_empty_table()
    {
        using var f = await FinalFixture.CreateAsync();

        Assert.Null(await f.Final.TableAsync("F-TIDAK-ADA", Ct));
        var empty = (await f.Final.TableAsync("F-KOSONG", Ct))!;
        var noScores = (await f.Final.TableAsync(ResultsFixture.FormationA, Ct))!;

        Assert.Equal(("akhir", "F-KOSONG", 0, 7), (empty.Kind, empty.Subject, empty.Rows.Count, empty.Columns.Count));
        Assert.Empty(noScores.Rows);
    }
}
