namespace DataSpace.Crypto.Envelope;

/// <summary>
/// Content encrypted to one recipient key for one job, made by <see cref="Envelopes.Seal"/> or
/// <see cref="Parse"/>. The byte layout of <see cref="ToBytes"/> is documented in docs/crypto.md,
/// "Envelope encryption". Equality compares the fields' contents.
/// </summary>
public sealed record SealedEnvelope
{
    private readonly byte[] _encapsulatedKey;
    private readonly byte[] _nonce;
    private readonly byte[] _ciphertext;

    internal SealedEnvelope(
        EnvelopeConstruction construction,
        string recipientKeyId,
        string jobId,
        byte[] encapsulatedKey,
        byte[] nonce,
        byte[] ciphertext)
    {
        Construction = construction;
        RecipientKeyId = recipientKeyId;
        JobId = jobId;
        _encapsulatedKey = encapsulatedKey;
        _nonce = nonce;
        _ciphertext = ciphertext;
    }

    /// <summary>The wire format version this library writes and reads.</summary>
    public static int FormatVersion => EnvelopeFormat.Version;

    public EnvelopeConstruction Construction { get; }

    /// <summary>The <see cref="Signatures.PublicKey.KeyId"/> of the recipient key.</summary>
    public string RecipientKeyId { get; }

    public string JobId { get; }

    /// <summary>The ephemeral public key (X25519, P-256) or the SM2-encrypted content key (SM2).</summary>
    public ReadOnlyMemory<byte> EncapsulatedKey => _encapsulatedKey;

    public ReadOnlyMemory<byte> Nonce => _nonce;

    /// <summary>The encrypted content followed by the 16-byte authentication tag.</summary>
    public ReadOnlyMemory<byte> Ciphertext => _ciphertext;

    /// <summary>The serialized envelope.</summary>
    public byte[] ToBytes()
    {
        var output = EnvelopeFormat.WriteHeader(this, _ciphertext.Length);
        _ciphertext.CopyTo(output, output.Length - _ciphertext.Length);
        return output;
    }

    /// <summary>Reads a serialized envelope; malformed input is an <see cref="EnvelopeException"/> naming the fault.</summary>
    public static SealedEnvelope Parse(ReadOnlySpan<byte> envelope) => EnvelopeFormat.Parse(envelope);

    public bool Equals(SealedEnvelope? other) =>
        other is not null
        && Construction == other.Construction
        && string.Equals(RecipientKeyId, other.RecipientKeyId, StringComparison.Ordinal)
        && string.Equals(JobId, other.JobId, StringComparison.Ordinal)
        && _encapsulatedKey.AsSpan().SequenceEqual(other._encapsulatedKey)
        && _nonce.AsSpan().SequenceEqual(other._nonce)
        && _ciphertext.AsSpan().SequenceEqual(other._ciphertext);

    public override int GetHashCode() => HashCode.Combine(Construction, RecipientKeyId, JobId, Convert.ToHexString(_nonce));

    /// <summary>The header alone: the associated data of the content cipher.</summary>
    internal byte[] Header() => EnvelopeFormat.WriteHeader(this, trailingBytes: 0);
}
