using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// Reads batches ahead on a thread of their own, so that decoding the next batch (a Parquet row group, CSV
/// parsing) overlaps with the job working on the current one. At most <c>depth</c> batches wait, so memory
/// stays bounded by the batch size. Errors of the source surface, unchanged, where the batch would have.
/// </summary>
internal static class Prefetch
{
    public static IEnumerable<RecordBatch> Ahead(IEnumerable<RecordBatch> source, int depth, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(depth)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in source)
                    {
                        if (!channel.Writer.TryWrite(batch))
                        {
                            channel.Writer.WriteAsync(batch, stop.Token).AsTask().GetAwaiter().GetResult();
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The reader stopped early, or the run was cancelled.
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            while (true)
            {
                if (!channel.Reader.TryRead(out var batch))
                {
                    if (!channel.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }

                    continue;
                }

                yield return batch;
            }

            producer.GetAwaiter().GetResult();
            failure?.Throw();
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // Already reported through failure.
            }
        }
    }
}
