using System.Security.Cryptography;
using DataSpace.Crypto.Json;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A plan as it is approved: its canonical JSON (RFC 8785), the digest of those bytes and the parsed plan. Two plans
/// that differ only in whitespace or member order have one digest; a supplier approves (or a policy pre-approves
/// with <c>dsc:moduleDigest</c>) exactly one meaning.
/// </summary>
public sealed class PlanDocument
{
    private PlanDocument(byte[] canonical, AnalysisPlan plan)
    {
        Canonical = canonical;
        Plan = plan;
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>The canonical UTF-8 JSON: what is stored, hashed and shown to the supplier.</summary>
    public ReadOnlyMemory<byte> Canonical { get; }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of <see cref="Canonical"/>.</summary>
    public string Digest { get; }

    public AnalysisPlan Plan { get; }

    /// <summary>Reads a plan as submitted (any JSON layout) and canonicalises it.</summary>
    /// <exception cref="PlanException">The text is not a valid plan.</exception>
    public static PlanDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > PlanLimits.MaxBytes)
        {
            throw new PlanException("$", $"the plan is {utf8Json.Length} bytes; the limit is {PlanLimits.MaxBytes}");
        }

        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Canonicalize(utf8Json);
        }
        catch (CanonicalJsonException e)
        {
            throw new PlanException("$", $"not valid JSON: {e.Message}");
        }

        return new PlanDocument(canonical, PlanParser.Parse(canonical));
    }

    /// <summary>Reads a stored plan: it must already be canonical, so its digest is the one approved.</summary>
    /// <exception cref="PlanException">The bytes are not a canonical plan.</exception>
    public static PlanDocument Load(ReadOnlySpan<byte> canonical)
    {
        if (!CanonicalJson.IsCanonical(canonical))
        {
            throw new PlanException("$", "a stored plan must be canonical JSON");
        }

        return new PlanDocument(canonical.ToArray(), PlanParser.Parse(canonical));
    }

    /// <summary>Whether stored bytes hold a plan rather than a WebAssembly module (which starts with <c>\0asm</c>).</summary>
    public static bool IsPlan(ReadOnlySpan<byte> stored) => stored.Length > 0 && stored[0] == (byte)'{';
}
