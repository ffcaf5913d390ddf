using DataSpace.Connector.Hosting;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// A real connector in this process on a loopback port the system picks, with its data directory in a fresh temp
/// directory deleted on dispose; settings go in as <c>--Connector:Key=value</c> arguments, as an operator's would.
/// </summary>
public sealed class LiveConnector : IAsyncDisposable
{
    private readonly string _root;

    private LiveConnector(ConnectorApp app, string root)
    {
        App = app;
        _root = root;
    }

    /// <summary>The running connector.</summary>
    public ConnectorApp App { get; }

    /// <summary>Where it answers, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress => App.Addresses[0];

    /// <summary>Builds and starts a connector; <paramref name="settings"/> are <c>Connector:</c> settings, e.g. <c>("Jobs:PublishGrid", "00:00:00")</c>.</summary>
    public static async Task<LiveConnector> StartAsync(params IEnumerable<(string Key, string Value)> settings)
    {
        var root = Directory.CreateTempSubdirectory("dsc-console-tests-").FullName;
        string[] arguments =
        [
            $"--Connector:DataDirectory={Path.Combine(root, "data")}",
            $"--Connector:DataRoots:0={root}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
            .. settings.Select(setting => $"--Connector:{setting.Key}={setting.Value}"),
        ];
        ConnectorApp? app = null;
        try
        {
            app = ConnectorHost.Build(arguments);
            await app.StartAsync();
            return new LiveConnector(app, root);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the connector and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held by a sink closing in the background; the temp directory is cleaned later.
        }
    }
}
