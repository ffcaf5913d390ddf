using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

public sealed class KeyFilesTests
{
    [Fact]
    public void SaveSigningKey_NewFile_WritesPemReadableOnlyByOwner()
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var path = directory.File("key.pem");

        KeyFiles.SaveSigningKey(key, path);

        using var loaded = KeyFiles.LoadSigningKey(path);
        Assert.Equal(key.PublicKey, loaded.PublicKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void SaveSigningKey_ExistingFile_ThrowsAndLeavesItUnchanged()
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.P256.GenerateKey();
        var path = directory.File("key.pem");
        File.WriteAllText(path, "precious");

        var exception = Assert.Throws<IOException>(() => KeyFiles.SaveSigningKey(key, path));

        Assert.Contains("refusing to overwrite", exception.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void LoadSigningKey_EncryptedWithPassphraseVariable_Loads()
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Sm2.GenerateKey();
        var path = directory.File("key.pem");
        var variable = "DSC_TEST_PASSPHRASE_" + Guid.NewGuid().ToString("N");
        KeyFiles.SaveSigningKey(key, path, "open sesame");
        Environment.SetEnvironmentVariable(variable, "open sesame");
        try
        {
            using var loaded = KeyFiles.LoadSigningKey(path, variable);

            Assert.Equal(key.PublicKey, loaded.PublicKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void LoadSigningKey_EncryptedWithoutPassphraseVariable_ThrowsNamingFileAndVariable()
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Sm2.GenerateKey();
        var path = directory.File("key.pem");
        KeyFiles.SaveSigningKey(key, path, "open sesame");

        var exception = Assert.Throws<KeyFormatException>(() => KeyFiles.LoadSigningKey(path, "DSC_TEST_UNSET_" + Guid.NewGuid().ToString("N")));

        Assert.StartsWith(path + ": encrypted key needs a passphrase", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DSC_TEST_UNSET_", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadSigningKey_GarbageFile_ThrowsNamingTheFile()
    {
        using var directory = new TempDirectory();
        var path = directory.File("garbage.pem");
        File.WriteAllText(path, "not a key");

        var exception = Assert.Throws<KeyFormatException>(() => KeyFiles.LoadSigningKey(path));

        Assert.Equal(path + ": not a PEM private key: no PEM block found", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void LoadPublicKey_PrivateOrPublicKeyFile_ReturnsThePublicKey(string suite)
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Get(suite).GenerateKey();
        KeyFiles.SaveSigningKey(key, directory.File("key.pem"));
        File.WriteAllText(directory.File("key.pub"), key.PublicKey.ExportPem());

        Assert.Equal(key.PublicKey, KeyFiles.LoadPublicKey(directory.File("key.pem")));
        Assert.Equal(key.PublicKey, KeyFiles.LoadPublicKey(directory.File("key.pub")));
    }

    [Fact]
    public void LoadPublicKey_MissingFile_ThrowsFileNotFound()
    {
        using var directory = new TempDirectory();

        Assert.Throws<FileNotFoundException>(() => KeyFiles.LoadPublicKey(directory.File("absent.pub")));
    }
}
