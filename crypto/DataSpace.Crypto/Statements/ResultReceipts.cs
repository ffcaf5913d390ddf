using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Statements;

/// <summary>A dataset a job read, by id and content digest.</summary>
public sealed record DatasetDigest(string Id, string Digest);

/// <summary>
/// What a result receipt states: which job, module, agreement and datasets produced which (sealed) output, for
/// whom, and where the release stands in the connector's signed log, with the proof to check it offline.
/// </summary>
public sealed record ReceiptContent
{
    public required string JobId { get; init; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the job's WebAssembly module.</summary>
    public required string ModuleDigest { get; init; }

    public required string AgreementId { get; init; }

    public required IReadOnlyList<DatasetDigest> Datasets { get; init; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the sealed envelope the data user receives.</summary>
    public required string OutputDigest { get; init; }

    /// <summary>The data user's key id: whom the output is sealed to.</summary>
    public required string Recipient { get; init; }

    /// <summary>The log's Merkle digest (<c>sha256</c> or <c>sm3</c>).</summary>
    public required DigestAlgorithm LogDigest { get; init; }

    /// <summary>Index of the release entry in the log.</summary>
    public required long LogIndex { get; init; }

    /// <summary>The leaf bytes of that entry (<see cref="LogLeaf"/>): what the inclusion proof hashes.</summary>
    public required ReadOnlyMemory<byte> Leaf { get; init; }

    /// <summary>Inclusion proof of the leaf in the tree of <see cref="Checkpoint"/>'s size.</summary>
    public required IReadOnlyList<byte[]> InclusionProof { get; init; }

    /// <summary>The signed checkpoint note (C2SP tlog-checkpoint) the proof leads to.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>
    /// What the run used, in its published form (<see cref="MeterRecord.Published"/>): equal to the <c>meter</c> detail of
    /// the release entry. Null only in receipts of releases logged before metering, whose entries carry none.
    /// </summary>
    public MeterRecord? Meter { get; init; }
}

/// <summary>
/// The checks of <see cref="ResultReceipts.Verify"/>, in the order it runs them: a failure names the first that failed,
/// so every check before it passed and none after it ran (a console shows them one by one from this, never from the
/// failure's text).
/// </summary>
public enum ReceiptCheckStage
{
    /// <summary>The connector's signature on the receipt, and the receipt's body.</summary>
    Signature = 1,

    /// <summary>The sealed output is the one the receipt names (its digest).</summary>
    Output,

    /// <summary>The checkpoint's signature and origin.</summary>
    Checkpoint,

    /// <summary>The logged entry is this job's release of this output and module, with the receipt's meter.</summary>
    LogEntry,

    /// <summary>The entry is in the checkpoint's tree (RFC 9162 inclusion proof).</summary>
    Inclusion,
}

/// <summary>The outcome of <see cref="ResultReceipts.Verify"/>; <see cref="FailedStage"/> is the check that failed, null when valid.</summary>
public sealed record ReceiptVerification(bool IsValid, string? Failure, ReceiptContent? Content, Checkpoint? Checkpoint, ReceiptCheckStage? FailedStage = null);

/// <summary>
/// Result receipts: statements of type <see cref="Type"/>, signed by the connector, that a data user or auditor
/// verifies offline with nothing but the connector's public key (docs/crypto.md).
/// </summary>
/// <remarks>
/// The release entry the receipt points to must be the connector's log entry for the release: action
/// <see cref="ReleaseAction"/>, resource <c>job/&lt;job id&gt;</c>, digests <c>output</c> and <c>module</c>
/// equal to the receipt's, and its <c>meter</c> detail equal to the receipt's meter. So the receipt, the log, the output and what the run used are bound to one another.
/// </remarks>
public static class ResultReceipts
{
    /// <summary>The statement type of a receipt.</summary>
    public const string Type = "dataspace/receipt/v1";

    /// <summary>The log action of a release entry.</summary>
    public const string ReleaseAction = "result.release";

    /// <summary>The detail of a run-ending log entry that holds its <see cref="MeterRecord"/> (canonical JSON, published form).</summary>
    public const string MeterDetail = "meter";

    /// <summary>The digest of sealed output bytes, in the receipt's form.</summary>
    public static string OutputDigestOf(ReadOnlySpan<byte> sealedOutput) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(sealedOutput));

    /// <summary>Signs a receipt.</summary>
    public static SignedStatement Create(ReceiptContent content, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new JsonObject
        {
            ["agreement"] = content.AgreementId,
            ["datasets"] = new JsonArray([.. content.Datasets.Select(d => (JsonNode)new JsonObject { ["digest"] = d.Digest, ["id"] = d.Id })]),
            ["job"] = content.JobId,
            ["log"] = new JsonObject
            {
                ["checkpoint"] = content.Checkpoint,
                ["digest"] = content.LogDigest.Name(),
                ["index"] = content.LogIndex,
                ["leaf"] = Convert.ToBase64String(content.Leaf.Span),
                ["proof"] = new JsonArray([.. content.InclusionProof.Select(h => (JsonNode)Convert.ToBase64String(h))]),
            },
            ["module"] = content.ModuleDigest,
            ["output"] = content.OutputDigest,
            ["recipient"] = content.Recipient,
        };
        if (content.Meter is { } meter)
        {
            body["meter"] = meter.ToNode();
        }

        return SignedStatement.Sign(Type, body, key);
    }

    /// <summary>
    /// Signs a receipt for the release entry at <paramref name="logIndex"/>, with its leaf and an inclusion proof
    /// read from <paramref name="log"/> against <paramref name="checkpoint"/>, which must already cover the entry.
    /// </summary>
    public static SignedStatement Create(ReceiptContent content, ITransparencyLog log, long logIndex, SignedCheckpoint checkpoint, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (logIndex < 0 || logIndex >= checkpoint.Checkpoint.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(logIndex), logIndex, $"the checkpoint covers entries 0 to {checkpoint.Checkpoint.Size - 1}");
        }

        return Create(content with
        {
            LogDigest = log.Hasher.Algorithm,
            LogIndex = logIndex,
            Leaf = log.ReadLeaf(logIndex),
            InclusionProof = log.InclusionProof(logIndex, checkpoint.Checkpoint.Size),
            Checkpoint = checkpoint.Note,
        }, key);
    }

    /// <summary>
    /// Verifies a receipt offline: the connector's signature, that <paramref name="sealedOutput"/> is the output it
    /// names, the checkpoint's signature and origin, that the logged entry is this job's release of this output
    /// and module, and that the entry is in the checkpoint's tree. The failure names the first check that failed.
    /// </summary>
    public static ReceiptVerification Verify(SignedStatement receipt, PublicKey connectorKey, string origin, ReadOnlySpan<byte> sealedOutput)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(connectorKey);
        if (!receipt.Verify(connectorKey, Type, out var error))
        {
            return Fail(ReceiptCheckStage.Signature, error);
        }

        ReceiptContent content;
        try
        {
            content = Read(receipt.Body);
        }
        catch (StatementException e)
        {
            return Fail(ReceiptCheckStage.Signature, e.Message);
        }

        if (!string.Equals(OutputDigestOf(sealedOutput), content.OutputDigest, StringComparison.Ordinal))
        {
            return Fail(ReceiptCheckStage.Output, $"the output's digest is not the receipt's {content.OutputDigest}", content);
        }

        if (!CheckpointNote.TryOpen(content.Checkpoint, connectorKey, origin, out var checkpoint, out var checkpointError))
        {
            return Fail(ReceiptCheckStage.Checkpoint, $"checkpoint: {checkpointError}", content);
        }

        if (content.LogIndex >= checkpoint!.Size)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log index {content.LogIndex} is beyond the checkpoint's size {checkpoint.Size}", content, checkpoint);
        }

        if (!LogLeaf.TryParse(content.Leaf.Span, out var parts, out var leafError))
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log leaf: {leafError}", content, checkpoint);
        }

        if (parts.Index != content.LogIndex)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"the log leaf is entry {parts.Index}, not {content.LogIndex}", content, checkpoint);
        }

        LogEntry entry;
        try
        {
            entry = LogEntry.Parse(content.Leaf.Span[parts.Entry]);
        }
        catch (Exception e) when (e is LogFormatException or FormatException or System.Text.Json.JsonException)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log entry: {e.Message}", content, checkpoint);
        }

        if (entry.Action != ReleaseAction || entry.Resource != "job/" + content.JobId)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log entry {content.LogIndex} is '{entry.Action}' of '{entry.Resource}', not the release of job/{content.JobId}", content, checkpoint);
        }

        if (entry.Digests is not { } digests
            || !digests.TryGetValue("output", out var output) || output != content.OutputDigest
            || !digests.TryGetValue("module", out var module) || module != content.ModuleDigest)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log entry {content.LogIndex} does not name the receipt's output and module digests", content, checkpoint);
        }

        if (MeterMismatch(content, entry) is { } mismatch)
        {
            return Fail(ReceiptCheckStage.LogEntry, $"log entry {content.LogIndex}: {mismatch}", content, checkpoint);
        }

        var hasher = MerkleHasher.For(content.LogDigest);
        if (!MerkleVerifier.VerifyInclusion(hasher, content.LogIndex, checkpoint.Size, hasher.HashLeaf(content.Leaf.Span), content.InclusionProof, checkpoint.RootHash.Span))
        {
            return Fail(ReceiptCheckStage.Inclusion, $"the inclusion proof of entry {content.LogIndex} does not lead to the checkpoint's root", content, checkpoint);
        }

        return new ReceiptVerification(true, null, content, checkpoint);
    }

    /// <summary>Reads a receipt's body; throws <see cref="StatementException"/> naming a missing or malformed field.</summary>
    public static ReceiptContent Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var log = body["log"] as JsonObject ?? throw new StatementException("receipt's 'log' is missing or not an object");
        var datasets = body["datasets"] as JsonArray ?? throw new StatementException("receipt's 'datasets' is missing or not an array");
        var proof = log["proof"] as JsonArray ?? throw new StatementException("receipt's 'log.proof' is missing or not an array");
        if (!Digest.TryParse(Text(log, "digest", "log.digest"), out var digest))
        {
            throw new StatementException("receipt's 'log.digest' is not sha256 or sm3");
        }

        return new ReceiptContent
        {
            JobId = Text(body, "job", "job"),
            ModuleDigest = Text(body, "module", "module"),
            AgreementId = Text(body, "agreement", "agreement"),
            Datasets = [.. datasets.Select((d, i) => d is JsonObject o
                ? new DatasetDigest(Text(o, "id", $"datasets[{i}].id"), Text(o, "digest", $"datasets[{i}].digest"))
                : throw new StatementException($"receipt's 'datasets[{i}]' is not an object"))],
            OutputDigest = Text(body, "output", "output"),
            Recipient = Text(body, "recipient", "recipient"),
            LogDigest = digest,
            LogIndex = log["index"] is JsonValue index && index.TryGetValue<long>(out var i) && i >= 0
                ? i
                : throw new StatementException("receipt's 'log.index' is missing or not a non-negative integer"),
            Leaf = Base64(Text(log, "leaf", "log.leaf"), "log.leaf"),
            InclusionProof = [.. proof.Select((h, n) => Base64(h is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new StatementException($"receipt's 'log.proof[{n}]' is not a string"), $"log.proof[{n}]"))],
            Checkpoint = Text(log, "checkpoint", "log.checkpoint"),
            Meter = body.ContainsKey("meter") ? ReadMeter(body["meter"]) : null,
        };
    }

    private static MeterRecord ReadMeter(JsonNode? node)
    {
        try
        {
            return MeterRecord.Parse(node);
        }
        catch (StatementException e)
        {
            throw new StatementException("receipt's " + e.Message, e);
        }
    }

    /// <summary>The meter check: the receipt's meter is the release entry's <c>meter</c> detail, or both have none.</summary>
    private static string? MeterMismatch(ReceiptContent content, LogEntry entry)
    {
        var logged = entry.Details is { } details && details.TryGetValue(MeterDetail, out var text) ? text : null;
        if (logged is null || content.Meter is null)
        {
            return logged is null && content.Meter is null ? null
                : logged is null ? "the entry carries no meter, the receipt does" : "the entry carries a meter, the receipt does not";
        }

        if (!MeterRecord.TryParse(logged, out var meter, out var error))
        {
            return $"the entry's meter does not parse: {error}";
        }

        return meter == content.Meter ? null : $"the receipt's meter {content.Meter.ToJson()} is not the logged meter {logged}";
    }

    private static ReceiptVerification Fail(ReceiptCheckStage stage, string? failure, ReceiptContent? content = null, Checkpoint? checkpoint = null) =>
        new(false, failure, content, checkpoint, stage);

    private static string Text(JsonObject node, string name, string path) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new StatementException($"receipt's '{path}' is missing or not a non-empty string");

    private static byte[] Base64(string text, string path)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new StatementException($"receipt's '{path}' is not base64", e);
        }
    }
}
