namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// <c>dsc serve</c> as a child process on a free loopback port (Kestrel picks it, see <see cref="Readiness"/>), ready
/// once <c>/health/ready</c> answers 200. Its console log is plain text, kept for failure messages and for the raw-value
/// scan. Disposing kills it if it still runs.
/// </summary>
internal sealed class ConnectorProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ConnectorProcess(ChildProcess child, string dataDirectory, Uri baseAddress)
    {
        _child = child;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    /// <summary>The connector's private key, made on first start: the supplier's key in these tests.</summary>
    public string KeyFile => Path.Combine(DataDirectory, "keys", "connector.key");

    public ChildProcess Process => _child;

    /// <summary>
    /// Starts a connector on <paramref name="dataDirectory"/> (created on first start, reused on a restart), with
    /// <paramref name="settings"/> as <c>Connector:*</c> keys (passed as <c>DSC_Connector__*</c> variables), listening
    /// on <paramref name="urls"/> (by default a port Kestrel picks).
    /// </summary>
    public static async Task<ConnectorProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, string urls = "http://127.0.0.1:0")
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["DSC_Connector__Logging__Console"] = "Text" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment["DSC_Connector__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var child = DscCli.Start(
            ["serve", "--data", dataDirectory, "--urls", urls],
            Path.GetDirectoryName(dataDirectory)!,
            environment);
        try
        {
            var address = await Readiness.ListeningAddressAsync(child);
            await Readiness.WaitAsync(child, new Uri(address, "health/ready"));
            return new ConnectorProcess(child, dataDirectory, address);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of the connector: no shutdown code runs, as in a power cut.</summary>
    public void Kill() => _child.Kill();

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
