using DataSpace.Connector.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace DataSpace.Connector.Telemetry;

/// <summary>
/// The scrape endpoint on a listener of its own (<c>Connector:Metrics:Urls</c>): a second, minimal Kestrel server that
/// answers <c>GET {Connector:Metrics:Path}</c> from the connector's meter provider and 404 to anything else. Nothing of
/// the connector's API is reachable there, and the scrape endpoint is not reachable on the API's listener.
/// </summary>
internal sealed partial class MetricsListener(MeterProvider meterProvider, IOptions<ConnectorOptions> options, ILogger<MetricsListener> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>Where the listener listens (with the real port when 0 was asked for); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var metrics = options.Value.Metrics;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(metrics.Urls!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
        });
        builder.Services.AddOptions();
        _server = builder.Build();
        _server.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, metrics.Path, configureBranchedPipeline: null, optionsName: null);
        _server.Run(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = [.. _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(address => new Uri(address)) ?? []];
        foreach (var address in Addresses)
        {
            Log.Listening(logger, new Uri(address, metrics.Path));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MetricsListening, EventName = nameof(EventIds.MetricsListening), Level = LogLevel.Information,
            Message = "Serving metrics at {MetricsUrl}")]
        public static partial void Listening(ILogger logger, Uri metricsUrl);
    }
}
