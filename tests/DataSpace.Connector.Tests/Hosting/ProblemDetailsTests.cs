using System.Net;
using System.Text;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private ConnectorServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ConnectorServer.StartAsync(settings: [("MaxRequestBodyBytes", "1024")], hooks: TestEndpoints.Hooks);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var response = await _server.Client.GetAsync(new Uri("/no/such/thing", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("/no/such/thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task UnknownRoute_ClientAcceptsOnlyHtml_StillReturnsProblemJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/no/such/thing", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await _server.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await _server.Client.DeleteAsync(new Uri("/api/v1/connector", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedBody_Returns413Problem()
    {
        var json = $$"""{"name":"{{new string('x', 2000)}}","count":1}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await _server.Client.PostAsync(new Uri("/test/echo", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1024", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_Returns400ProblemNamingThePath()
    {
        using var content = new StringContent("""{"name":"a","count":"many"}""", Encoding.UTF8, "application/json");

        using var response = await _server.Client.PostAsync(new Uri("/test/echo", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.count", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedJson_Returns400Problem()
    {
        using var content = new StringContent("""{"name":""", Encoding.UTF8, "application/json");

        using var response = await _server.Client.PostAsync(new Uri("/test/echo", UriKind.Relative), content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongContentType_Returns415Problem()
    {
        using var content = new StringContent("name=a", Encoding.UTF8, "text/plain");

        using var response = await _server.Client.PostAsync(new Uri("/test/echo", UriKind.Relative), content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnexpectedException_Returns500ProblemWithTraceIdOnly()
    {
        using var response = await _server.Client.GetAsync(new Uri("/test/throw", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("TestEndpoints", body, StringComparison.Ordinal);
        Assert.Equal(
            ["detail", "instance", "status", "title", "traceId", "type"],
            problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ArgumentException_Returns400ProblemWithItsMessage()
    {
        using var response = await _server.Client.GetAsync(new Uri("/test/argument", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("the name must not be empty", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ConnectorProblemException_ReturnsItsStatusTitleDetailAndType()
    {
        using var response = await _server.Client.GetAsync(new Uri("/test/problem", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Agreement revoked", problem.GetProperty("title").GetString());
        Assert.Equal("agreement a-1 was revoked", problem.GetProperty("detail").GetString());
        Assert.Equal("https://dataspace.example/problems/revoked", problem.GetProperty("type").GetString());
    }
}
