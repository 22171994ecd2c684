using System.Globalization;
using AsnCat.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AsnCat.Benchmarks [-- --filter '*Rank*']
// the national ranking's benchmark: ... -- national-ranking --connection CS (bench/national-ranking.sh)
// the centre's bundle intake: ... -- national-intake --connection CS (bench/national-intake.sh)
// the item-analysis benchmark's input (bench/analyze.sh): dotnet run ... -- analysis-data --candidates N --out DIR
if (args.Length > 0 && args[0] == AnalysisData.Verb)
{
    return AnalysisData.Run(args[1..]);
}
// the national ranking's benchmark (bench/national-ranking.sh): dotnet run ... -- national-ranking --connection CS [--candidates N --formations M]
if (args.Length > 0 && args[0] == NationalRankingBench.Verb)
{
    return await NationalRankingBench.RunAsync(args[1..]);
}
// the centre's intake of one venue bundle (bench/national-intake.sh): dotnet run ... -- national-intake --connection CS [--candidates N --runs R]
if (args.Length > 0 && args[0] == NationalIntakeBench.Verb)
{
    return await NationalIntakeBench.RunAsync(args[1..]);
}

var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ScoringBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);

Console.WriteLine();
Console.WriteLine("AsnCat figures (one core; per operation = what each benchmark's OperationsPerInvoke counts):");
foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    var nsPerOp = report.ResultStatistics!.Mean;
    var line = name switch
    {
        nameof(ScoringBenchmarks.DrawSets) => $"question sets generated: {1e9 / nsPerOp:N0} sets/s (target >= 50,000)",
        nameof(ScoringBenchmarks.ScoreSheets) => $"answer sheets scored: {1e9 / nsPerOp:N0} sheets/s (target >= 2,000,000)",
        nameof(RankingBenchmarks.Rank4MillionOver250kFormations) => $"ranking 4,000,000 candidates over 250,000 formations: {nsPerOp / 1e9:F2} s (target <= 2 s)",
        _ => $"{name}: {nsPerOp:N0} ns/op",
    };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {line}"));
}
return 0;
