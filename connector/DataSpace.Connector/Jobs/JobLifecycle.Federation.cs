using DataSpace.Connector.Federation;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Jobs;

/// <summary>The transitions of a federated job (docs/federation.md, "Lifecycle"), claimed, logged and finalized as every other.</summary>
internal sealed partial class JobLifecycle
{
    /// <summary>
    /// The run's masked partial goes to the aggregator: the <c>federation.contribute</c> entry names the federation and
    /// the vector's digest and carries the run's meter; <paramref name="deliver"/>, given the entry's index, hands the
    /// signed vector statement to the aggregator (or stores it, on the aggregator itself). If delivery fails, the
    /// transition is aborted and the job stays Running for the caller to fail.
    /// </summary>
    public Task<TransitionResult> ContributeAsync(
        Job job, FederationRequest request, string vectorDigest, MeterRecord meter, long rowsRead, Func<long, Task> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deliver);
        var details = Metered(new Dictionary<string, string> { ["federation"] = request.FederationId, ["aggregator"] = request.Aggregator }, meter);
        return ApplyAsync(job, JobTransitions.Contribute, job.OperatorId, details,
            new() { ["vector"] = vectorDigest, ["request"] = request.Digest, ["plan"] = job.ModuleDigest },
            async index =>
            {
                await deliver(index).ConfigureAwait(false);
                return new Step
                {
                    Changes = new JobChanges { Reason = $"contributed its masked partial to federation {request.FederationId}", FinishedAt = time.GetUtcNow() },
                    RowsRead = rowsRead,
                    Meter = meter,
                };
            }, cancellationToken);
    }

    /// <summary>
    /// The aggregator's release of the combined result: the entry names the recipient and, per participant, the digest
    /// of the masked vector combined (<c>vector:KEYID</c>), so that <c>dsc audit federation</c> can match them with each
    /// participant's <c>federation.contribute</c> entry; <paramref name="deliver"/> makes the receipt.
    /// </summary>
    public Task<TransitionResult> ReleaseCombinedAsync(
        Job job, FederationRequest request, IReadOnlyList<FederationVector> vectors, SealedResult sealedResult, Func<long, Task<JobResult>> deliver,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(sealedResult);
        var digests = new Dictionary<string, string>
        {
            ["output"] = sealedResult.OutputDigest,
            ["module"] = job.ModuleDigest,
            ["dataset"] = sealedResult.DatasetDigest,
            ["request"] = request.Digest,
        };
        foreach (var vector in vectors)
        {
            digests["vector:" + vector.Participant] = vector.Digest;
        }

        return ApplyAsync(job, JobTransitions.ReleaseCombined, identity.Id,
            new Dictionary<string, string>
            {
                ["recipient"] = sealedResult.RecipientKeyId,
                ["federation"] = request.FederationId,
                ["participants"] = vectors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            digests,
            async index => new Step
            {
                Changes = new JobChanges { Reason = $"released the combined result of federation {request.FederationId}", FinishedAt = time.GetUtcNow() },
                Result = await deliver(index).ConfigureAwait(false),
            }, cancellationToken);
    }

    /// <summary>The aggregator's federation was aborted after its own contribution: nothing is combined or released.</summary>
    public Task<TransitionResult> RefuseCombinedAsync(Job job, FederationRequest request, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApplyAsync(job, JobTransitions.RefuseCombined, identity.Id,
            new() { ["reason"] = reason, ["federation"] = request.FederationId }, new() { ["request"] = request.Digest }, Ended(reason), cancellationToken);
    }
}
