using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Opens the transparency log and starts the checkpointer before the server takes requests (a log that cannot
/// be opened, such as one locked by another process, fails the start), and signs a last checkpoint on stop.
/// The log itself is flushed and closed when the app's services are disposed, after every request has ended.
/// </summary>
internal sealed partial class ConnectorLifecycle(
    IServiceProvider services,
    ConnectorDataDirectory directory,
    IHostApplicationLifetime lifetime,
    ILogger<ConnectorLifecycle> logger) : IHostedService
{
    private ITransparencyLog? _log;
    private Checkpointer? _checkpointer;

    /// <summary>The open log, or null before start.</summary>
    public ITransparencyLog? OpenLog => Volatile.Read(ref _log);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (directory.Created)
        {
            Log.DataDirectoryCreated(logger, directory.Root);
        }

        if (directory.TooOpen)
        {
            Log.DataDirectoryTooOpen(logger, directory.Root);
        }

        var key = services.GetRequiredService<SigningKey>();
        if (directory.KeyGenerated)
        {
            Log.KeyGenerated(logger, key.Suite.Name, key.PublicKey.KeyId, directory.KeyFile);
        }
        else
        {
            Log.KeyLoaded(logger, key.Suite.Name, key.PublicKey.KeyId, directory.KeyFile);
        }

        var log = services.GetRequiredService<ITransparencyLog>();
        _checkpointer = services.GetRequiredService<Checkpointer>();
        Volatile.Write(ref _log, log);
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Log.ConnectorStarted(logger, string.Join(' ', addresses), directory.Root, log.Head.Size);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Log.ConnectorStopping(logger);
        if (_checkpointer is { } checkpointer)
        {
            try
            {
                var signed = checkpointer.SignNow();
                Log.FinalCheckpointSigned(logger, signed.Checkpoint.Size);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                Log.FinalCheckpointFailed(logger, exception);
            }
        }

        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ConnectorStarted, EventName = nameof(EventIds.ConnectorStarted), Level = LogLevel.Information,
            Message = "Connector listening on {Addresses} with data directory {DataDirectory}; the log holds {LogSize} entries")]
        public static partial void ConnectorStarted(ILogger logger, string addresses, string dataDirectory, long logSize);

        [LoggerMessage(EventId = EventIds.DataDirectoryCreated, EventName = nameof(EventIds.DataDirectoryCreated), Level = LogLevel.Information,
            Message = "Created the data directory {DataDirectory}")]
        public static partial void DataDirectoryCreated(ILogger logger, string dataDirectory);

        [LoggerMessage(EventId = EventIds.DataDirectoryTooOpen, EventName = nameof(EventIds.DataDirectoryTooOpen), Level = LogLevel.Warning,
            Message = "The data directory {DataDirectory} is open to group or others; it should be mode 0700")]
        public static partial void DataDirectoryTooOpen(ILogger logger, string dataDirectory);

        [LoggerMessage(EventId = EventIds.KeyGenerated, EventName = nameof(EventIds.KeyGenerated), Level = LogLevel.Information,
            Message = "Generated the {Suite} connector key {KeyId} in {KeyFile}")]
        public static partial void KeyGenerated(ILogger logger, string suite, string keyId, string keyFile);

        [LoggerMessage(EventId = EventIds.KeyLoaded, EventName = nameof(EventIds.KeyLoaded), Level = LogLevel.Information,
            Message = "Loaded the {Suite} connector key {KeyId} from {KeyFile}")]
        public static partial void KeyLoaded(ILogger logger, string suite, string keyId, string keyFile);

        [LoggerMessage(EventId = EventIds.ConnectorStopping, EventName = nameof(EventIds.ConnectorStopping), Level = LogLevel.Information,
            Message = "Connector stopping")]
        public static partial void ConnectorStopping(ILogger logger);

        [LoggerMessage(EventId = EventIds.FinalCheckpointSigned, EventName = nameof(EventIds.FinalCheckpointSigned), Level = LogLevel.Information,
            Message = "Signed the last checkpoint at log size {LogSize}")]
        public static partial void FinalCheckpointSigned(ILogger logger, long logSize);

        [LoggerMessage(EventId = EventIds.FinalCheckpointFailed, EventName = nameof(EventIds.FinalCheckpointFailed), Level = LogLevel.Error,
            Message = "Could not sign the last checkpoint on stop")]
        public static partial void FinalCheckpointFailed(ILogger logger, Exception exception);
    }
}
