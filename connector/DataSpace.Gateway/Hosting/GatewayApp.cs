using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Hosting;

/// <summary>A built gateway: start it, read where it listens, stop it (requests in flight finish), dispose it.</summary>
public sealed class GatewayApp : IAsyncDisposable
{
    internal GatewayApp(WebApplication application)
    {
        Application = application;
    }

    public WebApplication Application { get; }

    public IServiceProvider Services => Application.Services;

    /// <summary>The gateway's checked settings.</summary>
    public GatewayOptions Options => Application.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value;

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        Application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => new Uri(address))
            .ToArray() ?? [];

    /// <summary>Where the metrics listener (<c>Gateway:Metrics:Urls</c>) listens, with the real port; empty before start or without one.</summary>
    public IReadOnlyList<Uri> MetricsAddresses =>
        Application.Services.GetService<MetricsListener>()?.Addresses ?? [];

    public Task StartAsync(CancellationToken cancellationToken = default) => Application.StartAsync(cancellationToken);

    /// <summary>Stops taking requests and lets those in flight finish within Gateway:ShutdownTimeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Application.StopAsync(cancellationToken);

    /// <summary>Completes when <paramref name="cancellationToken"/> fires or the app is told to stop (Ctrl+C, SIGTERM), once stopped.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Application.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => Application.DisposeAsync();
}
