using System.Diagnostics;
using System.Net;
using DataSpace.Connector.Hosting;
using DataSpace.Crypto.Log;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using DataSpace.Hosting;

namespace DataSpace.Connector.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry (docs/connector-service.md, "Metrics" and "Traces"): the connector's and the
/// log's meters, ASP.NET Core's request instruments (<c>http.server.request.duration</c> by route template and status) and
/// the runtime's, exported at a Prometheus scrape endpoint; traces of requests and job runs to an OTLP collector when one
/// is configured.
/// </summary>
internal static class ConnectorTelemetry
{
    /// <summary>The service name in the telemetry's resource (Prometheus <c>target_info</c>, OTLP).</summary>
    public const string ServiceName = "dataspace-connector";

    /// <summary>The connector's spans: one per job run (<c>dataspace.job.run</c>).</summary>
    public static readonly ActivitySource ActivitySource = new(ConnectorMetrics.MeterName, ConnectorAssembly.Version);

    public static IServiceCollection AddConnectorTelemetry(this IServiceCollection services, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddMetrics();
        services.AddSingleton<ConnectorMetrics>();
        var (metrics, tracing) = (options.Metrics, options.Tracing);
        if (!metrics.Enabled && tracing.OtlpEndpoint is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: ConnectorAssembly.Version));
        if (metrics.Enabled)
        {
            telemetry.WithMetrics(meters => meters
                .AddMeter(ConnectorMetrics.MeterName, LogMetrics.MeterName, "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeEndpointPath = metrics.Path));
            if (metrics.Urls is not null)
            {
                services.AddSingleton(provider => new MetricsListener(
                    provider.GetRequiredService<MeterProvider>(), metrics.Urls, metrics.Path,
                    new EventId(EventIds.MetricsListening, nameof(EventIds.MetricsListening)), provider.GetRequiredService<ILogger<MetricsListener>>()));
                services.AddHostedService(provider => provider.GetRequiredService<MetricsListener>());
            }
        }

        if (tracing.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(traces => traces
                .AddSource(ActivitySource.Name)
                .AddAspNetCoreInstrumentation(requests => requests.Filter = context => !IsScrapeOrProbe(context, metrics))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(new Uri(endpoint.TrimEnd('/') + "/"), "v1/traces");
                }));
        }

        return services;
    }

    /// <summary>
    /// Serves the scrape endpoint on the connector's own listener, unless it has one of its own (or metrics are off). There
    /// it answers loopback peers only (404 to others, as if it did not exist): the API's listener is the public origin of
    /// a connector without a gateway, and fuel and run times are values a job chooses. A Prometheus server elsewhere
    /// scrapes a listener of its own (<c>Connector:Metrics:Urls</c>).
    /// </summary>
    public static WebApplication MapConnectorMetrics(this WebApplication app, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Metrics is { Enabled: true, Urls: null } metrics)
        {
            app.MapPrometheusScrapingEndpoint(metrics.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(LoopbackPeersOnly), optionsName: null);
        }

        return app;
    }

    /// <summary>Passes a request from a loopback peer on; answers any other 404.</summary>
    internal static Task LoopbackPeersOnly(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static bool IsScrapeOrProbe(HttpContext context, ConnectorMetricsOptions metrics) =>
        context.Request.Path.StartsWithSegments(metrics.Path, StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
}
