using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Hosting;

/// <summary>Startup errors name the configuration key; the file's relative paths resolve against its directory.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public ConfigurationTests()
    {
        GatewaySecretFile.Create(_files.Combine("gateway.secret"));
    }

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("Connectors:0=ftp://x", "Gateway:Connectors:0 'ftp://x' is not an absolute http(s) URL")]
    [InlineData("Connectors:0=not a url", "Gateway:Connectors:0")]
    [InlineData("TrustListRefresh=soon", "Gateway:TrustListRefresh")]
    [InlineData("TrustListRefresh=00:00:00", "Gateway:TrustListRefresh must be positive")]
    [InlineData("RateLimit:Burst=0", "Gateway:RateLimit:Burst must be positive")]
    [InlineData("RateLimit:PermitsPerSecond=-1", "Gateway:RateLimit:PermitsPerSecond must be positive")]
    [InlineData("HealthCheck:Path=health", "Gateway:HealthCheck:Path 'health' must start with '/'")]
    [InlineData("Signatures:MaxAge=00:00:00", "Gateway:Signatures:MaxAge must be positive")]
    [InlineData("Logging:MinimumLevel=Loud", "Gateway:Logging:MinimumLevel 'Loud' is not a level")]
    [InlineData("Logging:Console=Fancy", "Gateway:Logging:Console")]
    public void Build_BadValue_NamesTheKey(string setting, string expected)
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(
            ["--Gateway:Connectors:0=http://127.0.0.1:1", $"--Gateway:ConnectorSecretFile={_files.Combine("gateway.secret")}", $"--Gateway:{setting}"]));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoConnectors_NamesTheKey()
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(
            [$"--Gateway:ConnectorSecretFile={_files.Combine("gateway.secret")}"]));

        Assert.Contains("Gateway:Connectors must list at least one", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoSecretFile_NamesTheKey()
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(["--Gateway:Connectors:0=http://127.0.0.1:1"]));

        Assert.Contains("Gateway:ConnectorSecretFile", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingSecretFile_NamesTheKeyAndTheFile()
    {
        var missing = _files.Combine("absent.secret");

        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(
            ["--Gateway:Connectors:0=http://127.0.0.1:1", $"--Gateway:ConnectorSecretFile={missing}"]));

        Assert.Contains("Gateway:ConnectorSecretFile", exception.Message, StringComparison.Ordinal);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingConfigFile_NamesIt()
    {
        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build([$"--Gateway:ConfigFile={_files.Combine("nope.json")}"]));

        Assert.Contains("Gateway:ConfigFile", exception.Message, StringComparison.Ordinal);
        Assert.Contains("nope.json", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MalformedConfigFile_NamesIt()
    {
        var file = _files.Combine("bad.json");
        File.WriteAllText(file, "{ \"Gateway\": { ");

        var exception = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build([$"--Gateway:ConfigFile={file}"]));

        Assert.Contains("is not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ConfigFile_RelativeSecretResolvesAgainstTheFilesDirectory_CommandLineWins()
    {
        var directory = Directory.CreateDirectory(_files.Combine("etc")).FullName;
        File.Copy(_files.Combine("gateway.secret"), Path.Combine(directory, "connector.secret"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "connector.secret"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var file = Path.Combine(directory, "gateway.json");
        File.WriteAllText(file, """
            {
              "Gateway": {
                "Urls": "http://127.0.0.1:9",
                "Connectors": [ "http://127.0.0.1:1", "http://127.0.0.1:2" ],
                "ConnectorSecretFile": "connector.secret",
                "TrustListRefresh": "00:00:07",
                "RateLimit": { "PermitsPerSecond": 5, "Burst": 9 },
                "Logging": { "Console": "None", "File": "logs/gateway.json" }
              }
            }
            """);

        await using var app = GatewayHost.Build([$"--Gateway:ConfigFile={file}", "--Gateway:Urls=http://127.0.0.1:0"]);

        var options = app.Options;
        Assert.Equal(Path.Combine(directory, "connector.secret"), options.ConnectorSecretFile);
        Assert.Equal(Path.Combine(directory, "logs", "gateway.json"), options.Logging.File);
        Assert.Equal(["http://127.0.0.1:1", "http://127.0.0.1:2"], options.Connectors);
        Assert.Equal(TimeSpan.FromSeconds(7), options.TrustListRefresh);
        Assert.Equal(9, options.RateLimit.Burst);
        Assert.Equal("http://127.0.0.1:0", options.Urls);
    }
}
