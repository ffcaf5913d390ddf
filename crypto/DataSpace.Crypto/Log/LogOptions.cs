using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Log;

/// <summary>Where and how the transparency log is stored.</summary>
public sealed class LogOptions
{
    /// <summary>The folder holding the log's files; created if missing.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The Merkle hash: sha256, or sm3 for sm2 deployments. Fixed when the log is created.</summary>
    public DigestAlgorithm Digest { get; set; } = DigestAlgorithm.Sha256;

    /// <summary>The checkpoint origin and note key name; by default <c>dataspace/&lt;connector key id&gt;</c>.</summary>
    public string? Origin { get; set; }

    /// <summary>Checkpoints are signed at most this often while the log grows (and on demand).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest entry accepted, in bytes of canonical JSON.</summary>
    public int MaxEntryBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How often the derived files (index, node hashes) are made durable. Entries are always durable before an
    /// append is acknowledged; this only bounds how much is rebuilt from the entries after a power cut.
    /// </summary>
    public TimeSpan DerivedSyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The key the log's checkpoints are signed with. When set, opening the log also verifies the signature of the
    /// last checkpoint in its folder (the entries are checked against its size and root either way).
    /// </summary>
    public DataSpace.Crypto.Signatures.PublicKey? CheckpointKey { get; set; }

    /// <summary>After a write failed, how often the log tries to write again (docs/audit-log.md, "Write failures").</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many bytes the probe that ends a write failure must write and make durable before appends resume.</summary>
    public int RetryProbeBytes { get; set; } = 1024 * 1024;
}
