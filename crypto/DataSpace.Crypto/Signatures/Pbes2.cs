using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>
/// PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 section 3) with PBES2 (RFC 8018 section 6.2): writes
/// PBKDF2-HMAC-SHA256 and AES-256-CBC; reads PBKDF2 with HMAC-SHA1/256/384/512 and AES-128/192/256-CBC.
/// </summary>
internal static class Pbes2
{
    public const int Iterations = 600_000;
    public const int MaxIterations = 10_000_000;
    private const int SaltSize = 16;
    private const int IvSize = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> privateKeyInfo, ReadOnlySpan<char> passphrase)
    {
        Span<byte> salt = stackalloc byte[SaltSize];
        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(iv);

        Span<byte> key = stackalloc byte[32];
        byte[] ciphertext;
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, key, Iterations, HashAlgorithmName.SHA256);
            using var aes = Aes.Create();
            aes.SetKey(key);
            ciphertext = aes.EncryptCbc(privateKeyInfo, iv, PaddingMode.PKCS7);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.Pbes2);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Oids.Pbkdf2);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(salt);
                            writer.WriteInteger(Iterations);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(Oids.HmacWithSha256);
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Oids.Aes256Cbc);
                        writer.WriteOctetString(iv);
                    }
                }
            }

            writer.WriteOctetString(ciphertext);
        }

        return writer.Encode();
    }

    /// <summary>Decrypts to the DER PrivateKeyInfo, which the caller zeroes after use.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> encryptedPrivateKeyInfo, ReadOnlySpan<char> passphrase)
    {
        Pbes2Parameters parameters;
        byte[] ciphertext;
        try
        {
            var reader = new AsnReader(encryptedPrivateKeyInfo.ToArray(), AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = outer.ReadSequence();
            var scheme = algorithm.ReadObjectIdentifier();
            if (scheme != Oids.Pbes2)
            {
                throw new KeyFormatException($"unsupported key encryption scheme OID {scheme}: expected PBES2");
            }

            parameters = Pbes2Parameters.Read(algorithm);
            ciphertext = outer.ReadOctetString();
            outer.ThrowIfNotEmpty();
        }
        catch (AsnContentException exception)
        {
            throw new KeyFormatException("malformed encrypted private key: " + exception.Message, exception);
        }

        Span<byte> key = stackalloc byte[parameters.KeySize];
        var plaintext = new byte[ciphertext.Length];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(passphrase, parameters.Salt, key, parameters.Iterations, parameters.Prf);
            using var aes = Aes.Create();
            aes.SetKey(key);
            if (!aes.TryDecryptCbc(ciphertext, parameters.Iv, plaintext, out var written, PaddingMode.PKCS7))
            {
                throw new KeyFormatException("wrong passphrase or corrupt key");
            }

            var result = plaintext.AsSpan(0, written).ToArray();
            return result;
        }
        catch (CryptographicException exception)
        {
            throw new KeyFormatException("wrong passphrase or corrupt key", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
