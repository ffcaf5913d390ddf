using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>A public key of one of the <see cref="SignatureSuites"/>, identified by its <see cref="KeyId"/>.</summary>
public abstract class PublicKey : IEquatable<PublicKey>
{
    private const int KeyIdBytes = 16;

    private readonly byte[] _subjectPublicKeyInfo;

    private protected PublicKey(byte[] subjectPublicKeyInfo)
    {
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(subjectPublicKeyInfo, hash);
        KeyId = Convert.ToHexStringLower(hash[..KeyIdBytes]);
    }

    public abstract ISignatureSuite Suite { get; }

    /// <summary>The DER SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) in its canonical form.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _subjectPublicKeyInfo;

    /// <summary>Ed25519: the 32-byte key; SM2 and P-256: the uncompressed point 0x04||X||Y (65 bytes).</summary>
    public abstract ReadOnlyMemory<byte> RawKey { get; }

    /// <summary>Lowercase hex of the first 16 bytes of SHA-256 over the SubjectPublicKeyInfo DER.</summary>
    public string KeyId { get; }

    /// <summary>Checks a signature; any wrong or malformed signature gives false, never an exception.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>The SubjectPublicKeyInfo as a <c>PUBLIC KEY</c> PEM block (RFC 7468 section 13).</summary>
    public string ExportPem() => PemBlocks.Write(PemBlocks.PublicKeyLabel, _subjectPublicKeyInfo);

    /// <summary>Reads a <c>PUBLIC KEY</c> PEM block; the suite follows from the algorithm and curve OIDs.</summary>
    public static PublicKey ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var der = PemBlocks.Read(pem, "public key", PemBlocks.PublicKeyLabel).Der;
        return ImportSubjectPublicKeyInfo(der);
    }

    /// <summary>Reads a DER SubjectPublicKeyInfo; the suite follows from the algorithm and curve OIDs.</summary>
    public static PublicKey ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => KeyEncoding.DecodeSubjectPublicKeyInfo(der);

    public bool Equals(PublicKey? other) =>
        other is not null && _subjectPublicKeyInfo.AsSpan().SequenceEqual(other._subjectPublicKeyInfo);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode() => HashCode.Combine(Suite.Name, KeyId);

    public override string ToString() => $"{Suite.Name}:{KeyId}";
}
