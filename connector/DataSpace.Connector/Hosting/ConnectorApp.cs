using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using DataSpace.Hosting;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// A built connector: start it, read where it listens, stop it. Disposing it flushes and closes the transparency
/// log and the log files, and releases the key.
/// </summary>
public sealed class ConnectorApp : IAsyncDisposable
{
    internal ConnectorApp(WebApplication application, ConnectorDataDirectory dataDirectory)
    {
        Application = application;
        DataDirectory = dataDirectory;
    }

    public WebApplication Application { get; }

    public ConnectorDataDirectory DataDirectory { get; }

    public IServiceProvider Services => Application.Services;

    public ConnectorIdentity Identity => Application.Services.GetRequiredService<ConnectorIdentity>();

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        Application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => new Uri(address))
            .ToArray() ?? [];

    /// <summary>
    /// Where the metrics listener of its own (<c>Connector:Metrics:Urls</c>) listens, with the real port; empty before start
    /// and when the scrape endpoint is served on <see cref="Addresses"/> (or not at all).
    /// </summary>
    public IReadOnlyList<Uri> MetricsAddresses =>
        Application.Services.GetService<MetricsListener>()?.Addresses ?? [];

    /// <summary>
    /// Verifies the transparency log and inspects the database first (<see cref="ConnectorStartupChecks"/>; a refusal is a
    /// <see cref="ConnectorStartRefusedException"/>), then starts the host and the server.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await ConnectorStartupChecks.RunAsync(Application.Services, cancellationToken).ConfigureAwait(false);
        await Application.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking requests, lets those in flight finish within Connector:ShutdownTimeout and stops hosted services.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Application.StopAsync(cancellationToken);

    /// <summary>Completes when <paramref name="cancellationToken"/> fires or the app is told to stop (Ctrl+C, SIGTERM), once stopped.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Application.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => Application.DisposeAsync();
}
