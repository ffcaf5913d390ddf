using System.Collections.Concurrent;
using System.Security.Cryptography;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Audit;

/// <summary>
/// The one place the connector writes its signed log. Events are appended as they happen (<see cref="AppendAsync"/>);
/// an operation with an effect is logged before the effect and recorded in the store before that
/// (<see cref="BeginAsync"/>, <see cref="OpenAsync"/>), so that an effect that does not happen always gets a closing
/// <c>aborted</c> entry, on failure at once and after a crash by <see cref="RecoverAsync"/> (docs/audit-log.md).
/// </summary>
internal sealed partial class AuditTrail(ITransparencyLog log, IConnectorStore store, ConnectorReplica replica, TimeProvider time, ILogger<AuditTrail> logger)
{
    /// <summary>The detail naming an entry's operation, in both its opening and its closing entry.</summary>
    public const string OperationDetail = "operation";

    private const string InterruptedReason = "interrupted: the connector stopped before the operation took effect";

    private const string UnwrittenReason = "the log could not write, so the operation did not take effect";

    /// <summary>
    /// Operations whose opening or closing entry the log failed to write (docs/audit-log.md, "Write failures"): each is
    /// closed as soon as the log writes again, so that its claim does not block the resource until a restart.
    /// </summary>
    private readonly ConcurrentDictionary<string, PendingOperation> _unsettled = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _settling = new(1, 1);

    /// <summary>Appends one event. Once begun, an append is never cancelled: an entry is either whole in the log or not requested.</summary>
    public ValueTask<long> AppendAsync(
        string actor, string action, string resource, string decision,
        IReadOnlyDictionary<string, string>? details = null, IReadOnlyDictionary<string, string>? digests = null) =>
        log.AppendAsync(Entry(actor, action, resource, decision, details, digests), CancellationToken.None);

    /// <summary>A new operation on <paramref name="resource"/>, starting at the log's current size; not yet recorded.</summary>
    public PendingOperation NewOperation(string action, string resource, string actor) => new()
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Action = action,
        Resource = resource,
        Actor = actor,
        RunnerId = replica.Id,
        LogFrom = log.Head.Size,
        StartedAt = time.GetUtcNow(),
    };

    /// <summary>
    /// Records a new operation and appends its opening entry; null (nothing logged) when another operation is pending
    /// on the same resource. The caller completes it with the store write that takes effect, or aborts it.
    /// </summary>
    public async Task<LoggedOperation?> BeginAsync(
        string action, string resource, string actor, string decision, IReadOnlyDictionary<string, string>? details,
        IReadOnlyDictionary<string, string>? digests, CancellationToken cancellationToken)
    {
        var operation = NewOperation(action, resource, actor);
        var opening = Opening(operation, decision, details, digests);
        await SettleAsync().ConfigureAwait(false);
        if (!await store.TryBeginOperationAsync(operation, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await AppendOpeningAsync(operation, opening).ConfigureAwait(false);
    }

    /// <summary>Appends the opening entry of an operation the store already holds (one that claimed a job or an agreement).</summary>
    public async Task<LoggedOperation> OpenAsync(
        PendingOperation operation, string decision, IReadOnlyDictionary<string, string>? details, IReadOnlyDictionary<string, string>? digests)
    {
        await SettleAsync().ConfigureAwait(false);
        return await AppendOpeningAsync(operation, Opening(operation, decision, details, digests)).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the closing entry of an operation whose effect did not happen (only if its opening entry was appended),
    /// then removes it from the store, releasing its claim. If the closing entry cannot be written the operation stays
    /// recorded, for restart recovery to close.
    /// </summary>
    public async Task AbortAsync(PendingOperation operation, bool opened, string reason)
    {
        if (opened)
        {
            try
            {
                await AppendAsync(operation.Actor, operation.Action, operation.Resource, AuditDecisions.Aborted,
                    new Dictionary<string, string> { [OperationDetail] = operation.Id, ["reason"] = reason }).ConfigureAwait(false);
            }
            catch (LogUnavailableException)
            {
                _unsettled[operation.Id] = operation;
                throw;
            }
        }

        await store.AbandonOperationAsync(operation.Id, CancellationToken.None).ConfigureAwait(false);
        _unsettled.TryRemove(operation.Id, out _);
    }

    /// <summary>
    /// Closes the operations whose entries the log failed to write, once it writes again: after a write failure the
    /// log keeps nothing it reported as failed, so each gets its closing entry exactly when its opening entry is in
    /// the log, and its claim is released. One caller settles at a time; the others go on.
    /// </summary>
    public async Task SettleAsync()
    {
        if (_unsettled.IsEmpty || log.Fault is not null || !await _settling.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            foreach (var operation in _unsettled.Values)
            {
                var opened = WasOpened(operation);
                await AbortAsync(operation, opened, UnwrittenReason).ConfigureAwait(false);
                LogSettled(logger, operation.Action, operation.Resource, opened);
            }
        }
        catch (Exception e) when (e is LogUnavailableException or IOException or System.Data.Common.DbException)
        {
            // The log or the store failed again: the rest are settled on a later call.
        }
        finally
        {
            _settling.Release();
        }
    }

    /// <summary>
    /// Restart recovery: every operation this process left pending had no effect (the effect and the end of the operation
    /// are one transaction). Each whose opening entry reached the log gets its closing entry; all are then forgotten.
    /// Returns how many were closed. Runs before the process logs anything else.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var pending = await store.ListOperationsAsync(replica.Id, cancellationToken).ConfigureAwait(false);
        foreach (var operation in pending)
        {
            var opened = WasOpened(operation);
            await AbortAsync(operation, opened, InterruptedReason).ConfigureAwait(false);
            LogRecovered(logger, operation.Action, operation.Resource, opened);
        }

        return pending.Count;
    }

    /// <summary>Whether the log holds the operation's opening entry: one at or after its start naming its id.</summary>
    private bool WasOpened(PendingOperation operation)
    {
        var size = log.Head.Size;
        for (var index = Math.Max(0, operation.LogFrom); index < size; index++)
        {
            var leaf = log.ReadLeaf(index);
            if (!LogLeaf.TryParse(leaf, out var parts, out var error))
            {
                throw new InvalidDataException($"log leaf {index} is malformed: {error}");
            }

            var entry = LogEntry.Parse(leaf.AsSpan()[parts.Entry]);
            if (entry.Details is { } details && details.TryGetValue(OperationDetail, out var id) && id == operation.Id)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<LoggedOperation> AppendOpeningAsync(PendingOperation operation, LogEntry opening)
    {
        // An append that fails may or may not have reached the disk. When the log says it certainly did not, the
        // operation is forgotten at once; otherwise it stays recorded and is closed once the log writes again (which
        // keeps nothing it reported as failed), or by restart recovery, which reads the log.
        long index;
        try
        {
            index = await log.AppendAsync(opening, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LogUnavailableException e)
        {
            if (e.NotAppended)
            {
                try
                {
                    await store.AbandonOperationAsync(operation.Id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception abandon) when (abandon is IOException or System.Data.Common.DbException)
                {
                    _unsettled[operation.Id] = operation;
                }
            }
            else
            {
                _unsettled[operation.Id] = operation;
            }

            throw;
        }

        return new LoggedOperation(this, operation, index, logger);
    }

    /// <summary>The opening entry, built (and checked to be canonical JSON) before anything is recorded.</summary>
    private LogEntry Opening(PendingOperation operation, string decision, IReadOnlyDictionary<string, string>? details, IReadOnlyDictionary<string, string>? digests)
    {
        var withOperation = new Dictionary<string, string>(details ?? new Dictionary<string, string>()) { [OperationDetail] = operation.Id };
        var entry = Entry(operation.Actor, operation.Action, operation.Resource, decision, withOperation, digests);
        _ = entry.ToCanonicalJson();
        return entry;
    }

    private LogEntry Entry(
        string actor, string action, string resource, string decision,
        IReadOnlyDictionary<string, string>? details, IReadOnlyDictionary<string, string>? digests) => new()
    {
        When = time.GetUtcNow(),
        Actor = actor,
        Action = action,
        Resource = resource,
        Decision = decision,
        Details = details,
        Digests = digests,
    };

    [LoggerMessage(EventId = EventIds.OperationSettled, EventName = nameof(EventIds.OperationSettled), Level = LogLevel.Warning, Message = "Closed the operation {Action} on {Resource} that a log write failure interrupted (its entry was logged: {Opened})")]
    private static partial void LogSettled(ILogger logger, string action, string resource, bool opened);

    [LoggerMessage(EventId = EventIds.OperationRecovered, EventName = nameof(EventIds.OperationRecovered), Level = LogLevel.Warning, Message = "Closed the interrupted operation {Action} on {Resource} (its entry was logged: {Opened})")]
    private static partial void LogRecovered(ILogger logger, string action, string resource, bool opened);
}
