using System.Net;
using System.Text.Json;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_IsServedAndListsTheEndpoints()
    {
        await using var server = await ConnectorServer.StartAsync();

        using var response = await server.Client.GetAsync(new Uri(ConnectorHost.OpenApiPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("DataSpace connector", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in (string[])["/health/live", "/health/ready", "/api/v1/connector"])
        {
            Assert.True(paths.GetProperty(path).TryGetProperty("get", out _), $"{path} has no GET operation");
        }

        var ready = paths.GetProperty("/health/ready").GetProperty("get").GetProperty("responses");
        Assert.True(ready.TryGetProperty("200", out _));
        Assert.True(ready.TryGetProperty("503", out _));
        var identity = paths.GetProperty("/api/v1/connector").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(identity.GetProperty("content").TryGetProperty("application/json", out _));
    }
}
