using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Authentication;
using DataSpace.Gateway.Diagnostics;
using DataSpace.Gateway.Forwarding;
using DataSpace.Gateway.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Hosting;

/// <summary>
/// Builds the gateway (docs/gateway.md): the configuration file named by <c>--Gateway:ConfigFile=FILE</c>, then the
/// other <c>--Gateway:*</c> arguments; Kestrel, Serilog, the trust list, verification, rate limits and YARP over
/// the connector replicas.
/// </summary>
public static class GatewayHost
{
    /// <summary>
    /// Reads and checks the configuration and builds the app, not yet started. Bad configuration is a
    /// <see cref="GatewayConfigurationException"/> naming the key.
    /// </summary>
    public static GatewayApp Build(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(GatewayHost).Assembly.GetName().Name,
        });
        var options = GatewayConfiguration.Load(builder.Configuration, args);
        byte[] secretBytes;
        try
        {
            secretBytes = GatewaySecretFile.Load(options.ConnectorSecretFile!);
        }
        catch (Exception exception) when (exception is GatewaySecretException or IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigurationException($"{GatewayOptions.SectionName}:ConnectorSecretFile: {exception.Message}", exception);
        }

        var secret = new GatewaySecret(secretBytes);
        Serilog.Core.Logger? logger = null;
        try
        {
            logger = GatewayLogging.Configure(new LoggerConfiguration(), options.Logging).CreateLogger();
            ConfigureServices(builder, options, secret, logger);
            var app = builder.Build();
            ConfigurePipeline(app, options);
            return new GatewayApp(app);
        }
        catch
        {
            logger?.Dispose();
            secret.Dispose();
            throw;
        }
    }

    private static void ConfigureServices(WebApplicationBuilder builder, GatewayOptions options, GatewaySecret secret, Serilog.ILogger logger)
    {
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);
        services.AddSerilog(logger, dispose: true);
        services.AddSingleton(new GatewayAccessLog(logger));

        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The largest a route takes; each request's own limit is set before its body is read (RequestBody).
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBodyBytes, options.MaxUploadBytes);

            // What Kestrel buffers per connection ahead of the app (1 MiB by default): with many bodies arriving at once,
            // memory is then the body budget, not connections times a megabyte (docs/gateway.md, "Bodies").
            kestrel.Limits.MaxRequestBufferSize = RequestBody.ConnectionBufferBytes;
        });
        builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = RequestBody.ConnectionBufferBytes);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => secret); // disposed (zeroed) with the app
        services.AddSingleton<INonceStore>(provider =>
            new MemoryNonceStore(provider.GetRequiredService<TimeProvider>(), options.Signatures.NonceCapacity));
        services.AddSingleton<TrustList>();
        services.AddHostedService(provider => provider.GetRequiredService<TrustList>());
        services.AddSingleton(provider => new ServerOrigins(
            [.. provider.GetRequiredService<IOptions<GatewayOptions>>().Value.PublicOrigins], provider.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
        services.AddSingleton(new ContentBudget(options.MaxBufferedBodyBytes));
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<GatewayRateLimiter>();
        services.AddGatewayTelemetry(options);
        services.AddSingleton<GatewayAssertionTransform>();

        // YARP keeps a replica its passive check took out for the longer of ReactivationPeriod and the failure-rate
        // DetectionWindowSize (60 s by default), and judges it by the failures in that window: a connector that was
        // down a moment and is back would stay out for a minute. One probe interval, as docs/gateway.md says.
        services.Configure<TransportFailureRateHealthPolicyOptions>(policy => policy.DetectionWindowSize = options.HealthCheck.Interval);
        services.AddReverseProxy()
            .LoadFromMemory(GatewayRoutes.Routes(), GatewayRoutes.Clusters(options))
            .ConfigureHttpClient((_, handler) =>
            {
                // One pooled SocketsHttpHandler per cluster (YARP's); connections are kept and reused.
                handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);
                handler.MaxConnectionsPerServer = int.MaxValue;
            })
            .AddTransforms(transforms =>
            {
                // No X-Forwarded-* headers: the connector reads none of them (the party comes in the assertion), and
                // the client's address is the gateway's access log's business. Each costs both sides a header.
                transforms.AddXForwarded(ForwardedTransformActions.Off);
                transforms.RequestTransforms.Add(transforms.Services.GetRequiredService<GatewayAssertionTransform>());
            });
    }

    private static void ConfigurePipeline(WebApplication app, GatewayOptions options)
    {
        app.UseMiddleware<GatewayEdgeMiddleware>(options.Logging.AccessLog);
        app.UseMiddleware<HostRequiredMiddleware>();
        app.UseRouting();
        app.MapGatewayHealth();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<GatewayAuthenticationMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

        // Anything not on the allow-list: 404, never forwarded.
        app.Map("/{**path}", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).WithOrder(int.MaxValue);
    }
}
