using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.HttpSignatures;

public sealed class GatewaySecretFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_Writes32RandomBytesAsOneBase64LineOwnerOnly()
    {
        var path = _directory.Combine("gateway.secret");

        var secret = GatewaySecretFile.Create(path);

        Assert.Equal(32, secret.Length);
        Assert.Equal(Convert.ToBase64String(secret) + "\n", File.ReadAllText(path));
        Assert.Equal(secret, GatewaySecretFile.Load(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Create_TwiceIsRandomAndRefusesToOverwrite()
    {
        var first = GatewaySecretFile.Create(_directory.Combine("a"));
        var second = GatewaySecretFile.Create(_directory.Combine("b"));

        Assert.NotEqual(first, second);
        Assert.Throws<IOException>(() => GatewaySecretFile.Create(_directory.Combine("a")));
    }

    [Fact]
    public void LoadOrCreate_KeepsAnExistingSecret()
    {
        var path = _directory.Combine("gateway.secret");
        var first = GatewaySecretFile.LoadOrCreate(path);

        Assert.Equal(first, GatewaySecretFile.LoadOrCreate(path));
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var path = _directory.Combine("absent.secret");

        var exception = Assert.Throws<GatewaySecretException>(() => GatewaySecretFile.Load(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAA\n", "at least 32")]
    [InlineData("not base64!!\n", "not base64")]
    [InlineData("\n", "one line")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nAAAA\n", "one line")]
    public void Load_BadContent_SaysWhat(string content, string expected)
    {
        var path = Write(content);

        var exception = Assert.Throws<GatewaySecretException>(() => GatewaySecretFile.Load(path));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOpenToOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Write(Convert.ToBase64String(new byte[32]) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var exception = Assert.Throws<GatewaySecretException>(() => GatewaySecretFile.Load(path));

        Assert.Contains("0600", exception.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        var path = _directory.Combine($"{Guid.NewGuid():N}.secret");
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
