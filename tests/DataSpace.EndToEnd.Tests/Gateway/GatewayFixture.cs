using System.Net;
using System.Text.RegularExpressions;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Gateway;

/// <summary>
/// A connector with an operator on its trust list, and a gateway in front of it, both real processes. The
/// connector's console (one line per request it served) tells whether a request reached it.
/// </summary>
public sealed partial class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _files = new();
    private ConnectorProcess? _connector;
    private GatewayProcess? _gateway;

    internal SigningKey OperatorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    internal SigningKey SupplierKey { get; private set; } = null!;

    internal ConnectorProcess Connector => _connector!;

    internal GatewayProcess Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorProcess.StartAsync(_files.Combine("connector"));
        SupplierKey = KeyFiles.LoadSigningKey(_connector.KeyFile);
        using (var supplier = new SignedClient(SupplierKey, _connector.BaseAddress, []))
        {
            await supplier.PostAsync("/api/v1/parties", Scenario.Party("urn:party:credit-bureau", "Credit bureau", "Operator", OperatorKey), HttpStatusCode.Created);
        }

        _gateway = await GatewayProcess.StartAsync(_connector, _files.Combine("gateway"));
    }

    /// <summary>The connector's request-log lines of <paramref name="method"/> <paramref name="path"/>: the requests it served.</summary>
    internal IReadOnlyList<string> ServedByConnector(string method, string path) =>
        [.. Regex.Matches(Connector.Process.Output, $@"^.*HTTP {method} {Regex.Escape(path)} responded \d+.*$", RegexOptions.Multiline).Select(m => m.Value)];

    /// <summary>
    /// The gateway's access-log lines of <paramref name="method"/> <paramref name="path"/> once there are
    /// <paramref name="count"/> of them (a line is written as the response completes: it may trail the response).
    /// </summary>
    internal async Task<IReadOnlyList<string>> GatewayAccessLogAsync(string method, string path, int count = 1)
    {
        var pattern = new Regex($@"AccessLog: {method} {Regex.Escape(path)} .*$", RegexOptions.Multiline);
        var lines = await Gateway.Process.WaitForOutputAsync(
            output => pattern.Matches(output) is { } found && found.Count >= count ? found.Select(m => m.Value).ToList() : null,
            TimeSpan.FromSeconds(30), $"{count} access-log line(s) of {method} {path}");
        return lines;
    }

    /// <summary>
    /// Sends a marker request straight to the connector and waits until its request log shows it: anything the gateway
    /// forwarded before is then in the log too.
    /// </summary>
    internal async Task SyncConnectorLogAsync()
    {
        var marker = "/api/v1/jobs/marker-" + Guid.NewGuid().ToString("N");
        using (var client = new SignedClient(OperatorKey, Connector.BaseAddress, []))
        {
            await client.GetAsync(marker, HttpStatusCode.NotFound);
        }

        await Connector.Process.WaitForOutputAsync(o => o.Contains(marker, StringComparison.Ordinal) ? o : null, TimeSpan.FromSeconds(30), "request log line of " + marker);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_connector is not null)
        {
            await _connector.DisposeAsync();
            SupplierKey.Dispose();
        }

        OperatorKey.Dispose();
        _files.Dispose();
    }
}
