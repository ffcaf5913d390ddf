using System.Net;
using System.Net.Sockets;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Gateway;

/// <summary>Runs <c>dsc serve</c> and <c>dsc gateway --config</c> in-process on free loopback ports.</summary>
public sealed class GatewayCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Gateway_FromConfigFile_BecomesReadyInFrontOfTheConnectorAndStopsOnCancel()
    {
        var connectorPort = FreePort();
        var gatewayPort = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serve = Dsc.RunAsync(stop.Token, "serve", "--data", Path.Combine(_directory, "connector"), "--urls", $"http://127.0.0.1:{connectorPort}");
        await WaitForOkAsync(new Uri($"http://127.0.0.1:{connectorPort}/health/ready"), serve);
        var config = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Gateway": {
                "Urls": "http://127.0.0.1:1",
                "Connectors": [ "http://127.0.0.1:{{connectorPort}}" ],
                "ConnectorSecretFile": "connector/keys/gateway.secret",
                "Logging": { "Console": "None" }
              }
            }
            """);

        var gateway = Dsc.RunAsync(stop.Token, "gateway", "--config", config, "--urls", $"http://127.0.0.1:{gatewayPort}");
        await WaitForOkAsync(new Uri($"http://127.0.0.1:{gatewayPort}/health/ready"), gateway);
        using (var client = new HttpClient())
        {
            using var checkpoint = await client.GetAsync(new Uri($"http://127.0.0.1:{gatewayPort}/api/v1/audit/checkpoint"));
            Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
        }

        await stop.CancelAsync();
        var result = await gateway;
        await serve;

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"listening on http://127.0.0.1:{gatewayPort}", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("stopped" + Environment.NewLine, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_BadConfiguration_ExitsWith3NamingTheKey()
    {
        var config = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(config, """{ "Gateway": { "Connectors": [ "nowhere" ], "ConnectorSecretFile": "x.secret" } }""");

        var result = await Dsc.RunAsync("gateway", "--config", config);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith("dsc: invalid configuration: Gateway:Connectors:0 'nowhere'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_MissingConfigFile_ExitsWith3()
    {
        var result = await Dsc.RunAsync("gateway", "--config", Path.Combine(_directory, "absent.json"));

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("Gateway:ConfigFile", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_WithoutConfig_IsAUsageError()
    {
        var result = await Dsc.RunAsync("gateway");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForOkAsync(Uri url, Task<CliResult> run)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (run.IsCompleted)
            {
                var result = await run;
                Assert.Fail($"dsc ended early with {result.ExitCode}: {result.Error}");
            }

            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} never answered 200");
            await Task.Delay(100);
        }
    }
}
