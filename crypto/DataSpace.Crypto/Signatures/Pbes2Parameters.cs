using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>The PBES2-params of RFC 8018 appendix A.4 that this library can use.</summary>
internal sealed record Pbes2Parameters(byte[] Salt, int Iterations, HashAlgorithmName Prf, int KeySize, byte[] Iv)
{
    public static Pbes2Parameters Read(AsnReader algorithm)
    {
        var pbes2 = algorithm.ReadSequence();
        algorithm.ThrowIfNotEmpty();

        // keyDerivationFunc: PBKDF2-params, RFC 8018 appendix A.2.
        var kdf = pbes2.ReadSequence();
        var kdfOid = kdf.ReadObjectIdentifier();
        if (kdfOid != Oids.Pbkdf2)
        {
            throw new KeyFormatException($"unsupported key derivation OID {kdfOid}: expected PBKDF2");
        }

        var kdfParams = kdf.ReadSequence();
        kdf.ThrowIfNotEmpty();
        var salt = kdfParams.ReadOctetString();
        if (!kdfParams.TryReadInt32(out var iterations) || iterations < 1 || iterations > Pbes2.MaxIterations)
        {
            throw new KeyFormatException($"PBKDF2 iteration count is out of range 1..{Pbes2.MaxIterations}");
        }

        int? keyLength = null;
        if (kdfParams.HasData && kdfParams.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            keyLength = kdfParams.TryReadInt32(out var length) ? length : -1;
        }

        var prf = HashAlgorithmName.SHA1;
        if (kdfParams.HasData)
        {
            var prfSequence = kdfParams.ReadSequence();
            var prfOid = prfSequence.ReadObjectIdentifier();
            if (prfSequence.HasData)
            {
                prfSequence.ReadNull();
            }

            prfSequence.ThrowIfNotEmpty();
            prf = prfOid switch
            {
                Oids.HmacWithSha1 => HashAlgorithmName.SHA1,
                Oids.HmacWithSha256 => HashAlgorithmName.SHA256,
                Oids.HmacWithSha384 => HashAlgorithmName.SHA384,
                Oids.HmacWithSha512 => HashAlgorithmName.SHA512,
                _ => throw new KeyFormatException($"unsupported PBKDF2 PRF OID {prfOid}"),
            };
        }

        kdfParams.ThrowIfNotEmpty();

        // encryptionScheme: AES-CBC with the IV as parameter, RFC 8018 appendix B.2.5.
        var encryption = pbes2.ReadSequence();
        pbes2.ThrowIfNotEmpty();
        var cipherOid = encryption.ReadObjectIdentifier();
        var keySize = cipherOid switch
        {
            Oids.Aes128Cbc => 16,
            Oids.Aes192Cbc => 24,
            Oids.Aes256Cbc => 32,
            _ => throw new KeyFormatException($"unsupported key encryption cipher OID {cipherOid}: expected AES-CBC"),
        };
        var iv = encryption.ReadOctetString();
        encryption.ThrowIfNotEmpty();
        if (iv.Length != 16)
        {
            throw new KeyFormatException("AES-CBC IV is not 16 bytes");
        }

        if (keyLength is { } declared && declared != keySize)
        {
            throw new KeyFormatException("PBKDF2 key length does not match the cipher");
        }

        return new Pbes2Parameters(salt, iterations, prf, keySize, iv);
    }
}
