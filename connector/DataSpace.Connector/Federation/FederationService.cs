using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Federation;

/// <summary>
/// What moves a federation on besides the job runner (docs/federation.md, "Lifecycle"), when a vector or an abort
/// arrives and at least twice a second: on the
/// aggregator, its contributed job is released once every participant's vector is in, refused once the federation is
/// aborted, and the federation is aborted when its time runs out; on every participant, a job of the federation that
/// ended without contributing (rejected, refused, failed) aborts the federation at the aggregator, with the reason.
/// </summary>
internal sealed partial class FederationService(
    IConnectorStore store, JobLifecycle lifecycle, JobDelivery delivery, FederationInbox inbox, FederationPeers peers, ConnectorIdentity identity,
    FederationSignal signal, TimeProvider time, ILogger<FederationService> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Woken when a vector or an abort arrives, so the release follows the last vector at once; the
                // half-second look catches deadlines and participants' ended jobs.
                await signal.WaitAsync(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
                try
                {
                    await StepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The connector is stopping.
        }
    }

    /// <summary>One pass over the federations that can move.</summary>
    internal async Task StepAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await store.ListFederationsAsync(JobState.Contributed, standingOnly: false, cancellationToken).ConfigureAwait(false))
        {
            if (record.IsAggregator)
            {
                await AggregateAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var state in (JobState[])[JobState.Rejected, JobState.Refused, JobState.Failed])
        {
            foreach (var record in await store.ListFederationsAsync(state, standingOnly: true, cancellationToken).ConfigureAwait(false))
            {
                await AbortForJobAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AggregateAsync(FederationRecord record, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }

        var request = FederationRequest.Of(record);
        if (record.AbortedReason is { } reason)
        {
            await lifecycle.RefuseCombinedAsync(job, request, Jobs.FederationReasons.Aborted(request.FederationId, reason), CancellationToken.None)
                .ConfigureAwait(false);
            return;
        }

        var vectors = await store.ListFederationVectorsAsync(record.FederationId, cancellationToken).ConfigureAwait(false);
        if (vectors.Count < request.Participants.Count)
        {
            if (time.GetUtcNow() > request.Expires)
            {
                var missing = request.Participants.Select(p => p.Connector).Except(vectors.Select(v => v.Participant)).ToList();
                await store.AbortFederationAsync(record.FederationId,
                    $"no vector from {string.Join(", ", missing)} by {request.Expires:O} (offline, or not approved in time)", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await ReleaseAsync(job, request, vectors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sums the masked vectors (the masks cancel), releases the sum under the strictest participant's terms, seals it to the data user.</summary>
    private async Task ReleaseAsync(Job job, FederationRequest request, IReadOnlyList<FederationVector> vectors, CancellationToken cancellationToken)
    {
        var expected = await inbox.VectorLengthAsync(request, cancellationToken).ConfigureAwait(false);
        var masked = new List<ulong[]>();
        long minGroupSize = 1;
        foreach (var vector in vectors)
        {
            var statement = SignedStatement.Parse(vector.StatementJson);
            if (!SecureAggregation.TryDecode(FederationMessages.Text(statement, "vector"), expected, out var words, out var problem))
            {
                throw new InvalidOperationException($"the stored vector of {vector.Participant} no longer decodes: {problem}");
            }

            masked.Add(words);
            minGroupSize = Math.Max(minGroupSize, statement.Body["minGroupSize"]!.GetValue<long>());
        }

        var dataset = await inbox.OwnDatasetAsync(request, cancellationToken).ConfigureAwait(false);
        var document = PlanDocument.Parse(System.Text.Encoding.UTF8.GetBytes(request.Plan.ToJsonString()));
        var result = FederatedPlans.Combine(document.Plan, PlanDatasets.Of(dataset), SecureAggregation.Sum(masked), new PlanReleaseOptions
        {
            Mechanism = NoiseMechanism.Laplace,
            Epsilon = request.Epsilon,
            MinGroupSize = minGroupSize,
        });
        var manifest = JobManifest.Parse(System.Text.Encoding.UTF8.GetBytes(job.ManifestJson), document.Plan);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new
        {
            job = job.Id,
            federation = request.FederationId,
            participants = request.Participants.Select(p => new { connector = p.Connector, dataset = p.Dataset, agreement = p.Agreement }),
            plan = document.Digest,
            output = "aggregate",
            result = JsonSerializer.SerializeToNode(result, ResultJson),
        });
        var sealedResult = JobDelivery.Seal(job.Id, manifest, dataset.ContentDigest, plaintext);
        await lifecycle.ReleaseCombinedAsync(job, request, vectors, sealedResult,
            index => Task.FromResult(delivery.Receipt(job, manifest, sealedResult, index, null, null)), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A job of the federation ended without contributing: the federation is aborted here, and at the aggregator if that is another connector.</summary>
    private async Task AbortForJobAsync(FederationRecord record, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        var reason = $"connector {identity.KeyId}'s job was {job?.State.ToString().ToLowerInvariant()}: {job?.Reason}";
        if (!record.IsAggregator)
        {
            var request = FederationRequest.Of(record);
            var aggregator = request.Participant(request.Aggregator)!;
            try
            {
                await peers.PostAsync(aggregator.Url, $"/api/v1/federations/{Uri.EscapeDataString(record.FederationId)}/abort", new { reason }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (FederationPeerException e)
            {
                LogNotifyFailed(logger, record.FederationId, e.Message);
                return; // tried again on the next pass
            }
        }

        await store.AbortFederationAsync(record.FederationId, reason, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = EventIds.FederationStepFailed, EventName = nameof(EventIds.FederationStepFailed), Level = LogLevel.Error,
        Message = "A federation step failed; it is tried again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.FederationStepFailed + 1, EventName = "FederationAbortNotSent", Level = LogLevel.Warning,
        Message = "Federation {FederationId}: the aggregator was not told of the abort ({Problem}); tried again")]
    private static partial void LogNotifyFailed(ILogger logger, string federationId, string problem);
}

/// <summary>Wakes the <see cref="FederationService"/>: a vector or an abort arrived.</summary>
internal sealed class FederationSignal : WakeSignal;
