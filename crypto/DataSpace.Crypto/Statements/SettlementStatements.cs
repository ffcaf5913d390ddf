using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Statements;

/// <summary>
/// Settlement statements: statements of type <see cref="Type"/>, signed by the connector, one per agreement and
/// closed period, each logged as a <see cref="CloseAction"/> entry whose <see cref="StatementDigest"/> digest is
/// <see cref="DigestOf(SignedStatement)"/> the statement (docs/metering.md, "Settlement statement"). What the body states is
/// recomputed from the log by the connector's settlement calculator; this type only signs, parses and names.
/// </summary>
public static class SettlementStatements
{
    /// <summary>The statement type of a settlement statement.</summary>
    public const string Type = "dataspace/settlement/v1";

    /// <summary>The log action that records a statement.</summary>
    public const string CloseAction = "settlement.close";

    /// <summary>The digest of the close entry that names the statement.</summary>
    public const string StatementDigest = "statement";

    /// <summary>Largest statement accepted: a statement lists every run of its period (about 250 bytes a run).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Signs a statement body.</summary>
    public static SignedStatement Create(JsonObject body, SigningKey key) => SignedStatement.Sign(Type, body, key);

    /// <summary>Signs a body given as its canonical JSON (written without a tree); returns the statement's canonical JSON.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> canonicalBody, SigningKey key) => CanonicalStatement.Sign(Type, canonicalBody, key);

    /// <summary>Reads a statement as canonical bytes (up to <see cref="MaxBytes"/>); throws <see cref="StatementException"/> when malformed. Does not verify it.</summary>
    public static CanonicalStatement Read(byte[] json) => CanonicalStatement.Parse(json, MaxBytes);

    /// <summary>Parses a statement (up to <see cref="MaxBytes"/>); throws <see cref="StatementException"/> when malformed. Does not verify it.</summary>
    public static SignedStatement Parse(ReadOnlySpan<byte> json) => SignedStatement.Parse(json, MaxBytes);

    /// <summary><c>sha256:&lt;hex&gt;</c> of the statement's canonical JSON: the close entry's <see cref="StatementDigest"/>.</summary>
    public static string DigestOf(SignedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return DigestOf(statement.ToCanonicalJson());
    }

    /// <summary>As <see cref="DigestOf(SignedStatement)"/>, of a statement's canonical JSON already serialised.</summary>
    public static string DigestOf(ReadOnlySpan<byte> canonicalStatement) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonicalStatement));
}
