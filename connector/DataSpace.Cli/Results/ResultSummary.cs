using DataSpace.Crypto.Statements;

namespace DataSpace.Cli.Results;

/// <summary>What <c>dsc result get --json</c> prints: the receipt's statements (its meter included) and where the plaintext went.</summary>
internal sealed record ResultSummary(
    string Job, bool Valid, string? Failure, bool ConnectorKeyPinned,
    string? Module, string? Agreement, IReadOnlyList<DatasetDigest> Datasets, string? Output, string? Recipient, long? LogIndex,
    string? CheckpointOrigin, long? CheckpointSize, string? Out, int Bytes, System.Text.Json.Nodes.JsonObject? Meter = null);
