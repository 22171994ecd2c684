using System.Diagnostics;
using System.Globalization;
using AsnCat.Server.Data;
using AsnCat.Server.National.Ranking;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
namespace AsnCat.Benchmarks;

/// <summary>
/// <c>national-ranking --connection CS [--candidates N] [--formations M] [--thresholds skd-2024]</c>
/// (bench/national-ranking.sh): a fresh database on the PostgreSQL server the connection string
/// names, migrated, seeded by COPY (<see cref="NationalRankingSeed"/>), then one national run from
/// the stored results to the published ranking (<see cref="NationalRanker"/>), with its figures.
/// The database is dropped at the end.
/// </summary>
internal static class NationalRankingBench
{
    public const string Verb = "national-ranking";

    public static async Task<int> RunAsync(string[] args)
    {
        var candidates = 2_850_000;
        var formations = 250_000;
        string? server = null;
        var thresholds = "skd-2024";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--candidates": candidates = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--formations": formations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--connection": server = args[i + 1]; break;
                case "--thresholds": thresholds = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"national-ranking: opsi tidak dikenal '{args[i]}' (yang boleh: --connection, --candidates, --formations, --thresholds)");
                    return 2;
            }
        }
        if (server is null)
        {
            Console.Error.WriteLine("national-ranking: --connection wajib (string koneksi server PostgreSQL, mis. dari scripts/services.sh env)");
            return 2;
        }
        var rules = new RulesCatalog(RulesCatalog.DefaultRoot);
        var set = rules.Thresholds(thresholds);
        if (set is null)
        {
            Console.Error.WriteLine($"national-ranking: ambang batas '{thresholds}' tidak dapat dimuat: {string.Join("; ", rules.Errors)}");
            return 2;
        }
        var name = "asncat_bench_national_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await AdminAsync(server, $"CREATE DATABASE {name}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
            var factory = new Factory(connection);
            await using (var db = factory.CreateDbContext())
            {
                await db.Database.MigrateAsync();
            }
            var seedTime = Stopwatch.StartNew();
            var seed = new NationalRankingSeed(candidates, formations);
            await using (var db = factory.CreateDbContext())
            {
                await seed.WriteAsync(db, set, CancellationToken.None);
            }
            seedTime.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"isi: {candidates:N0} peserta, {formations:N0} formasi, {seed.Attempts:N0} ujian selesai dalam {seedTime.Elapsed.TotalSeconds:F1} s (COPY, termasuk ANALYZE)"));

            var report = await new NationalRanker(factory, rules, TimeProvider.System).RunAsync("bench");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                peringkat nasional, dari hasil tersimpan sampai peringkat terbit (run {report.RunId}):
                  formasi {report.Formations:N0}, baris {report.Rows:N0}, ditandai ujian ganda {report.Flagged:N0}
                  baca    {report.Read.TotalSeconds,6:F1} s
                  susun   {report.Rank.TotalSeconds,6:F1} s
                  tulis   {report.Write.TotalSeconds,6:F1} s (COPY dan commit)
                  total   {report.Total.TotalSeconds,6:F1} s ({report.Rows / report.Total.TotalSeconds:N0} baris/s; target <= 60 s)
                """));
            return report.Total <= TimeSpan.FromSeconds(60) ? 0 : 1;
        }
        finally
        {
            await AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Factory(string connection) : IDbContextFactory<AsnCatDb>
    {
        public AsnCatDb CreateDbContext() => new PostgresAsnCatDb(new DbContextOptionsBuilder<PostgresAsnCatDb>().UseNpgsql(connection).Options);
    }
}
