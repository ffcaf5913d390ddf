using System.Buffers.Binary;
using System.Text;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// The binary wire format of docs/crypto.md, "Envelope encryption": version (1), construction (1), recipient
/// key id (16), job id length (2, big-endian) and UTF-8 job id, encapsulated key length (2, big-endian) and
/// encapsulated key, nonce (12), then ciphertext || tag (16) to the end. Everything before the ciphertext is the
/// header, and the header is the associated data of the content cipher.
/// </summary>
internal static class EnvelopeFormat
{
    public const byte Version = 1;
    public const int KeyIdSize = 16;
    public const int MaxJobIdBytes = 1024;
    public const int FixedHeaderSize = 1 + 1 + KeyIdSize + 2 + 2 + IContentCipher.NonceSize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 job id; an empty, overlong or malformed id is an <see cref="ArgumentException"/>.</summary>
    public static byte[] EncodeJobId(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        byte[] encoded;
        try
        {
            encoded = StrictUtf8.GetBytes(jobId);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException("job id is not valid Unicode", nameof(jobId), exception);
        }

        if (encoded.Length > MaxJobIdBytes)
        {
            throw new ArgumentException($"job id is {encoded.Length} bytes in UTF-8, at most {MaxJobIdBytes} allowed", nameof(jobId));
        }

        return encoded;
    }

    /// <summary>Writes the header into a new array with <paramref name="trailingBytes"/> free bytes after it.</summary>
    public static byte[] WriteHeader(SealedEnvelope envelope, int trailingBytes)
    {
        var jobId = EncodeJobId(envelope.JobId);
        var encapsulatedKey = envelope.EncapsulatedKey.Span;
        var output = new byte[FixedHeaderSize + jobId.Length + encapsulatedKey.Length + trailingBytes];
        var span = output.AsSpan();
        span[0] = Version;
        span[1] = (byte)envelope.Construction;
        Convert.FromHexString(envelope.RecipientKeyId, span.Slice(2, KeyIdSize), out _, out _);
        var offset = 2 + KeyIdSize;
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)jobId.Length);
        jobId.CopyTo(span[(offset + 2)..]);
        offset += 2 + jobId.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)encapsulatedKey.Length);
        encapsulatedKey.CopyTo(span[(offset + 2)..]);
        offset += 2 + encapsulatedKey.Length;
        envelope.Nonce.Span.CopyTo(span[offset..]);
        return output;
    }

    public static SealedEnvelope Parse(ReadOnlySpan<byte> input)
    {
        var reader = new EnvelopeReader(input);
        var version = reader.ReadByte("format version");
        if (version != Version)
        {
            throw new EnvelopeException($"unsupported envelope format version {version}, expected {Version}");
        }

        var constructionId = reader.ReadByte("construction");
        if (!EnvelopeConstructions.TryGet(constructionId, out var construction))
        {
            throw new EnvelopeException($"unknown construction {constructionId}");
        }

        var keyId = Convert.ToHexStringLower(reader.Read(KeyIdSize, "recipient key id"));
        var jobIdBytes = reader.Read(reader.ReadLength("job id length"), "job id");
        if (jobIdBytes.IsEmpty || jobIdBytes.Length > MaxJobIdBytes)
        {
            throw new EnvelopeException($"job id is {jobIdBytes.Length} bytes, expected 1 to {MaxJobIdBytes}");
        }

        string jobId;
        try
        {
            jobId = StrictUtf8.GetString(jobIdBytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new EnvelopeException("job id is not valid UTF-8", exception);
        }

        var encapsulatedKey = reader.Read(reader.ReadLength("encapsulated key length"), "encapsulated key");
        if (encapsulatedKey.Length != construction.EncapsulatedKeySize)
        {
            throw new EnvelopeException(
                $"encapsulated key is {encapsulatedKey.Length} bytes, expected {construction.EncapsulatedKeySize} for {construction.Name}");
        }

        var nonce = reader.Read(IContentCipher.NonceSize, "nonce");
        var ciphertext = reader.ReadRest();
        if (ciphertext.Length < IContentCipher.TagSize)
        {
            throw new EnvelopeException(
                $"envelope is truncated: ciphertext is {ciphertext.Length} bytes, shorter than the {IContentCipher.TagSize}-byte tag");
        }

        return new SealedEnvelope(construction.Id, keyId, jobId, encapsulatedKey.ToArray(), nonce.ToArray(), ciphertext.ToArray());
    }
}
