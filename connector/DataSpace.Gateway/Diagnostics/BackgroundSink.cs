using Serilog.Core;
using Serilog.Events;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>
/// Writes log events to a sink (the console or the file) from Serilog's own batching loop rather than from the
/// request: a request only queues its line in a bounded channel, and one background task writes the lines in
/// batches, so no request waits for the sink's lock or its write (docs/gateway.md, "Logs").
/// </summary>
internal sealed class BackgroundSink(ILogEventSink inner) : IBatchedLogEventSink, IDisposable
{
    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var logEvent in batch)
        {
            inner.Emit(logEvent);
        }

        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
