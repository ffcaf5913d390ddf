using System.Text;
using System.Text.Json;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.WebConsole.Auditor;

/// <summary>
/// The auditor's check of a result receipt (docs/console.md, "Auditor"; docs/crypto.md, "Result receipts"), one check
/// at a time so that each says why it passed or failed: the connector's <b>signature</b> on the receipt; the <b>log
/// entry</b> (the leaf is this job's <c>result.release</c> naming the receipt's output and module digests and meter, as
/// <see cref="ResultReceipts.Verify"/> requires, and the connector's log holds exactly this leaf at that index); its
/// <b>inclusion</b> in the tree of the connector's current checkpoint (a proof fetched now, checked here, RFC 9162
/// §2.1.3.2); the receipt's own <b>checkpoint</b> (signed by the connector for its origin, the receipt's proof leading to
/// its root, and consistent with the current checkpoint, RFC 9162 §2.1.4.2). Every check runs on what it can read, so
/// one altered byte shows in each check it breaks.
/// </summary>
/// <remarks>
/// The auditor has no envelope: the output digest is checked only when the pasted text is the whole result
/// (<c>{"receipt", "envelope"}</c>, as <c>GET /api/v1/results/{id}</c> answers the data user).
/// </remarks>
internal static class ReceiptCheck
{
    public const string Signature = "CheckSignature";
    public const string Entry = "CheckLogEntry";
    public const string Inclusion = "CheckInclusion";
    public const string CheckpointStep = "CheckCheckpoint";

    public static async Task<ReceiptReport> RunAsync(string text, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(connector);
        SignedStatement receipt;
        byte[]? envelope = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("receipt", out var inner))
            {
                envelope = root.TryGetProperty("envelope", out var sealedOutput) && sealedOutput.ValueKind == JsonValueKind.String
                    ? Convert.FromBase64String(sealedOutput.GetString()!) : null;
                root = inner;
            }

            receipt = SignedStatement.Parse(root.GetRawText());
        }
        catch (Exception e) when (e is JsonException or StatementException or FormatException)
        {
            return ReceiptReport.Unreadable(e.Message);
        }

        var trust = await connector.TrustAsync(cancellationToken).ConfigureAwait(false);
        if (!trust.Ok)
        {
            return ReceiptReport.Unreadable(trust.Problem ?? "the connector's key is unknown");
        }

        var (key, origin) = (trust.Key!, trust.Origin!);
        var signature = receipt.Verify(key, ResultReceipts.Type, out var signatureError)
            ? new ReceiptCheckStep(Signature, CheckOutcome.Passed, $"signed by the connector's key {key.KeyId}")
            : new ReceiptCheckStep(Signature, CheckOutcome.Failed, signatureError ?? "");
        ReceiptContent content;
        try
        {
            content = ResultReceipts.Read(receipt.Body);
        }
        catch (StatementException e)
        {
            return new ReceiptReport(null, [signature, .. new[] { Entry, Inclusion, CheckpointStep }.Select(n => new ReceiptCheckStep(n, CheckOutcome.NotRun, e.Message))], null, null);
        }

        var hasher = MerkleHasher.For(content.LogDigest);
        var current = await CurrentCheckpointAsync(connector, key, origin, cancellationToken).ConfigureAwait(false);
        return new ReceiptReport(null,
        [
            signature,
            await EntryAsync(content, envelope, connector, cancellationToken).ConfigureAwait(false),
            await InclusionAsync(content, hasher, current, connector, cancellationToken).ConfigureAwait(false),
            await ReceiptCheckpointAsync(content, hasher, key, origin, current, connector, cancellationToken).ConfigureAwait(false),
        ], content.JobId, content.LogIndex);
    }

    private static async Task<ReceiptCheckStep> EntryAsync(ReceiptContent content, byte[]? envelope, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        if (!LogLeaf.TryParse(content.Leaf.Span, out var parts, out var leafError))
        {
            return Fail(Entry, $"log leaf: {leafError}");
        }

        if (parts.Index != content.LogIndex)
        {
            return Fail(Entry, $"the log leaf is entry {parts.Index}, not {content.LogIndex}");
        }

        LogEntry entry;
        try
        {
            entry = LogEntry.Parse(content.Leaf.Span[parts.Entry]);
        }
        catch (Exception e) when (e is LogFormatException or FormatException or JsonException)
        {
            return Fail(Entry, $"log entry: {e.Message}");
        }

        if (entry.Action != ResultReceipts.ReleaseAction || entry.Resource != "job/" + content.JobId)
        {
            return Fail(Entry, $"log entry {content.LogIndex} is '{entry.Action}' of '{entry.Resource}', not the release of job/{content.JobId}");
        }

        if (entry.Digests is not { } digests || !digests.TryGetValue("output", out var output) || output != content.OutputDigest
            || !digests.TryGetValue("module", out var module) || module != content.ModuleDigest)
        {
            return Fail(Entry, $"log entry {content.LogIndex} does not name the receipt's output and module digests");
        }

        var logged = entry.Details is { } details && details.TryGetValue(ResultReceipts.MeterDetail, out var meterText) ? meterText : null;
        if ((logged, content.Meter) switch
        {
            (null, null) => false,
            (null, _) or (_, null) => true,
            _ => !MeterRecord.TryParse(logged, out var meter, out _) || meter != content.Meter,
        })
        {
            return Fail(Entry, $"log entry {content.LogIndex}: the receipt's meter is not the logged meter");
        }

        if (envelope is not null && ResultReceipts.OutputDigestOf(envelope) != content.OutputDigest)
        {
            return Fail(Entry, $"the envelope's digest is not the receipt's {content.OutputDigest}");
        }

        var served = await connector.GetAsync($"/api/v1/audit/entries?start={content.LogIndex}&count=1", cancellationToken).ConfigureAwait(false);
        if (!served.Ok)
        {
            return Fail(Entry, $"the connector does not serve entry {content.LogIndex}: {served.Problem}");
        }

        var leaves = served.Body.GetProperty("leaves");
        return leaves.GetArrayLength() == 1 && Encoding.UTF8.GetBytes(leaves[0].GetString()!).AsSpan().SequenceEqual(content.Leaf.Span)
            ? new ReceiptCheckStep(Entry, CheckOutcome.Passed, $"entry {content.LogIndex}: {entry.Action} of {entry.Resource}, as the connector's log holds it")
            : Fail(Entry, $"the connector's log holds another entry at {content.LogIndex}");
    }

    private static async Task<ReceiptCheckStep> InclusionAsync(
        ReceiptContent content, MerkleHasher hasher, (Checkpoint? Checkpoint, string? Problem) current, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        if (current.Checkpoint is not { } head)
        {
            return Fail(Inclusion, $"the current checkpoint: {current.Problem}");
        }

        if (content.LogIndex >= head.Size)
        {
            return Fail(Inclusion, $"log index {content.LogIndex} is beyond the current checkpoint's size {head.Size}");
        }

        var proof = await ProofAsync(connector, $"/api/v1/audit/proof/inclusion?index={content.LogIndex}&treeSize={head.Size}", cancellationToken).ConfigureAwait(false);
        return proof is not null && MerkleVerifier.VerifyInclusion(hasher, content.LogIndex, head.Size, hasher.HashLeaf(content.Leaf.Span), proof, head.RootHash.Span)
            ? new ReceiptCheckStep(Inclusion, CheckOutcome.Passed, $"entry {content.LogIndex} is in the tree of the current checkpoint (size {head.Size})")
            : Fail(Inclusion, $"the inclusion proof of entry {content.LogIndex} does not lead to the current checkpoint's root (size {head.Size})");
    }

    private static async Task<ReceiptCheckStep> ReceiptCheckpointAsync(
        ReceiptContent content, MerkleHasher hasher, PublicKey key, string origin, (Checkpoint? Checkpoint, string? Problem) current,
        ConsoleConnector connector, CancellationToken cancellationToken)
    {
        if (!CheckpointNote.TryOpen(content.Checkpoint, key, origin, out var checkpoint, out var error))
        {
            return Fail(CheckpointStep, $"checkpoint: {error}");
        }

        if (content.LogIndex >= checkpoint!.Size
            || !MerkleVerifier.VerifyInclusion(hasher, content.LogIndex, checkpoint.Size, hasher.HashLeaf(content.Leaf.Span), content.InclusionProof, checkpoint.RootHash.Span))
        {
            return Fail(CheckpointStep, $"the receipt's inclusion proof of entry {content.LogIndex} does not lead to its checkpoint's root (size {checkpoint.Size})");
        }

        if (current.Checkpoint is not { } head)
        {
            return Fail(CheckpointStep, $"the current checkpoint: {current.Problem}");
        }

        var consistency = checkpoint.Size > head.Size ? null
            : await ProofAsync(connector, $"/api/v1/audit/proof/consistency?from={checkpoint.Size}&to={head.Size}", cancellationToken).ConfigureAwait(false);
        return consistency is not null && MerkleVerifier.VerifyConsistency(hasher, checkpoint.Size, head.Size, checkpoint.RootHash.Span, head.RootHash.Span, consistency)
            ? new ReceiptCheckStep(CheckpointStep, CheckOutcome.Passed, $"signed by the connector for {origin}, size {checkpoint.Size}, consistent with the current checkpoint (size {head.Size})")
            : Fail(CheckpointStep, $"the receipt's checkpoint (size {checkpoint.Size}) is not consistent with the current checkpoint (size {head.Size}): history was rewritten or a fork is shown");
    }

    /// <summary>The connector's current checkpoint, its signature and origin checked with the connector's key.</summary>
    private static async Task<(Checkpoint?, string?)> CurrentCheckpointAsync(ConsoleConnector connector, PublicKey key, string origin, CancellationToken cancellationToken)
    {
        var note = Encoding.UTF8.GetString(await connector.GetBytesAsync("/api/v1/audit/checkpoint", cancellationToken).ConfigureAwait(false));
        return CheckpointNote.TryOpen(note, key, origin, out var checkpoint, out var error) ? (checkpoint, null) : (null, error);
    }

    private static async Task<IReadOnlyList<byte[]>?> ProofAsync(ConsoleConnector connector, string path, CancellationToken cancellationToken)
    {
        var answer = await connector.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (!answer.Ok || answer.Body.ValueKind != JsonValueKind.Object || !answer.Body.TryGetProperty("hashes", out var hashes))
        {
            return null;
        }

        try
        {
            return [.. hashes.EnumerateArray().Select(h => Convert.FromBase64String(h.GetString() ?? ""))];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ReceiptCheckStep Fail(string name, string detail) => new(name, CheckOutcome.Failed, detail);
}
