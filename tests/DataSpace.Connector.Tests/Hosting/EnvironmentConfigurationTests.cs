using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Tests.Hosting;

/// <summary>Sets process-wide environment variables, so it runs alone.</summary>
[CollectionDefinition(nameof(EnvironmentConfigurationTests), DisableParallelization = true)]
[Collection(nameof(EnvironmentConfigurationTests))]
public sealed class EnvironmentConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DSC_Connector__Name", null);
        Environment.SetEnvironmentVariable("DSC_Connector__DataDirectory", null);
        _temp.Dispose();
    }

    [Fact]
    public async Task Build_DscPrefixedVariable_SetsTheOption()
    {
        var data = _temp.Combine("from-env");
        Environment.SetEnvironmentVariable("DSC_Connector__DataDirectory", data);
        Environment.SetEnvironmentVariable("DSC_Connector__Name", "from the environment");

        await using var app = ConnectorHost.Build(["--Connector:Logging:Console=None"]);

        Assert.Equal(data, app.DataDirectory.Root);
        Assert.Equal("from the environment", app.Services.GetRequiredService<IOptions<ConnectorOptions>>().Value.Name);
    }

    [Fact]
    public async Task Build_CommandLine_OverridesTheVariable()
    {
        Environment.SetEnvironmentVariable("DSC_Connector__Name", "from the environment");

        await using var app = ConnectorHost.Build(ConnectorServer.Arguments(_temp.Combine("data"), ("Name", "from the command line")));

        Assert.Equal("from the command line", app.Services.GetRequiredService<IOptions<ConnectorOptions>>().Value.Name);
    }
}
