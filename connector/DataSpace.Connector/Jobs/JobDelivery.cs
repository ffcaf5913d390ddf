using DataSpace.Connector.Model;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Flow 7, "Deliver": seals a vetted result to its data user and, once the release is in the log, makes the signed
/// receipt naming that entry with an inclusion proof and a fresh checkpoint (docs/crypto.md, "Receipts").
/// </summary>
internal sealed class JobDelivery(ITransparencyLog log, Checkpointer checkpointer, SigningKey connectorKey, TimeProvider time)
{
    /// <summary>Seals <paramref name="plaintext"/> to the manifest's recipient; nothing leaves until the release is logged.</summary>
    public static SealedResult Seal(string jobId, JobManifest manifest, string datasetDigest, byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var envelope = Envelopes.Seal(manifest.Recipient, jobId, plaintext).ToBytes();
        return new SealedResult(envelope, ResultReceipts.OutputDigestOf(envelope), manifest.Recipient.KeyId, datasetDigest);
    }

    /// <summary>The stored result of a release logged at <paramref name="releaseIndex"/>, with its signed receipt.</summary>
    /// <remarks>The receipt carries <paramref name="meter"/> in its published form, as the release entry's <c>meter</c> detail does.</remarks>
    public JobResult Receipt(Job job, JobManifest manifest, SealedResult sealedResult, long releaseIndex, MeterRecord meter) =>
        Receipt(job, manifest, sealedResult, releaseIndex, meter, null);

    /// <summary>
    /// As above, naming a second dataset the job read (an analysis plan's join) among the receipt's datasets; without a
    /// meter for a federation's combined release, whose entry carries none (each participant's contribution is metered).
    /// </summary>
    public JobResult Receipt(Job job, JobManifest manifest, SealedResult sealedResult, long releaseIndex, MeterRecord? meter, DatasetDigest? joined)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sealedResult);
        var receipt = ResultReceipts.Create(new ReceiptContent
        {
            JobId = job.Id,
            ModuleDigest = job.ModuleDigest,
            AgreementId = job.AgreementId,
            Datasets = joined is null
                ? [new DatasetDigest(manifest.DatasetId, sealedResult.DatasetDigest)]
                : [new DatasetDigest(manifest.DatasetId, sealedResult.DatasetDigest), joined],
            OutputDigest = sealedResult.OutputDigest,
            Recipient = sealedResult.RecipientKeyId,
            LogDigest = log.Hasher.Algorithm,
            LogIndex = releaseIndex,
            Leaf = ReadOnlyMemory<byte>.Empty,
            InclusionProof = [],
            Checkpoint = "",
            Meter = meter?.Published(),
        }, log, releaseIndex, checkpointer.SignNow(), connectorKey);
        return new JobResult
        {
            JobId = job.Id,
            Envelope = sealedResult.Envelope,
            ReceiptJson = receipt.ToString(),
            OutputDigest = sealedResult.OutputDigest,
            LogIndex = releaseIndex,
            CreatedAt = time.GetUtcNow(),
        };
    }
}
