using System.Net;
using System.Text.Json;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Live_Returns200Healthy()
    {
        await using var server = await ConnectorServer.StartAsync();

        using var response = await server.Client.GetAsync(new Uri(ConnectorHealth.LivePath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_AfterStart_ReportsEachCheckHealthy()
    {
        await using var server = await ConnectorServer.StartAsync();

        using var response = await server.Client.GetAsync(new Uri(ConnectorHealth.ReadyPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var name in (string[])[ConnectorHealth.DataDirectoryCheck, ConnectorHealth.TransparencyLogCheck, ConnectorHealth.SigningKeyCheck, ConnectorHealth.StorageCheck])
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Ready_AddedReadyCheckFails_Returns503NamingIt()
    {
        var hooks = new ConnectorHostHooks
        {
            ConfigureBuilder = builder => builder.Services.AddHealthChecks().AddCheck(
                "upstream", () => HealthCheckResult.Unhealthy("the upstream is not reachable"), tags: [ConnectorHealth.ReadyTag]),
        };
        await using var server = await ConnectorServer.StartAsync(hooks: hooks);

        using var ready = await server.Client.GetAsync(new Uri(ConnectorHealth.ReadyPath, UriKind.Relative));
        using var live = await server.Client.GetAsync(new Uri(ConnectorHealth.LivePath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_DataDirectoryNoLongerWritable_Returns503()
    {
        await using var server = await ConnectorServer.StartAsync();
        var data = server.DataDirectory;
        var moved = data + ".moved";
        Directory.Move(data, moved);
        await File.WriteAllTextAsync(data, "not a directory");
        try
        {
            using var response = await server.Client.GetAsync(new Uri(ConnectorHealth.ReadyPath, UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(
                "Unhealthy",
                body.RootElement.GetProperty("checks").GetProperty(ConnectorHealth.DataDirectoryCheck).GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(data);
            Directory.Move(moved, data);
        }
    }
}
