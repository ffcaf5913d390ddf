using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;

namespace DataSpace.Hosting;

/// <summary>
/// The scrape endpoint on a listener of its own (<c>Connector:Metrics:Urls</c>, <c>Gateway:Metrics:Urls</c>): a second,
/// minimal Kestrel server that answers <c>GET <paramref name="path"/></c> from the process's meter provider and 404 to
/// anything else. Nothing of the API, and no route the gateway forwards, is reachable there.
/// </summary>
public sealed class MetricsListener(MeterProvider meterProvider, string urls, string path, EventId listening, ILogger<MetricsListener> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly Action<ILogger, Uri, Exception?> _logListening =
        LoggerMessage.Define<Uri>(LogLevel.Information, listening, "Serving metrics at {MetricsUrl}");

    private WebApplication? _server;

    /// <summary>Where the listener listens (with the real port when 0 was asked for); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
        });
        builder.Services.AddOptions();
        _server = builder.Build();
        _server.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path, configureBranchedPipeline: null, optionsName: null);
        _server.Run(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = [.. _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(address => new Uri(address)) ?? []];
        foreach (var address in Addresses)
        {
            _logListening(logger, new Uri(address, path), null);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
