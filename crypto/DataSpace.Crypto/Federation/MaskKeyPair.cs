using System.Security.Cryptography;
using System.Text;

namespace DataSpace.Crypto.Federation;

/// <summary>
/// A participant's key-agreement key pair for one federation job, from which it derives a pairwise mask seed with
/// every other participant (Bonawitz et al., CCS 2017, section 4: "masking with one-time pads"). The pair is derived
/// deterministically from a long-term connector secret and the federation id, so nothing needs storing, a restart
/// mid-job gives the same key, and two federations never share a key.
/// </summary>
/// <remarks>
/// Derivation: HKDF-SHA256 (RFC 5869) with IKM = the secret (at least 32 bytes), salt = UTF-8
/// <c>dataspace/federation-mask-key/v1</c>, info = UTF-8 of the agreement name, <c>\n</c> and the federation id.
/// X25519 takes 32 bytes of output clamped (RFC 7748 section 5); P-256 and SM2 take 48 bytes as a big-endian integer
/// reduced to d = OKM mod (n-1) + 1 for P-256 (SEC 1 section 3.2.1) and d = OKM mod (n-2) + 1 for SM2
/// (GB/T 32918.1-2016 section 6.1), the 128 extra bits making the bias negligible (FIPS 186-5 appendix A.2.1).
/// </remarks>
public sealed class MaskKeyPair : IDisposable
{
    /// <summary>The shortest secret accepted: 256 bits, the security level of the seeds derived from it.</summary>
    public const int MinimumSecretSize = 32;

    /// <summary>The size of a pairwise seed.</summary>
    public const int SeedSize = 32;

    private static ReadOnlySpan<byte> KeySalt => "dataspace/federation-mask-key/v1"u8;

    private static ReadOnlySpan<byte> SeedSalt => "dataspace/federation-mask-seed/v1"u8;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private MaskKeyPair(MaskAgreement agreement, byte[] privateKey)
    {
        Agreement = agreement;
        _privateKey = privateKey;
        _publicKey = MaskCurves.PublicKeyOf(agreement, privateKey);
    }

    /// <summary>The key agreement this pair belongs to.</summary>
    public MaskAgreement Agreement { get; }

    /// <summary>
    /// The encoded public key, a fresh copy on each call: X25519 the raw 32-byte u-coordinate (RFC 7748 section 5),
    /// P-256 and SM2 the uncompressed SEC 1 point 0x04||X||Y of 65 bytes (SEC 1 section 2.3.3).
    /// </summary>
    public byte[] PublicKey => _publicKey.ToArray();

    /// <summary>The private scalar (X25519 clamped little-endian, EC big-endian), for tests of derivation and Dispose.</summary>
    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Derives the pair of <paramref name="federationId"/> from <paramref name="secret"/> (see the remarks).</summary>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes or the federation id is empty.</exception>
    public static MaskKeyPair Derive(MaskAgreement agreement, ReadOnlySpan<byte> secret, string federationId)
    {
        var name = MaskAgreements.Name(agreement);
        if (secret.Length < MinimumSecretSize)
        {
            throw new ArgumentException($"the mask key secret is {secret.Length} bytes, at least {MinimumSecretSize} are required", nameof(secret));
        }

        CheckId(federationId, nameof(federationId));
        var info = Encoding.UTF8.GetBytes(name + "\n" + federationId);
        return new MaskKeyPair(agreement, MaskCurves.DerivePrivateKey(agreement, secret, KeySalt, info));
    }

    /// <summary>A pair from a given private scalar, for test vectors (RFC 7748 section 6.1, cross-checks with .NET).</summary>
    internal static MaskKeyPair FromPrivateKey(MaskAgreement agreement, ReadOnlySpan<byte> privateKey) =>
        new(agreement, privateKey.ToArray());

    /// <summary>
    /// The 32-byte seed this participant shares with <paramref name="peerId"/>: HKDF-SHA256 (RFC 5869) over the raw
    /// shared secret of the agreement, salt = UTF-8 <c>dataspace/federation-mask-seed/v1</c>, info = UTF-8 of the
    /// federation id, <c>\n</c>, the smaller participant id (ordinal), <c>\n</c>, the larger one. Binding the job
    /// and both ids means a seed never serves two jobs or two pairs. Symmetric:
    /// <c>a.SharedSeed(b.PublicKey, f, "a", "b")</c> equals <c>b.SharedSeed(a.PublicKey, f, "b", "a")</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The peer key does not decode, is not on the curve, is the identity or a low-order X25519 point; an id is
    /// empty or holds a line feed; or <paramref name="selfId"/> equals <paramref name="peerId"/>.
    /// </exception>
    public byte[] SharedSeed(ReadOnlySpan<byte> peerPublicKey, string federationId, string selfId, string peerId)
    {
        var sharedSecret = RawSharedSecret(peerPublicKey, federationId, selfId, peerId);
        try
        {
            var (low, high) = string.CompareOrdinal(selfId, peerId) < 0 ? (selfId, peerId) : (peerId, selfId);
            var info = Encoding.UTF8.GetBytes(federationId + "\n" + low + "\n" + high);
            var seed = new byte[SeedSize];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, seed, SeedSalt, info);
            return seed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>The raw agreement output before HKDF, for cross-checks against RFC 7748 and .NET.</summary>
    internal byte[] RawSharedSecret(ReadOnlySpan<byte> peerPublicKey, string federationId, string selfId, string peerId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckId(federationId, nameof(federationId));
        CheckId(selfId, nameof(selfId));
        CheckId(peerId, nameof(peerId));
        if (string.Equals(selfId, peerId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the peer id equals the own id '{selfId}': a participant shares no seed with itself", nameof(peerId));
        }

        if (MaskCurves.ProblemOf(Agreement, peerPublicKey) is { } problem)
        {
            throw new ArgumentException(problem, nameof(peerPublicKey));
        }

        var sharedSecret = new byte[MaskCurves.SharedSecretSize];
        MaskCurves.SharedSecret(Agreement, _privateKey, peerPublicKey, selfId, peerId, sharedSecret);
        return sharedSecret;
    }

    /// <summary>
    /// Checks a peer's public key without deriving anything, by the rules of <see cref="SharedSeed"/>: the length
    /// and encoding, on the curve and not the identity (P-256, SM2), not a low-order point (X25519).
    /// </summary>
    public static bool IsValidPublicKey(MaskAgreement agreement, ReadOnlySpan<byte> publicKey, out string? problem)
    {
        problem = MaskCurves.ProblemOf(agreement, publicKey);
        return problem is null;
    }

    /// <summary>Zeroes the private scalar; the public key stays readable.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        _disposed = true;
    }

    // A line feed would make the HKDF info strings ambiguous ("f\na" + "b" against "f" + "a\nb").
    private static void CheckId(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameterName);
        if (id.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"the id '{id.ReplaceLineEndings(" ")}' contains a line feed", parameterName);
        }
    }
}
