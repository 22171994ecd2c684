using System.Globalization;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.LoadTest;

/// <summary>
/// <c>centre-seed</c> (bench/cluster.sh): what the centre's public results need before they can be
/// published, written into the centre's PostgreSQL once its nodes have migrated it: one ended SKD
/// session with its ledger head and <c>N</c> scored candidates in one formation, and an admin
/// with a chosen password. Publishing itself goes through the API (the script does it through nginx).
/// </summary>
public static class CentreSeed
{
    public const string Verb = "centre-seed";
    public const string Session = "SKD-PUSAT-BENCH";
    public const string Formation = "F-PUSAT-BENCH";

    /// <summary>Arguments: PostgreSQL connection string, admin user name, its password, number of candidates.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4 || !int.TryParse(args[3], CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync($"pemakaian: AsnCat.LoadTest {Verb} <postgres> <admin> <sandi> <jumlah-peserta>");
            return 2;
        }
        await using var db = new PostgresAsnCatDb(new DbContextOptionsBuilder<PostgresAsnCatDb>().UseNpgsql(args[0]).Options);
        var start = new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);
        var snapshot = new BlueprintSnapshot { Code = "skd", Hash = new string('0', 64), Yaml = "code: skd" };
        var bank = new BankVersion { Code = "bench", Title = "Bank uji beban", BlueprintCode = "skd", BlueprintSnapshot = snapshot, Hash = new string('3', 64), ImportedAt = start };
        var formation = new Formation { Code = Formation, Agency = "Instansi Uji Beban", Position = "Analis Kebijakan", Location = "Kota Makassar", Quota = 10, Education = "S-1" };
        var session = new ExamSession
        {
            Code = Session, Venue = "Gedung Uji Beban", Room = "Ruang 1", Seats = count, TimeZone = "WITA", StartsAt = start, BlueprintCode = "skd",
            BlueprintSnapshot = snapshot, BankVersion = bank, ThresholdSetCode = "skd-2024", Seed = new string('c', 32),
            State = SessionState.Ended, EndedAt = start + TimeSpan.FromMinutes(110), LedgerHead = new string('d', 64),
        };
        var random = new Random(17);
        for (var i = 1; i <= count; i++)
        {
            int[] scores = [55 + 5 * random.Next(10), 60 + 5 * random.Next(12), 150 + 2 * random.Next(35)];
            db.Attempts.Add(new Attempt
            {
                ExamSession = session,
                Candidate = new Candidate
                {
                    ParticipantNumber = $"BENCH-{i:D5}", Name = "Peserta Uji " + i.ToString(CultureInfo.InvariantCulture),
                    Nik = "7373" + i.ToString("D12", CultureInfo.InvariantCulture), BirthDate = new DateOnly(1998, 7, 15),
                    Formation = formation, Category = CandidateCategory.Umum,
                },
                State = AttemptState.Finished, StartedAt = start, FinishedAt = start + TimeSpan.FromMinutes(100), EndedBy = "candidate",
                Scores = new Dictionary<string, int> { ["TWK"] = scores[0], ["TIU"] = scores[1], ["TKP"] = scores[2] },
                Total = scores.Sum(),
            });
        }
        await db.SaveChangesAsync();
        await Seeder.SeedAdminAsync(db, args[1], args[2], CancellationToken.None);
        Console.WriteLine($"{Session} {Formation}");
        return 0;
    }
}
