using System.Runtime.Versioning;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class DataDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task FirstStart_CreatesLayoutWithOwnerOnlyModesAndKey()
    {
        var data = _temp.Combine("data", "connector");

        await using (await ConnectorServer.StartAsync(data))
        {
        }

        Assert.Equal(["datasets", "keys", "log", "logs", "modules"], Directory.GetDirectories(data).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var directory in (string[])[data, .. Directory.GetDirectories(data)])
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory));
        }

        var keyFile = Path.Combine(data, "keys", "connector.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        using var key = KeyFiles.LoadSigningKey(keyFile);
        Assert.Equal("ed25519", key.Suite.Name);
        Assert.Equal(key.PublicKey, KeyFiles.LoadPublicKey(keyFile + ".pub"));
    }

    [Fact]
    public async Task FirstStart_WritesNothingOutsideTheDataDirectory()
    {
        var data = _temp.Combine("data");

        await using (var server = await ConnectorServer.StartAsync(data))
        {
            using var response = await server.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        }

        Assert.Equal([data], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task SecondStart_ReusesTheKey()
    {
        var data = _temp.Combine("data");
        string firstKeyId;
        await using (var first = await ConnectorServer.StartAsync(data))
        {
            firstKeyId = first.App.Identity.KeyId;
        }

        var keyText = await File.ReadAllTextAsync(Path.Combine(data, "keys", "connector.key"));
        await using var second = await ConnectorServer.StartAsync(data);

        Assert.Equal(firstKeyId, second.App.Identity.KeyId);
        Assert.Equal(keyText, await File.ReadAllTextAsync(Path.Combine(data, "keys", "connector.key")));
    }

    [Theory]
    [InlineData("sm2")]
    [InlineData("p256")]
    public async Task FirstStart_ConfiguredSuite_GeneratesKeyOfThatSuite(string suite)
    {
        var data = _temp.Combine("data");

        await using var server = await ConnectorServer.StartAsync(data, [("SignatureSuite", suite)]);

        using var key = KeyFiles.LoadSigningKey(Path.Combine(data, "keys", "connector.key"));
        Assert.Equal(suite, key.Suite.Name);
        Assert.Equal(suite, server.App.Identity.Suite);
    }

    [Fact]
    public async Task Start_ExistingKeyOfAnotherSuite_FailsNamingTheSuiteSetting()
    {
        var data = _temp.Combine("data");
        await using (await ConnectorServer.StartAsync(data))
        {
        }

        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(data, ("SignatureSuite", "p256"))));

        Assert.Contains("Connector:SignatureSuite", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ed25519", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DataDirectoryInUseByAnotherConnector_Fails()
    {
        var data = _temp.Combine("data");
        await using var running = await ConnectorServer.StartAsync(data);

        await Assert.ThrowsAnyAsync<IOException>(() => ConnectorServer.StartAsync(data));
    }
}
