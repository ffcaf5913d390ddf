using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// <c>dsc gateway --config FILE</c> as a child process in front of one connector, configured as the contract
/// (docs/gateway.md) describes: the connector's address, the shared secret file the connector made in its data
/// directory, short trust-list and health-check intervals so a test does not wait for them. Ready once its own
/// <c>/health/ready</c> answers 200. Disposing kills it if it still runs.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private const int Attempts = 3;

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

    /// <summary>
    /// Starts a gateway for <paramref name="connector"/> on a free loopback port, its configuration written to
    /// <paramref name="folder"/>. The port is free when chosen; should another process take it before the gateway
    /// binds it, the start is retried on a new one.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(ConnectorProcess connector, string folder)
    {
        Directory.CreateDirectory(folder);
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}/");
            var config = Path.Combine(folder, "gateway.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Gateway = new
                {
                    Urls = address.ToString().TrimEnd('/'),
                    Connectors = new[] { connector.BaseAddress.ToString().TrimEnd('/') },
                    ConnectorSecretFile = Path.Combine(connector.DataDirectory, "keys", "gateway.secret"),
                    TrustListRefresh = "00:00:01",
                    Signatures = new { MaxAge = "00:01:00", ClockSkew = "00:00:30" },
                    RateLimit = new { PermitsPerSecond = 1000, Burst = 2000, UnauthenticatedPermitsPerSecond = 1000, UnauthenticatedBurst = 2000 },
                    HealthCheck = new { Interval = "00:00:01", Timeout = "00:00:02", Path = "/health/ready" },
                    Logging = new { Console = "Text", MinimumLevel = "Information" },
                },
            }));

            var child = DscCli.Start(["gateway", "--config", config], folder);
            try
            {
                await Readiness.WaitAsync(child, new Uri(address, "health/ready"));
                return new GatewayProcess(child, address, config);
            }
            catch (InvalidOperationException) when (attempt < Attempts && (child.Output + child.Error).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await child.DisposeAsync();
            }
            catch
            {
                await child.DisposeAsync();
                throw;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
