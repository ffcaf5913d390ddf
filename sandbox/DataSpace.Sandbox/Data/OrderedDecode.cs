namespace DataSpace.Sandbox.Data;

/// <summary>
/// Decodes the units of a dataset (Parquet row groups, possibly of several files) ahead on other threads while the caller
/// consumes them in order: the output is exactly the sequential one, whatever the timing. At most <c>degree</c> units are
/// decoding, decoded and waiting, or being consumed at once, so memory stays bounded by <c>degree</c> decoded units; a
/// degree of 1 decodes each unit on the enumerating thread when it is reached, as a plain loop would. An error of unit
/// <c>i</c> surfaces when the caller reaches <c>i</c>, after the units before it, as it would sequentially. Stopping early
/// (disposing the enumerator, or cancellation) cancels the decoders still running, waits for them and disposes every unit
/// decoded but not handed out, so no pooled buffer leaks and no thread outlives the enumeration.
/// </summary>
internal static class OrderedDecode
{
    /// <summary>
    /// Yields <c>decode(0)</c> ... <c>decode(count - 1)</c> in order; the caller owns (and disposes) each unit yielded.
    /// </summary>
    /// <param name="count">The number of units.</param>
    /// <param name="decode">Decodes one unit; called concurrently for different units, so it must share no reader.</param>
    /// <param name="degree">The most units in flight at once (at least 1).</param>
    /// <param name="cancellationToken">Stops the decoding.</param>
    public static IEnumerable<T> InOrder<T>(int count, Func<int, CancellationToken, T> decode, int degree, CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        return degree == 1 ? Sequential(count, decode, cancellationToken) : Parallel(count, decode, degree, cancellationToken);
    }

    private static IEnumerable<T> Sequential<T>(int count, Func<int, CancellationToken, T> decode, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return decode(i, cancellationToken);
        }
    }

    private static IEnumerable<T> Parallel<T>(int count, Func<int, CancellationToken, T> decode, int degree, CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<T>>(degree);
        var started = 0;
        try
        {
            for (var next = 0; next < count; next++)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // The unit about to be consumed counts towards the degree: start the ones after it up to the bound.
                while (started < count && started < next + degree)
                {
                    var index = started++;
                    pending.Enqueue(Task.Factory.StartNew(
                        () => decode(index, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                }

                var unit = pending.Dequeue().GetAwaiter().GetResult();
                yield return unit;
            }
        }
        finally
        {
            stop.Cancel();
            while (pending.TryDequeue(out var task))
            {
                try
                {
                    task.GetAwaiter().GetResult().Dispose();
                }
                catch (Exception)
                {
                    // Cancelled or failed after the caller stopped reading: nothing decoded to release, nothing to report.
                }
            }
        }
    }
}
