using System.Text.Json;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// <c>dsc gateway --config FILE --urls http://127.0.0.1:0</c> as a child process in front of one connector,
/// configured as docs/gateway.md describes: the connector's address, the secret the connector made in its data
/// directory, short trust-list and health-check intervals so a test does not wait for them, rate limits far above
/// what a test sends, plain-text console with the access log. Ready once its own <c>/health/ready</c> answers 200.
/// Disposing kills it if it still runs.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private GatewayProcess(ChildProcess child, Uri baseAddress, string configFile)
    {
        _child = child;
        BaseAddress = baseAddress;
        ConfigFile = configFile;
    }

    public Uri BaseAddress { get; }

    public string ConfigFile { get; }

    public ChildProcess Process => _child;

    /// <summary>Starts a gateway for <paramref name="connector"/>, its configuration written to <paramref name="folder"/>.</summary>
    public static async Task<GatewayProcess> StartAsync(ConnectorProcess connector, string folder)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "gateway.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Gateway = new
            {
                Connectors = new[] { connector.BaseAddress.ToString().TrimEnd('/') },
                ConnectorSecretFile = Path.Combine(connector.DataDirectory, "keys", "gateway.secret"),
                TrustListRefresh = "00:00:01",
                Signatures = new { MaxAge = "00:01:00", ClockSkew = "00:00:30" },
                RateLimit = new { PermitsPerSecond = 1000, Burst = 2000, UnauthenticatedPermitsPerSecond = 1000, UnauthenticatedBurst = 2000 },
                HealthCheck = new { Interval = "00:00:01", Timeout = "00:00:02", Path = "/health/ready" },
                Logging = new { Console = "Text", MinimumLevel = "Information", AccessLog = true },
            },
        }));

        var child = DscCli.Start(["gateway", "--config", config, "--urls", "http://127.0.0.1:0"], folder);
        try
        {
            var address = await Readiness.ListeningAddressAsync(child);
            await Readiness.WaitAsync(child, new Uri(address, "health/ready"));
            return new GatewayProcess(child, address, config);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
