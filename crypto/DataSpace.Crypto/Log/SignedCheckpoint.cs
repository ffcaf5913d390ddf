using DataSpace.Crypto.Checkpoints;

namespace DataSpace.Crypto.Log;

/// <summary>A checkpoint and its signed note exactly as served.</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note);
