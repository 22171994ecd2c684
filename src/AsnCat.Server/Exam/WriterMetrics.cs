using System.Diagnostics.Metrics;
namespace AsnCat.Server.Exam;

/// <summary>
/// The writer's batches on the meter <see cref="MeterName"/> (exported at <c>/metrics</c>): how many
/// commands each committed transaction carried, how long its commit took, and the batches refused.
/// Static, like the one writer per process it describes.
/// </summary>
public static class WriterMetrics
{
    public const string MeterName = "AsnCat.Exam.Writer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>("asncat.writer.batch.commands", "{command}", "Perintah dalam satu transaksi penulis yang berhasil disimpan");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("asncat.writer.commit.duration", "s", "Lama commit satu transaksi penulis (sampai di disk)");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("asncat.writer.batches.refused", "{batch}", "Transaksi penulis yang gagal disimpan; semua perintahnya ditolak");

    public static void Committed(int commands, TimeSpan commit)
    {
        BatchSize.Record(commands);
        CommitDuration.Record(commit.TotalSeconds);
    }

    public static void BatchRefused() => Refused.Add(1);
}
