using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Hosting;

/// <summary>Checks <see cref="ConnectorOptions"/>; every failure names the configuration key it is about.</summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    private const string Section = ConnectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        void Require(bool ok, string key, string message)
        {
            if (!ok)
            {
                failures.Add($"{Section}:{key} {message}");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.DataDirectory), nameof(options.DataDirectory), "must name the data directory");
        Require(!string.IsNullOrWhiteSpace(options.Name), nameof(options.Name), "must not be empty");
        Require(options.DataRoots.All(root => !string.IsNullOrWhiteSpace(root)), nameof(options.DataRoots), "must not hold a blank directory");
        Require(options.Id is null || !string.IsNullOrWhiteSpace(options.Id), nameof(options.Id), "must not be blank when set");
        Require(options.ReplicaId is null || !string.IsNullOrWhiteSpace(options.ReplicaId), nameof(options.ReplicaId), "must not be blank when set");
        Require(!string.IsNullOrWhiteSpace(options.Urls), nameof(options.Urls), "must name at least one URL such as http://127.0.0.1:8080");
        Require(
            SignatureSuites.TryGet(options.SignatureSuite, out _),
            nameof(options.SignatureSuite),
            $"'{options.SignatureSuite}' is not a signature suite: expected one of {string.Join(", ", SignatureSuites.All.Select(s => s.Name))}");
        Require(
            options.LogOrigin is null || NoteKeys.IsValidName(options.LogOrigin),
            nameof(options.LogOrigin),
            $"'{options.LogOrigin}' is not a valid log origin: it must be non-empty, without spaces or '+'");
        Require(options.CheckpointInterval > TimeSpan.Zero, nameof(options.CheckpointInterval), "must be positive");
        Require(
            options.Storage.Log != LogStorage.Postgres || options.Storage.Engine == Storage.StorageEngine.Postgres,
            "Storage:Log",
            "Postgres keeps the log in the connector's PostgreSQL database: it needs Storage:Engine Postgres and its ConnectionString");
        Require(options.MaxRequestBodyBytes > 0, nameof(options.MaxRequestBodyBytes), $"must be positive, not {options.MaxRequestBodyBytes}");
        Require(
            options.MaxUploadBytes is null || options.MaxUploadBytes >= options.MaxRequestBodyBytes,
            nameof(options.MaxUploadBytes),
            $"must be at least MaxRequestBodyBytes ({options.MaxRequestBodyBytes}), not {options.MaxUploadBytes}");
        Require(
            options.MaxBufferedBodyBytes is null || options.MaxBufferedBodyBytes >= options.UploadLimit,
            nameof(options.MaxBufferedBodyBytes),
            $"must hold at least one upload ({options.UploadLimit} bytes), not {options.MaxBufferedBodyBytes}");
        for (var i = 0; i < options.PublicOrigins.Count; i++)
        {
            Require(
                DataSpace.Crypto.HttpSignatures.HttpOrigin.TryParse(options.PublicOrigins[i], out _, out var originError),
                $"{nameof(options.PublicOrigins)}:{i}",
                originError);
        }

        Require(options.RateLimit.RefusedPermitsPerSecond > 0, "RateLimit:RefusedPermitsPerSecond", $"must be positive, not {options.RateLimit.RefusedPermitsPerSecond}");
        Require(options.RateLimit.RefusedBurst > 0, "RateLimit:RefusedBurst", $"must be positive, not {options.RateLimit.RefusedBurst}");
        Require(options.MaxRequestHeadersTotalBytes >= 1024, nameof(options.MaxRequestHeadersTotalBytes), $"must be at least 1024, not {options.MaxRequestHeadersTotalBytes}");
        Require(options.MaxRequestHeaderCount > 0, nameof(options.MaxRequestHeaderCount), $"must be positive, not {options.MaxRequestHeaderCount}");
        Require(options.MaxDatasetFiles > 0, nameof(options.MaxDatasetFiles), $"must be positive, not {options.MaxDatasetFiles}");
        Require(options.RequestTimeout > TimeSpan.Zero, nameof(options.RequestTimeout), "must be positive");
        Require(options.UploadRequestTimeout >= options.RequestTimeout, nameof(options.UploadRequestTimeout), "must be at least RequestTimeout");
        Require(options.ShutdownTimeout > TimeSpan.Zero, nameof(options.ShutdownTimeout), "must be positive");
        Require(options.Logging.FileSizeLimitBytes >= 1024, "Logging:FileSizeLimitBytes", $"must be at least 1024, not {options.Logging.FileSizeLimitBytes}");
        Require(options.Logging.RetainedFileCount > 0, "Logging:RetainedFileCount", $"must be positive, not {options.Logging.RetainedFileCount}");
        Require(options.Gateway.MaxAge > TimeSpan.Zero, "Gateway:MaxAge", "must be positive");
        Require(options.Gateway.SecretFile is null || !string.IsNullOrWhiteSpace(options.Gateway.SecretFile), "Gateway:SecretFile", "must not be blank when set");
        Require(Enum.IsDefined(options.Logging.Console), "Logging:Console", "must be Auto, Text, Json or None");
        Require(options.Health.MinimumFreeBytes >= 0, "Health:MinimumFreeBytes", $"must not be negative, not {options.Health.MinimumFreeBytes}");
        Require(options.Metrics.Path.StartsWith('/'), "Metrics:Path", $"'{options.Metrics.Path}' must start with '/'");
        Require(
            options.Metrics.Urls is null || options.Metrics.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                is { Length: > 0 } urls && urls.All(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)),
            "Metrics:Urls",
            $"'{options.Metrics.Urls}' must be http(s) listen URLs separated by ';', such as http://127.0.0.1:9464");
        Require(
            options.Tracing.OtlpEndpoint is null || (Uri.TryCreate(options.Tracing.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"),
            "Tracing:OtlpEndpoint",
            $"'{options.Tracing.OtlpEndpoint}' must be an absolute http(s) URL such as http://127.0.0.1:4318");
        failures.AddRange(options.Privacy.Validate().Select(failure => $"{Section}:{failure}"));
        failures.AddRange(options.Settlement.Validate().Select(failure => $"{Section}:{failure}"));
        Require(
            options.Jobs.PublishGrid >= TimeSpan.Zero && options.Jobs.PublishGrid <= TimeSpan.FromHours(1),
            "Jobs:PublishGrid",
            "must be between 00:00:00 (publish at once: benchmarks and tests only) and 01:00:00");
        Require(options.Jobs.RunSlots is >= 1 and <= 64, "Jobs:RunSlots", $"must be between 1 and 64, not {options.Jobs.RunSlots}");
        Require(
            options.Jobs.RunSlotsPerOperator >= 1 && options.Jobs.RunSlotsPerOperator <= options.Jobs.RunSlots,
            "Jobs:RunSlotsPerOperator",
            $"must be between 1 and Jobs:RunSlots ({options.Jobs.RunSlots}), not {options.Jobs.RunSlotsPerOperator}");
        Require(options.Jobs.TasksPerJob is >= 1 and <= 1024, "Jobs:TasksPerJob", $"must be between 1 and 1024, not {options.Jobs.TasksPerJob}");
        Require(options.Jobs.TaskWorkers is >= 0 and <= 64, "Jobs:TaskWorkers", $"must be between 0 and 64, not {options.Jobs.TaskWorkers}");
        Require(options.Jobs.TaskLease >= TimeSpan.FromSeconds(1) && options.Jobs.TaskLease <= TimeSpan.FromHours(1), "Jobs:TaskLease",
            $"must be between 1 s and 1 h, not {options.Jobs.TaskLease}");
        Require(options.Jobs.WallTimeBase > TimeSpan.Zero, "Jobs:WallTimeBase", "must be positive");
        Require(options.Jobs.WallTimePerMillionRows >= TimeSpan.Zero, "Jobs:WallTimePerMillionRows", "must not be negative");

        try
        {
            options.Sandbox.ToSandboxOptions(options.DataDirectory).Validate();
        }
        catch (ArgumentException exception)
        {
            failures.Add($"{Section}:Sandbox: {exception.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
