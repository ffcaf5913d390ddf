using System.Net;
using System.Net.Http.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using DataSpace.Gateway.Hosting;

namespace DataSpace.Gateway.Tests.Support;

/// <summary>
/// One or more real connector replicas sharing a gateway secret, and a real gateway in front of them, all on
/// loopback ports. The supplier (replica 0's own key), an operator, a data user and an auditor are on every
/// replica's trust list. The gateway logs to a file (the access log tests read it).
/// </summary>
internal sealed class GatewayStack : IAsyncDisposable
{
    public const string OperatorId = "urn:party:operator";
    public const string DataUserId = "urn:party:data-user";
    public const string AuditorId = "urn:party:auditor";

    private readonly TempDirectory _files;

    private GatewayStack(TempDirectory files, IReadOnlyList<ConnectorReplica> replicas, SigningKey supplier)
    {
        _files = files;
        Replicas = replicas;
        Supplier = supplier;
    }

    public IReadOnlyList<ConnectorReplica> Replicas { get; }

    public GatewayApp Gateway { get; private set; } = null!;

    public Uri GatewayAddress => Gateway.Addresses.Single();

    public SigningKey Supplier { get; }

    public SigningKey Operator { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey DataUser { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey Auditor { get; } = SignatureSuites.Ed25519.GenerateKey();

    public string SecretFile => _files.Combine("gateway.secret");

    public string LogFileStem => _files.Combine("logs", "gateway.json");

    public string SupplierId => Replicas[0].App.Identity.Id;

    /// <summary>Every request any replica received (health probes aside).</summary>
    public IEnumerable<SeenRequest> Seen => Replicas.SelectMany(replica => replica.Seen);

    public static Task<GatewayStack> StartAsync(int replicas = 1, params IEnumerable<(string Key, string Value)> settings) =>
        StartAsync(replicas, [], settings);

    /// <summary>As above, with <paramref name="connectorSettings"/> for every replica (<c>Connector:</c> keys without the prefix).</summary>
    public static async Task<GatewayStack> StartAsync(
        int replicas, IReadOnlyList<(string Key, string Value)> connectorSettings, params IEnumerable<(string Key, string Value)> settings)
    {
        var files = new TempDirectory();
        GatewaySecretFile.Create(files.Combine("gateway.secret"));
        var started = new List<ConnectorReplica>();
        for (var i = 0; i < replicas; i++)
        {
            started.Add(await ConnectorReplica.StartAsync(files.Combine($"replica-{i}"), files.Combine("gateway.secret"), connectorSettings));
        }

        var supplier = KeyFiles.LoadSigningKey(Path.Combine(started[0].DataDirectory, "keys", "connector.key"));
        var stack = new GatewayStack(files, started, supplier);
        await stack.RegisterPartiesAsync();
        stack.Gateway = GatewayHost.Build(stack.Arguments(settings));
        await stack.Gateway.StartAsync();
        await stack.WaitUntilReadyAsync();
        return stack;
    }

    /// <summary>The gateway's arguments: loopback port 0, fast health probes, no console, generous address limits.</summary>
    public string[] Arguments(IEnumerable<(string Key, string Value)> settings) =>
    [
        "--Gateway:Urls=http://127.0.0.1:0",
        .. Replicas.Select((replica, i) => $"--Gateway:Connectors:{i}={replica.BaseAddress}"),
        $"--Gateway:ConnectorSecretFile={SecretFile}",
        "--Gateway:HealthCheck:Interval=00:00:00.200",
        "--Gateway:HealthCheck:Timeout=00:00:01",
        "--Gateway:HealthCheck:FailureThreshold=1",
        "--Gateway:Logging:Console=None",
        $"--Gateway:Logging:File={LogFileStem}",
        "--Gateway:RateLimit:UnauthenticatedBurst=1000",
        "--Gateway:RateLimit:UnauthenticatedPermitsPerSecond=1000",
        "--Gateway:RateLimit:Burst=1000",
        "--Gateway:RateLimit:PermitsPerSecond=1000",
        .. settings.Select(setting => $"--Gateway:{setting.Key}={setting.Value}"),
    ];

    /// <summary>A loopback port free now, for a gateway whose origin must be known before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A client of the gateway signing with <paramref name="key"/>.</summary>
    public HttpClient Client(SigningKey key, TimeProvider? time = null, HttpMessageHandler? inner = null) =>
        new(new SigningHandler(key, time, inner)) { BaseAddress = GatewayAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An unsigned client of the gateway.</summary>
    public HttpClient Plain() => new() { BaseAddress = GatewayAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The lines of the gateway's log file so far.</summary>
    public string[] LogLines()
    {
        var directory = Path.GetDirectoryName(LogFileStem)!;
        return Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "gateway*.json").SelectMany(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            })]
            : [];
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.StopAsync();
            await Gateway.DisposeAsync();
        }

        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        Supplier.Dispose();
        Operator.Dispose();
        DataUser.Dispose();
        Auditor.Dispose();
        _files.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var plain = Plain();
        await EventuallyAsync(async () =>
        {
            using var response = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, "the gateway is ready");
    }

    private async Task RegisterPartiesAsync()
    {
        foreach (var replica in Replicas)
        {
            // Each replica's own key is its supplier; the other parties go on every replica's trust list.
            using var own = KeyFiles.LoadSigningKey(Path.Combine(replica.DataDirectory, "keys", "connector.key"));
            using var supplier = new HttpClient(new SigningHandler(own)) { BaseAddress = replica.BaseAddress };
            foreach (var (id, role, key) in new (string, string, SigningKey)[] { (OperatorId, "Operator", Operator), (DataUserId, "DataUser", DataUser), (AuditorId, "Auditor", Auditor) })
            {
                using var response = await supplier.PostAsJsonAsync("/api/v1/parties", new { id, name = role, role, publicKeys = new[] { key.PublicKey.ExportPem() } });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }

        foreach (var replica in Replicas)
        {
            replica.Seen.Clear();
        }
    }
}
