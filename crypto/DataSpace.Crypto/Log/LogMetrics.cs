using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The transparency log's instruments, on the meter <see cref="MeterName"/> (docs/connector-service.md, "Metrics"): how long an
/// append waits until it is durable, and each group commit's duration and size. One static meter, as the log is opened
/// without dependency injection; no label at all, so nothing of an entry can reach a metric.
/// </summary>
public static class LogMetrics
{
    /// <summary>The meter's name, to subscribe to (OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "DataSpace.Crypto";

    private static readonly Meter Meter = new(MeterName, typeof(LogMetrics).Assembly.GetName().Version?.ToString());

    // Seconds, from 100 µs (a page-cache write) to 10 s (a stalled disk).
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "dataspace.log.append.duration", "s", "From an append's call until its entry is durable (written and fsynced) and acknowledged",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "dataspace.log.commit.duration", "s", "One group commit: the batch written, hashed into the tree and fsynced",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<int> CommitBatchSize = Meter.CreateHistogram(
        "dataspace.log.commit.batch_size", "{entry}", "Entries made durable by one group commit",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });

    /// <summary>One entry acknowledged <paramref name="queuedAt"/> (a <see cref="Stopwatch"/> timestamp) to <paramref name="durableAt"/>.</summary>
    internal static void Appended(long queuedAt, long durableAt)
    {
        if (AppendDuration.Enabled)
        {
            AppendDuration.Record(Stopwatch.GetElapsedTime(queuedAt, durableAt).TotalSeconds);
        }
    }

    /// <summary>One group commit of <paramref name="entries"/> entries from <paramref name="startedAt"/> to <paramref name="durableAt"/>.</summary>
    internal static void Committed(int entries, long startedAt, long durableAt)
    {
        CommitDuration.Record(Stopwatch.GetElapsedTime(startedAt, durableAt).TotalSeconds);
        CommitBatchSize.Record(entries);
    }
}
