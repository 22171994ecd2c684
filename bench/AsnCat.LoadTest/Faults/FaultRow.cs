using System.Globalization;

namespace AsnCat.LoadTest.Faults;

/// <summary>One fault's line in the result table, and the reasons it failed (empty when it passed).</summary>
public sealed record FaultRow(string Fault, string Terminals, TimeSpan Duration, long Acked, long Lost, long Doubled, string Deadlines, string Refusals, string Verdict, IReadOnlyList<string> Problems)
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";

    public bool Passed => Verdict == Pass;

    public bool Failed => Verdict == Fail;

    public static FaultRow Judge(string fault, string terminals, TimeSpan duration, Reconciliation r, string deadlines, string refusals, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(problems);
        if (!r.Clean)
        {
            problems.Add($"reconciliation: lost {r.Lost}, doubled {r.Doubled}, wrong value {r.WrongValue}, final mismatch {r.FinalMismatch}: {r.FirstProblem}");
        }
        return new FaultRow(fault, terminals, duration, r.Acknowledged, r.Lost, r.Doubled, deadlines, refusals, problems.Count == 0 ? Pass : Fail, problems);
    }

    public static FaultRow NotRun(string fault, string verdict, string why) =>
        new(fault, "—", TimeSpan.Zero, 0, 0, 0, "—", why, verdict, []);

    public static void Print(TextWriter output, IReadOnlyList<FaultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        output.WriteLine("| fault | terminals | duration | acked | lost | doubled | deadlines right (how checked) | refusals seen | verdict |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var ran = r.Duration > TimeSpan.Zero;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Fault} | {r.Terminals} | {(ran ? $"{r.Duration.TotalSeconds:0} s" : "—")} | {(ran ? r.Acked.ToString("N0", CultureInfo.InvariantCulture) : "—")} | {(ran ? r.Lost : "—")} | {(ran ? r.Doubled : "—")} | {r.Deadlines} | {r.Refusals} | {r.Verdict} |"));
        }
        foreach (var r in rows.Where(r => r.Problems.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{r.Fault} failed:");
            foreach (var p in r.Problems)
            {
                output.WriteLine("  - " + p);
            }
        }
    }
}
