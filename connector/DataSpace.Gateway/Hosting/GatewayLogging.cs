using DataSpace.Gateway.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The Serilog pipeline from <c>Gateway:Logging</c>: the minimum level (ASP.NET Core and YARP at Warning, so a
/// request costs one line: the access log's), the console (text or compact JSON) and an optional JSON file.
/// Both sinks are written by a background thread (Serilog.Sinks.Async): a request only queues its line, and
/// never waits for the file's or the console's lock; the queue holds <see cref="QueueLength"/> lines and, when
/// full, makes requests wait rather than drop a line. The file is buffered and flushed every second.
/// </summary>
internal static class GatewayLogging
{
    /// <summary>Lines queued for the sinks before a request must wait.</summary>
    public const int QueueLength = 65_536;

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
            .Enrich.FromLogContext();
        if (options.File is { } file)
        {
            logger.WriteTo.Async(
                sink => sink.File(
                    new RenderedCompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                    buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1)),
                bufferSize: QueueLength,
                blockWhenFull: true);
        }

        var console = options.Console;
        if (console == GatewayConsoleFormat.Auto)
        {
            console = System.Console.IsOutputRedirected ? GatewayConsoleFormat.Json : GatewayConsoleFormat.Text;
        }

        return console switch
        {
            GatewayConsoleFormat.Text => logger.WriteTo.Async(
                sink => sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
                bufferSize: QueueLength,
                blockWhenFull: true),
            GatewayConsoleFormat.Json => logger.WriteTo.Async(sink => sink.Console(new RenderedCompactJsonFormatter()), bufferSize: QueueLength, blockWhenFull: true),
            _ => logger,
        };
    }
}
