using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class LoggingTests
{
    [Fact]
    public async Task Request_IsLoggedToTheJsonFileWithRequestAndScopeProperties()
    {
        await using var server = await ConnectorServer.StartAsync(hooks: TestEndpoints.Hooks);
        using var content = new StringContent($$"""{"name":"{{TestEndpoints.SecretMarker}}","count":3}""", Encoding.UTF8, "application/json");

        using var response = await server.Client.PostAsync(new Uri("/test/parties/party-a/jobs/job-42", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = await WaitForEventAsync(server.DataDirectory, e =>
            e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/test/parties/party-a/jobs/job-42");
        Assert.Equal("POST", completion.GetProperty("RequestMethod").GetString());
        Assert.Equal(200, completion.GetProperty("StatusCode").GetInt32());
        Assert.True(completion.GetProperty("Elapsed").GetDouble() >= 0);
        Assert.Equal("job-42", completion.GetProperty("JobId").GetString());
        Assert.Equal("party-a", completion.GetProperty("PartyId").GetString());
    }

    [Fact]
    public async Task Request_BodyIsNeverLogged()
    {
        var data = Path.Combine(Path.GetTempPath(), $"dsc-connector-tests-{Guid.NewGuid():N}");
        try
        {
            await using (var server = await ConnectorServer.StartAsync(data, hooks: TestEndpoints.Hooks))
            {
                using var content = new StringContent($$"""{"name":"{{TestEndpoints.SecretMarker}}","count":"bad"}""", Encoding.UTF8, "application/json");
                using var response = await server.Client.PostAsync(new Uri("/test/echo", UriKind.Relative), content);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                await WaitForEventAsync(data, e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/test/echo");
            }

            var logs = string.Concat(Directory.GetFiles(Path.Combine(data, "logs")).Select(ReadShared));
            Assert.DoesNotContain(TestEndpoints.SecretMarker, logs, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<JsonElement> WaitForEventAsync(string dataDirectory, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "connector-*.json"))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line.Length > 0 && JsonDocument.Parse(line).RootElement is var e && match(e))
                    {
                        return e.Clone();
                    }
                }
            }

            Assert.True(
                DateTime.UtcNow < deadline,
                "the expected event never reached the log file: " + string.Concat(Directory.GetFiles(Path.Combine(dataDirectory, "logs")).Select(ReadShared)));
            await Task.Delay(50);
        }
    }
}
