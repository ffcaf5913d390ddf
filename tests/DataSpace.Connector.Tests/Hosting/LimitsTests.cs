using System.Net;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class LimitsTests : IAsyncLifetime
{
    private ConnectorServer _server = null!;

    public async Task InitializeAsync() => _server = await ConnectorServer.StartAsync(
        settings: [("MaxRequestBodyBytes", "1024"), ("MaxUploadBytes", "4096"), ("RequestTimeout", "00:00:00.300")],
        hooks: TestEndpoints.Hooks);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UploadEndpoint_BodyAboveRequestLimitWithinUploadLimit_IsAccepted()
    {
        using var content = new ByteArrayContent(new byte[3000]);

        using var response = await _server.Client.PostAsync(new Uri("/test/upload", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UploadEndpoint_BodyAboveUploadLimit_Returns413Problem()
    {
        using var content = new ByteArrayContent(new byte[5000]);

        using var response = await _server.Client.PostAsync(new Uri("/test/upload", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowRequest_BeyondRequestTimeout_Returns504Problem()
    {
        using var response = await _server.Client.GetAsync(new Uri("/test/slow?milliseconds=10000", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task TooManyHeaders_IsRefusedBeforeTheApp()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        for (var i = 0; i < 120; i++)
        {
            request.Headers.Add($"X-Filler-{i}", "x");
        }

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }
}
