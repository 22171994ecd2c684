using AsnCat.Benchmarks;
using AsnCat.Server.National.Centre;
using AsnCat.Tool.Ledger;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>
/// bench/national-intake.sh at a small size, so it cannot rot: the same preparation (the centre
/// plans and commits, the venue runs the session through the exam service and its ledger writes
/// the bundle, the venue's key signs it) and one timed intake on a fresh copy of the centre's
/// database. Here the centre is on SQLite (a copy of its file per run); the benchmark's centre is
/// on PostgreSQL (a copy by template per run).
/// </summary>
public sealed class IntakeBenchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_benchmark_bundle_at_a_small_size_is_genuine_and_its_intake_accepts_it_and_writes_every_row()
    {
        using var dir = new TempDir();
        var rig = await NationalIntakeRig.PrepareAsync(20, new SqliteCentre(dir.Path), dir.Path, Ct);

        // the venue's own bundle: every candidate with a full set and an answer at every position, scored; nine in ten finished themselves
        var bundle = ResultBundle.Parse(rig.Bundle);
        Assert.Equal(NationalIntakeRig.SessionCode, bundle.Session.Code);
        Assert.Equal(20, rig.Candidates);
        Assert.All(bundle.Candidates, c =>
        {
            Assert.NotNull(c.Set);
            Assert.Equal(c.Set.Split(' ').Length, c.Answers.Count);
            Assert.All(c.Answers, a => Assert.NotNull(a));
            Assert.NotNull(c.Total);
        });
        Assert.Equal(18, bundle.Candidates.Count(c => c.EndedBy == "candidate"));
        Assert.Equal(rig.Answers, bundle.Candidates.Sum(c => c.Answers.Count));
        Assert.True(rig.Events > rig.Answers, "some answers were changed and some doubts marked: more events than answers");

        var run = await rig.RunAsync(1, Ct);

        Assert.Equal(BundleStatus.Accepted, run.Receipt.Status);
        Assert.Empty(run.Receipt.Reasons);
        Assert.Equal(bundle.Ledger.Head, run.Receipt.LedgerHead);
        Assert.Equal(rig.Answers, run.AnswersWritten);
        Assert.Equal(rig.Events, run.EventsWritten);
        Assert.True(run.Total > TimeSpan.Zero && run.Verify > TimeSpan.Zero);
    }
}
