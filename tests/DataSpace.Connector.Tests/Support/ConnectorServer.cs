using DataSpace.Connector.Hosting;

namespace DataSpace.Connector.Tests.Support;

/// <summary>
/// The real connector app on Kestrel on a loopback port chosen by the system, with its data directory in a
/// temp directory (or the one given). Settings go in as <c>--Connector:Key=value</c> arguments, the same path
/// an operator's command line takes.
/// </summary>
internal sealed class ConnectorServer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private bool _disposed;

    private ConnectorServer(ConnectorApp app, TempDirectory? ownedDirectory)
    {
        App = app;
        _ownedDirectory = ownedDirectory;
        BaseAddress = app.Addresses.Single();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ConnectorApp App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataDirectory => App.DataDirectory.Root;

    /// <summary>
    /// The arguments a test server starts with: loopback port 0, no console logging, job ends published at once (the
    /// 10-s publication grid is tested on its own: JobPublicationTests, PublicationGridApiTests), the data directory's parent
    /// (the test's temp directory, where tests write their datasets) as the data root, then <paramref name="settings"/>
    /// (<c>DataRoots:0</c> among them replaces that root).
    /// </summary>
    public static string[] Arguments(string dataDirectory, params IEnumerable<(string Key, string Value)> settings) =>
    [
        $"--Connector:DataDirectory={dataDirectory}",
        $"--Connector:DataRoots:0={Path.GetDirectoryName(Path.GetFullPath(dataDirectory))}",
        "--Connector:Urls=http://127.0.0.1:0",
        "--Connector:Logging:Console=None",
        "--Connector:Jobs:PublishGrid=00:00:00",
        .. settings.Select(setting => $"--Connector:{setting.Key}={setting.Value}"),
    ];

    public static async Task<ConnectorServer> StartAsync(
        string? dataDirectory = null,
        IEnumerable<(string Key, string Value)>? settings = null,
        ConnectorHostHooks? hooks = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var app = ConnectorHost.Build(Arguments(dataDirectory ?? owned!.Combine("data"), settings ?? []), hooks);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            owned?.Dispose();
            throw;
        }

        return new ConnectorServer(app, owned);
    }

    /// <summary>Stops the app gracefully and disposes it (closing the transparency log and log files).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
