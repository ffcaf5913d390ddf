using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>
/// A private key of one of the <see cref="SignatureSuites"/>. Dispose it when done: disposing zeroes the
/// private key bytes it holds and releases the native key.
/// </summary>
public abstract class SigningKey : IDisposable
{
    private bool _disposed;

    private protected SigningKey()
    {
    }

    public abstract ISignatureSuite Suite { get; }

    public abstract PublicKey PublicKey { get; }

    /// <summary>Signs <paramref name="message"/> (the whole message, not a digest of it).</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> message);

    /// <summary>
    /// A <c>PRIVATE KEY</c> PEM block (PKCS#8, RFC 5958), or with a passphrase an <c>ENCRYPTED PRIVATE KEY</c>
    /// block protected with PBES2: PBKDF2-HMAC-SHA256, 600000 iterations, AES-256-CBC (RFC 8018 section 6.2).
    /// </summary>
    public string ExportPkcs8Pem(ReadOnlySpan<char> passphrase = default)
    {
        ThrowIfDisposed();
        var privateKeyInfo = ExportPrivateKeyInfo();
        try
        {
            if (passphrase.IsEmpty)
            {
                return PemBlocks.Write(PemBlocks.PrivateKeyLabel, privateKeyInfo);
            }

            var encrypted = Pbes2.Encrypt(privateKeyInfo, passphrase);
            return PemBlocks.Write(PemBlocks.EncryptedPrivateKeyLabel, encrypted);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKeyInfo);
        }
    }

    /// <summary>Reads a <c>PRIVATE KEY</c> or <c>ENCRYPTED PRIVATE KEY</c> PEM block.</summary>
    public static SigningKey ImportPkcs8Pem(string pem, ReadOnlySpan<char> passphrase = default)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var block = PemBlocks.Read(pem, "private key", PemBlocks.PrivateKeyLabel, PemBlocks.EncryptedPrivateKeyLabel);
        try
        {
            if (block.Label == PemBlocks.PrivateKeyLabel)
            {
                return KeyEncoding.DecodePrivateKeyInfo(block.Der);
            }

            if (passphrase.IsEmpty)
            {
                throw new KeyFormatException("encrypted key needs a passphrase");
            }

            var privateKeyInfo = Pbes2.Decrypt(block.Der, passphrase);
            try
            {
                return KeyEncoding.DecodePrivateKeyInfo(privateKeyInfo);
            }
            catch (KeyFormatException exception)
            {
                // CBC padding passes by chance for about 1 in 256 wrong passphrases; the DER then fails.
                throw new KeyFormatException("wrong passphrase or corrupt key", exception);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(privateKeyInfo);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block.Der);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            DisposeKeyMaterial();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The DER PrivateKeyInfo (RFC 5208 section 5); the caller zeroes it after use.</summary>
    internal abstract byte[] ExportPrivateKeyInfo();

    /// <summary>Zeroes the private key bytes and releases native keys; called once.</summary>
    private protected abstract void DisposeKeyMaterial();

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
