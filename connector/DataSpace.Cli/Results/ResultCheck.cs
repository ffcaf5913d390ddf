using DataSpace.Connector.Api;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Cli.Results;

/// <summary>
/// Checks a released result before anything of it is used: the receipt (connector's signature, output digest,
/// checkpoint signature and origin, release entry, inclusion proof: <see cref="ResultReceipts.Verify"/>), that the
/// receipt is for this job and this data user's key and agrees with the connector's answer, and that the envelope
/// opens for this job with the data user's key (its AEAD authenticates every byte).
/// </summary>
internal static class ResultCheck
{
    public static OpenedResult Open(ResultView view, string jobId, PublicKey connectorKey, string origin, SigningKey recipient)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(recipient);
        byte[] envelope;
        SignedStatement receipt;
        try
        {
            envelope = Convert.FromBase64String(view.Envelope ?? "");
            receipt = SignedStatement.Parse((view.Receipt ?? throw new StatementException("the answer has no receipt")).ToJsonString());
        }
        catch (Exception e) when (e is FormatException or StatementException)
        {
            return new OpenedResult(null, "the connector's answer is malformed: " + e.Message, null);
        }

        var check = ResultReceipts.Verify(receipt, connectorKey, origin, envelope);
        if (!check.IsValid)
        {
            return new OpenedResult(null, "the receipt does not verify: " + check.Failure, check);
        }

        var content = check.Content!;
        var mismatch =
            content.JobId != jobId ? $"the receipt is for job {content.JobId}, not {jobId}"
            : content.Recipient != recipient.PublicKey.KeyId ? $"the receipt names recipient key {content.Recipient}, not yours ({recipient.PublicKey.KeyId})"
            : content.LogIndex != view.LogIndex || content.OutputDigest != view.OutputDigest ? "the connector's answer disagrees with its receipt on the log index or output digest"
            : null;
        if (mismatch is not null)
        {
            return new OpenedResult(null, mismatch, check);
        }

        try
        {
            return new OpenedResult(Envelopes.Open(recipient, jobId, SealedEnvelope.Parse(envelope)), null, check);
        }
        catch (EnvelopeException e)
        {
            return new OpenedResult(null, "the envelope does not open: " + e.Message, check);
        }
    }
}
