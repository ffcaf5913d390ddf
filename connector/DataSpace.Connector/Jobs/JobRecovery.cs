using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Restart recovery, before the connector serves anything (a hosted service's start completes before the server
/// listens): the operations this replica left half done are closed in the log, and the jobs it was running fail
/// (<see cref="JobLifecycle.RecoverAsync"/>). Until it is done no request can start an operation that recovery would
/// mistake for an interrupted one; if it cannot be done, the connector does not start. Then the tasks of split jobs
/// that ended while their tasks were left (docs/connector-service.md, "Tasks") are cancelled and their states deleted.
/// </summary>
internal sealed class JobRecovery(IConnectorStore store, JobLifecycle lifecycle, Tasks.JobTaskStore tasks) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await lifecycle.RecoverAsync(cancellationToken).ConfigureAwait(false);
        await tasks.EndLeftOverAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
