namespace DataSpace.Crypto.Signatures;

/// <summary>Reads and writes key files: PKCS#8 PEM private keys and SubjectPublicKeyInfo PEM public keys.</summary>
public static class KeyFiles
{
    public const string DefaultPassphraseVariable = "DSC_KEY_PASSPHRASE";

    /// <summary>
    /// Reads a private key file. An encrypted key is decrypted with the passphrase in the environment variable
    /// <paramref name="passphraseVariable"/>. Key errors are <see cref="KeyFormatException"/>s naming the file.
    /// </summary>
    public static SigningKey LoadSigningKey(string path, string passphraseVariable = DefaultPassphraseVariable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(passphraseVariable);
        return ImportSigningKey(path, File.ReadAllText(path), passphraseVariable);
    }

    /// <summary>Reads a public key file, or a private key file and returns its public key.</summary>
    public static PublicKey LoadPublicKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pem = File.ReadAllText(path);
        if (PemBlocks.TryFindLabel(pem, out var label) && label is PemBlocks.PrivateKeyLabel or PemBlocks.EncryptedPrivateKeyLabel)
        {
            using var key = ImportSigningKey(path, pem, DefaultPassphraseVariable);
            return key.PublicKey;
        }

        try
        {
            return PublicKey.ImportPem(pem);
        }
        catch (KeyFormatException exception)
        {
            throw new KeyFormatException($"{path}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Writes <paramref name="key"/> as PKCS#8 PEM, encrypted when <paramref name="passphrase"/> is not empty.
    /// Creates the file with mode 0600 on Unix and refuses to overwrite an existing file.
    /// </summary>
    public static void SaveSigningKey(SigningKey key, string path, ReadOnlySpan<char> passphrase = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pem = key.ExportPkcs8Pem(passphrase);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException exception) when (File.Exists(path))
        {
            throw new IOException($"{path}: file exists; refusing to overwrite it", exception);
        }

        using (stream)
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }
    }

    private static SigningKey ImportSigningKey(string path, string pem, string passphraseVariable)
    {
        var passphrase = Environment.GetEnvironmentVariable(passphraseVariable);
        if (string.IsNullOrEmpty(passphrase)
            && PemBlocks.TryFindLabel(pem, out var label)
            && label == PemBlocks.EncryptedPrivateKeyLabel)
        {
            throw new KeyFormatException(
                $"{path}: encrypted key needs a passphrase: set the environment variable {passphraseVariable}");
        }

        try
        {
            return SigningKey.ImportPkcs8Pem(pem, passphrase);
        }
        catch (KeyFormatException exception)
        {
            throw new KeyFormatException($"{path}: {exception.Message}", exception);
        }
    }
}
