using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>
/// DER SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) and PKCS#8 PrivateKeyInfo (RFC 5208 section 5) for
/// Ed25519 (RFC 8410) and for P-256 and SM2 keys (RFC 5480 section 2, RFC 5915 section 3).
/// </summary>
internal static class KeyEncoding
{
    public const int EcScalarSize = 32;
    private static readonly Asn1Tag EcPublicKeyTag = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag EcParametersTag = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static byte[] EncodeSubjectPublicKeyInfo(ISignatureSuite suite, ReadOnlySpan<byte> rawKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteAlgorithm(writer, suite);
            writer.WriteBitString(rawKey);
        }

        return writer.Encode();
    }

    /// <summary>Encodes a PrivateKeyInfo; <paramref name="publicPoint"/> is only used for the EC suites.</summary>
    public static byte[] EncodePrivateKeyInfo(ISignatureSuite suite, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicPoint)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        var outer = new AsnWriter(AsnEncodingRules.DER);
        try
        {
            if (ReferenceEquals(suite, Ed25519Suite.Instance))
            {
                // CurvePrivateKey ::= OCTET STRING, RFC 8410 section 7.
                inner.WriteOctetString(privateKey);
            }
            else
            {
                // ECPrivateKey without the curve (it is in the algorithm identifier), RFC 5915 section 3.
                using (inner.PushSequence())
                {
                    inner.WriteInteger(1);
                    inner.WriteOctetString(privateKey);
                    using (inner.PushSequence(EcPublicKeyTag))
                    {
                        inner.WriteBitString(publicPoint);
                    }
                }
            }

            using (outer.PushSequence())
            {
                outer.WriteInteger(0);
                WriteAlgorithm(outer, suite);
                using (outer.PushOctetString())
                {
                    inner.CopyTo(outer);
                }
            }

            return outer.Encode();
        }
        finally
        {
            inner.Reset();
            outer.Reset();
        }
    }

    public static PublicKey DecodeSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var suite = ReadAlgorithm(spki.ReadSequence());
            if (!spki.TryReadPrimitiveBitString(out var unusedBits, out var key) || unusedBits != 0)
            {
                throw new KeyFormatException("public key BIT STRING is malformed");
            }

            spki.ThrowIfNotEmpty();
            if (ReferenceEquals(suite, Ed25519Suite.Instance))
            {
                return Ed25519PublicKey.Create(key.Span);
            }

            return ReferenceEquals(suite, Sm2Suite.Instance) ? Sm2PublicKey.Create(key.Span) : P256PublicKey.Create(key.Span);
        }
        catch (AsnContentException exception)
        {
            throw new KeyFormatException("malformed public key DER: " + exception.Message, exception);
        }
    }

    /// <summary>Decodes a PrivateKeyInfo or OneAsymmetricKey (RFC 5958); the caller zeroes <paramref name="der"/>.</summary>
    public static SigningKey DecodePrivateKeyInfo(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (!info.TryReadInt32(out var version) || version is not (0 or 1))
            {
                throw new KeyFormatException("unsupported PrivateKeyInfo version");
            }

            var algorithm = info.ReadSequence();
            var suite = ReadAlgorithm(algorithm);
            if (!info.TryReadPrimitiveOctetString(out var privateKey))
            {
                throw new KeyFormatException("private key OCTET STRING is malformed");
            }

            // Attributes [0] and the public key [1] of OneAsymmetricKey are not needed: the public key is derived.
            return ReferenceEquals(suite, Ed25519Suite.Instance)
                ? DecodeEd25519(privateKey)
                : DecodeEc(suite, privateKey);
        }
        catch (AsnContentException exception)
        {
            throw new KeyFormatException("malformed private key DER: " + exception.Message, exception);
        }
    }

    private static SigningKey DecodeEd25519(ReadOnlyMemory<byte> privateKey)
    {
        var reader = new AsnReader(privateKey, AsnEncodingRules.DER);
        if (!reader.TryReadPrimitiveOctetString(out var seed))
        {
            throw new KeyFormatException("Ed25519 private key OCTET STRING is malformed");
        }

        reader.ThrowIfNotEmpty();
        return Ed25519SigningKey.Create(seed.Span);
    }

    private static SigningKey DecodeEc(ISignatureSuite suite, ReadOnlyMemory<byte> privateKey)
    {
        var reader = new AsnReader(privateKey, AsnEncodingRules.DER);
        var ecPrivateKey = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!ecPrivateKey.TryReadInt32(out var version) || version != 1)
        {
            throw new KeyFormatException("unsupported ECPrivateKey version");
        }

        if (!ecPrivateKey.TryReadPrimitiveOctetString(out var scalar) || scalar.Length > EcScalarSize)
        {
            throw new KeyFormatException("EC private key is not a 32-byte scalar");
        }

        if (ecPrivateKey.HasData && ecPrivateKey.PeekTag().HasSameClassAndValue(EcParametersTag))
        {
            var parameters = ecPrivateKey.ReadSequence(EcParametersTag);
            var curve = parameters.ReadObjectIdentifier();
            if (curve != CurveOid(suite))
            {
                throw new KeyFormatException($"ECPrivateKey curve {curve} does not match the algorithm identifier");
            }
        }

        // The optional [1] public key is ignored: the public key is derived from the scalar.
        Span<byte> d = stackalloc byte[EcScalarSize];
        try
        {
            d.Clear();
            scalar.Span.CopyTo(d[(EcScalarSize - scalar.Length)..]);
            return ReferenceEquals(suite, Sm2Suite.Instance) ? Sm2SigningKey.Create(d) : P256SigningKey.Create(d);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, ISignatureSuite suite)
    {
        using (writer.PushSequence())
        {
            if (ReferenceEquals(suite, Ed25519Suite.Instance))
            {
                // RFC 8410 section 3: the parameters MUST be absent.
                writer.WriteObjectIdentifier(Oids.Ed25519);
            }
            else
            {
                writer.WriteObjectIdentifier(Oids.EcPublicKey);
                writer.WriteObjectIdentifier(CurveOid(suite));
            }
        }
    }

    private static string CurveOid(ISignatureSuite suite) => ReferenceEquals(suite, Sm2Suite.Instance) ? Oids.Sm2 : Oids.P256;

    private static ISignatureSuite ReadAlgorithm(AsnReader algorithm)
    {
        var oid = algorithm.ReadObjectIdentifier();
        switch (oid)
        {
            case Oids.Ed25519:
                algorithm.ThrowIfNotEmpty();
                return Ed25519Suite.Instance;
            case Oids.EcPublicKey:
            case Oids.Sm2:
                if (!algorithm.HasData || !algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    throw new KeyFormatException("curve is not P-256 or SM2: the curve must be named by OID");
                }

                var curve = algorithm.ReadObjectIdentifier();
                algorithm.ThrowIfNotEmpty();
                return curve switch
                {
                    Oids.P256 => P256Suite.Instance,
                    Oids.Sm2 => Sm2Suite.Instance,
                    _ => throw new KeyFormatException($"curve is not P-256 or SM2: curve OID {curve}"),
                };
            default:
                throw new KeyFormatException($"unsupported algorithm OID {oid}");
        }
    }
}
