using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Build_UnknownSuite_FailsNamingTheSettingAndWritesNothing()
    {
        var data = _temp.Combine("data");

        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(data, ("SignatureSuite", "rsa"))));

        Assert.Contains("Connector:SignatureSuite", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'rsa'", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Build_DataDirectoryCannotBeCreated_FailsNamingTheSetting()
    {
        var file = _temp.Combine("a-file");
        await File.WriteAllTextAsync(file, "in the way");

        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(Path.Combine(file, "data"))));

        Assert.Contains("Connector:DataDirectory", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxRequestBodyBytes", "0", "Connector:MaxRequestBodyBytes")]
    [InlineData("MaxRequestBodyBytes", "lots", "Connector:MaxRequestBodyBytes")]
    [InlineData("RequestTimeout", "-00:00:01", "Connector:RequestTimeout")]
    [InlineData("LogOrigin", "has space", "Connector:LogOrigin")]
    [InlineData("Logging:Console", "Fancy", "Connector:Logging:Console")]
    [InlineData("Sandbox:MemoryBytes", "10", "Connector:Sandbox")]
    public void Build_InvalidSetting_FailsNamingIt(string key, string value, string named)
    {
        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(_temp.Combine("data"), (key, value))));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Settings_ReachTheOptionsAndHost()
    {
        await using var app = ConnectorHost.Build(ConnectorServer.Arguments(
            _temp.Combine("data"), ("ShutdownTimeout", "00:00:07"), ("MaxUploadBytes", "5000000")));

        Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(5_000_000, app.Services.GetRequiredService<IOptions<ConnectorOptions>>().Value.MaxUploadBytes);
    }
}
