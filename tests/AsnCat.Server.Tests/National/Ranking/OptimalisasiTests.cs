using AsnCat.Server.Data;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

public sealed class OptimalisasiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Optimalisasi_fills_an_empty_formation_with_the_best_non_advancing_passers_of_the_same_position_and_education_in_the_next_run()
    {
        using var f = await NationalFixture.CreateAsync();
        await using (var db = f.Database.Open())
        {
            // the formation to fill (quota 1: 3 advancing places), and one of another position that must not give
            db.Formations.Add(new Formation { Code = "F-KOSONG", Agency = "Instansi Uji", Position = "Analis Kebijakan", Location = "Kota Palu", Quota = 1, Education = "S-1 Ilmu Administrasi" });
            db.Formations.Add(new Formation { Code = "F-LAIN", Agency = "Instansi Uji", Position = "Pranata Komputer", Location = "Kota Palu", Quota = 1, Education = "S-1 Ilmu Administrasi" });
            await db.SaveChangesAsync(Ct);
        }
        var optimalisasi = new Optimalisasi(new TestDbFactory(f.Database), TinyBank.Rules, f.Database.Time);
        var before = await f.Ranker.RunAsync("panitia", ct: Ct);
        var rows = await f.RowsAsync(before.RunId);
        var expected = rows.Where(r => r.Row.Passed && !r.Row.Advances)
            .OrderByDescending(r => r.Row.Total).ThenByDescending(r => r.Row.Scores![2]).ThenByDescending(r => r.Row.Scores![1]).ThenByDescending(r => r.Row.Scores![0])
            .ThenBy(r => r.Row.ParticipantNumber, StringComparer.Ordinal).Take(3).Select(r => r.Row.ParticipantNumber).ToList();
        Assert.Equal(3, expected.Count);

        var result = await optimalisasi.ApplyAsync("F-KOSONG", "optimalisasi-2024", "ketua", null, Ct);
        Assert.Equal(3, result.Unfilled);
        Assert.Equal(expected, result.Placed.Select(p => p.ParticipantNumber));
        Assert.Empty((await optimalisasi.ApplyAsync("F-LAIN", "optimalisasi-2024", "ketua", null, Ct)).Placed);   // no formation of its position

        var after = await f.Ranker.RunAsync("panitia", ct: Ct);
        var filled = (await f.RowsAsync(after.RunId)).Where(r => r.Formation == "F-KOSONG").Select(r => r.Row).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), filled.Select(r => r.ParticipantNumber).Order(StringComparer.Ordinal));
        Assert.All(filled, r => Assert.True(r.Advances && r.Outcome == "optimalisasi" && r.FromFormationId is not null));
        var export = (await f.Results.ForFormationAsync("F-KOSONG", Ct)).Results!;
        Assert.All(export.Rows, r => Assert.StartsWith("F-", r.FromFormation, StringComparison.Ordinal));

        // the places are filled now: a second action places no one; an unknown rule is refused naming where it looked
        Assert.Empty((await optimalisasi.ApplyAsync("F-KOSONG", "optimalisasi-2024", "ketua", null, Ct)).Placed);
        var e = await Assert.ThrowsAsync<OptimalisasiException>(() => optimalisasi.ApplyAsync("F-KOSONG", "optimalisasi-1999", "ketua", null, Ct));
        Assert.Contains("aturan optimalisasi 'optimalisasi-1999' tidak ada", e.Message, StringComparison.Ordinal);
        await using var check = f.Database.Open();
        Assert.Equal(3, await check.AuditEntries.CountAsync(a => a.Action == AuditActions.NationalRanking.Optimalisasi, Ct));
    }
}
