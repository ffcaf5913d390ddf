using DataSpace.Gateway.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The Serilog pipeline from <c>Gateway:Logging</c>: the minimum level (ASP.NET Core and YARP at Warning, so a
/// request costs one line: the access log's), the console (text or compact JSON) and an optional JSON file.
/// </summary>
internal static class GatewayLogging
{
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
            logger.WriteTo.File(new RenderedCompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14);
        }

        var console = options.Console;
        if (console == GatewayConsoleFormat.Auto)
        {
            console = System.Console.IsOutputRedirected ? GatewayConsoleFormat.Json : GatewayConsoleFormat.Text;
        }

        return console switch
        {
            GatewayConsoleFormat.Text => logger.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
            GatewayConsoleFormat.Json => logger.WriteTo.Console(new RenderedCompactJsonFormatter()),
            _ => logger,
        };
    }
}
