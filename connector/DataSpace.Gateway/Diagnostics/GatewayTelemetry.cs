using DataSpace.Gateway.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>
/// Metrics and traces through OpenTelemetry (docs/gateway.md, "Metrics and traces"): the gateway's meter, ASP.NET Core's
/// request instruments (<c>http.server.request.duration</c> by route template and status) and the runtime's, served on
/// the metrics listener of its own; traces of requests (and of the forwarded calls) to an OTLP collector when one is configured.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>The service name in the telemetry's resource (Prometheus <c>target_info</c>, OTLP).</summary>
    public const string ServiceName = "dataspace-gateway";

    private static readonly string Version = typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        var (metrics, tracing) = (options.Metrics, options.Tracing);
        if (!metrics.Enabled && tracing.OtlpEndpoint is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: Version));
        if (metrics.Enabled)
        {
            telemetry.WithMetrics(meters => meters
                .AddMeter(GatewayMetrics.MeterName, "System.Runtime")
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
                .AddAspNetCoreInstrumentation(requests => requests.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddSource("System.Net.Http")
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(new Uri(endpoint.TrimEnd('/') + "/"), "v1/traces");
                }));
        }

        return services;
    }
}
