using Serilog;
using Serilog.Formatting.Compact;
using Serilog.Settings.Configuration;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// The Serilog pipeline: minimum levels from the <c>Serilog</c> section, properties from the log context, the
/// console (text or compact JSON) and a rolling compact-JSON file under <c>logs/</c>.
/// </summary>
internal static class ConnectorLogging
{
    public const string FilePrefix = "connector-";

    public static LoggerConfiguration Configure(
        LoggerConfiguration logger, IConfiguration configuration, ConnectorOptions options, ConnectorDataDirectory directory)
    {
        var readerOptions = new ConfigurationReaderOptions(typeof(ConnectorLogging).Assembly) { SectionName = "Serilog" };
        logger
            .ReadFrom.Configuration(configuration, readerOptions)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("ConnectorName", options.Name)
            .WriteTo.File(
                new RenderedCompactJsonFormatter(),
                Path.Combine(directory.LogsDirectory, FilePrefix + ".json"),
                fileSizeLimitBytes: options.Logging.FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: options.Logging.RetainedFileCount);

        var console = options.Logging.Console;
        if (console == ConsoleLogFormat.Auto)
        {
            console = Console.IsOutputRedirected ? ConsoleLogFormat.Json : ConsoleLogFormat.Text;
        }

        return console switch
        {
            ConsoleLogFormat.Text => logger.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
            ConsoleLogFormat.Json => logger.WriteTo.Console(new RenderedCompactJsonFormatter()),
            _ => logger,
        };
    }
}
