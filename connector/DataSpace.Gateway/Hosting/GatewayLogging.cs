using DataSpace.Gateway.Diagnostics;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The Serilog pipeline from <c>Gateway:Logging</c>: the minimum level (ASP.NET Core and YARP at Warning, so a
/// request costs one line: the access log's), the console (text or compact JSON) and an optional JSON file.
/// Both sinks are written in the background by Serilog's batching loop (<see cref="BackgroundSink"/>): a request only
/// queues its line and never waits for the file's or the console's lock or write. The queue holds
/// <see cref="QueueLength"/> lines; beyond that, lines are dropped rather than requests held up (Serilog's
/// SelfLog reports it). The file is buffered and flushed every second.
/// </summary>
internal static class GatewayLogging
{
    /// <summary>Lines queued for the sinks; more are dropped.</summary>
    public const int QueueLength = 100_000;

    private static readonly BatchingOptions Batching = new()
    {
        BatchSizeLimit = 1_000,
        BufferingTimeLimit = TimeSpan.FromMilliseconds(50),
        EagerlyEmitFirstEvent = true,
        QueueLimit = QueueLength,
    };

    public static LoggerConfiguration Configure(LoggerConfiguration logger, GatewayLoggingOptions options)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        var level = Enum.Parse<LogEventLevel>(options.MinimumLevel, ignoreCase: true);
        var quiet = level > LogEventLevel.Warning ? level : LogEventLevel.Warning;
        logger
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", quiet)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", level)
            .MinimumLevel.Override("Yarp", quiet)
            .MinimumLevel.Override(GatewayEdgeMiddleware.AccessLogCategory, LogEventLevel.Information)
            // ASP.NET Core starts an Activity for every request while this category is enabled at any level (for the
            // trace ids of its log scopes), and the forwarding HttpClient then adds a traceparent to the request. The
            // gateway traces nothing, and this category only reports each request's start and end, which the access
            // log does: off, it spares every request both. (Nothing in the gateway pushes LogContext properties, so
            // there is no LogContext enricher either.)
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LevelAlias.Off);

        if (options.File is { } file)
        {
            logger.WriteTo.Sink(
                new BackgroundSink(LoggerSinkConfiguration.CreateSink(sink => sink.File(
                    new RenderedCompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                    buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1)))),
                Batching);
        }

        var console = options.Console;
        if (console == GatewayConsoleFormat.Auto)
        {
            console = System.Console.IsOutputRedirected ? GatewayConsoleFormat.Json : GatewayConsoleFormat.Text;
        }

        return console switch
        {
            GatewayConsoleFormat.Text => logger.WriteTo.Sink(
                new BackgroundSink(LoggerSinkConfiguration.CreateSink(sink => sink.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"))),
                Batching),
            GatewayConsoleFormat.Json => logger.WriteTo.Sink(
                new BackgroundSink(LoggerSinkConfiguration.CreateSink(sink => sink.Console(new RenderedCompactJsonFormatter()))),
                Batching),
            _ => logger,
        };
    }
}
