using DataSpace.Connector.Model;

namespace DataSpace.Connector.Audit;

/// <summary>
/// An operation whose opening entry is in the signed log and whose effect is still to happen: it ends with the
/// store's write that completes it (passing <see cref="Id"/>), run by <see cref="CompleteAsync"/>, or with
/// <see cref="AbortAsync"/>, which logs the closing entry. If the process dies in between, restart recovery aborts it.
/// </summary>
internal sealed partial class LoggedOperation(AuditTrail trail, PendingOperation operation, long index, ILogger logger)
{
    /// <summary>The operation's id: the store write that takes effect removes the pending operation by it.</summary>
    public string Id => operation.Id;

    /// <summary>The index of the opening entry in the log.</summary>
    public long Index => index;

    /// <summary>Logs that the effect did not happen (with the reason) and forgets the operation, releasing any claim.</summary>
    public Task AbortAsync(string reason) => trail.AbortAsync(operation, opened: true, reason);

    /// <summary>
    /// Runs the effect (which must complete the operation in the store); if it throws, closes the operation with an
    /// <c>aborted</c> entry giving <paramref name="reasonOf"/>'s reason, and rethrows. If even that fails, the
    /// operation stays recorded for restart recovery, and the effect's failure is the one reported.
    /// </summary>
    public async Task CompleteAsync(Func<Task> effect, Func<Exception, string> reasonOf)
    {
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentNullException.ThrowIfNull(reasonOf);
        try
        {
            await effect().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            try
            {
                await AbortAsync(reasonOf(failure)).ConfigureAwait(false);
            }
            catch (Exception abortFailure)
            {
                LogAbortFailed(logger, operation.Action, operation.Resource, abortFailure);
            }

            throw;
        }
    }

    [LoggerMessage(EventId = EventIds.OperationAbortFailed, EventName = nameof(EventIds.OperationAbortFailed), Level = LogLevel.Error,
        Message = "{Action} on {Resource} failed and could not be closed in the log; restart recovery will close it")]
    private static partial void LogAbortFailed(ILogger logger, string action, string resource, Exception exception);
}
