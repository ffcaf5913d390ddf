using DataSpace.Crypto.HttpSignatures;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace DataSpace.Gateway.Hosting;

/// <summary>Checks <see cref="GatewayOptions"/>; every failure names the configuration key it is about.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Section = GatewayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
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

        Require(!string.IsNullOrWhiteSpace(options.Urls), nameof(options.Urls), "must name at least one URL such as http://127.0.0.1:8443");
        Require(options.Connectors.Count > 0, nameof(options.Connectors), "must list at least one connector replica URL such as http://127.0.0.1:8080");
        for (var i = 0; i < options.Connectors.Count; i++)
        {
            var url = options.Connectors[i];
            Require(
                Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0,
                $"{nameof(options.Connectors)}:{i}",
                $"'{url}' is not an absolute http(s) URL without a query");
        }

        Require(!string.IsNullOrWhiteSpace(options.ConnectorSecretFile), nameof(options.ConnectorSecretFile), "must name the connector's gateway.secret file");
        Require(options.TrustListRefresh > TimeSpan.Zero, nameof(options.TrustListRefresh), "must be positive");
        Require(options.MaxRequestBodyBytes > 0, nameof(options.MaxRequestBodyBytes), $"must be positive, not {options.MaxRequestBodyBytes}");
        Require(
            options.MaxUploadBytes >= options.MaxRequestBodyBytes,
            nameof(options.MaxUploadBytes),
            $"must be at least MaxRequestBodyBytes ({options.MaxRequestBodyBytes}), not {options.MaxUploadBytes}");
        Require(
            options.MaxBufferedBodyBytes >= Math.Max(options.MaxUploadBytes, options.MaxRequestBodyBytes),
            nameof(options.MaxBufferedBodyBytes),
            $"must hold at least one upload (MaxUploadBytes, {options.MaxUploadBytes}), not {options.MaxBufferedBodyBytes}");
        for (var i = 0; i < options.PublicOrigins.Count; i++)
        {
            var origin = options.PublicOrigins[i];
            Require(HttpOrigin.TryParse(origin, out _, out var error), $"{nameof(options.PublicOrigins)}:{i}", error);
        }
        Require(options.ShutdownTimeout > TimeSpan.Zero, nameof(options.ShutdownTimeout), "must be positive");
        Require(options.Signatures.MaxAge > TimeSpan.Zero, "Signatures:MaxAge", "must be positive");
        Require(options.Signatures.ClockSkew >= TimeSpan.Zero, "Signatures:ClockSkew", "must not be negative");
        Require(options.Signatures.NonceCapacity > 0, "Signatures:NonceCapacity", $"must be positive, not {options.Signatures.NonceCapacity}");
        Require(options.RateLimit.PermitsPerSecond > 0, "RateLimit:PermitsPerSecond", $"must be positive, not {options.RateLimit.PermitsPerSecond}");
        Require(options.RateLimit.Burst > 0, "RateLimit:Burst", $"must be positive, not {options.RateLimit.Burst}");
        Require(options.RateLimit.UnauthenticatedPermitsPerSecond > 0, "RateLimit:UnauthenticatedPermitsPerSecond", "must be positive");
        Require(options.RateLimit.UnauthenticatedBurst > 0, "RateLimit:UnauthenticatedBurst", "must be positive");
        Require(options.HealthCheck.Interval > TimeSpan.Zero, "HealthCheck:Interval", "must be positive");
        Require(options.HealthCheck.Timeout > TimeSpan.Zero, "HealthCheck:Timeout", "must be positive");
        Require(options.HealthCheck.Path.StartsWith('/'), "HealthCheck:Path", $"'{options.HealthCheck.Path}' must start with '/'");
        Require(options.HealthCheck.FailureThreshold > 0, "HealthCheck:FailureThreshold", "must be positive");
        Require(Enum.IsDefined(options.Logging.Console), "Logging:Console", "must be Auto, Text, Json or None");
        Require(
            Enum.TryParse<LogEventLevel>(options.Logging.MinimumLevel, ignoreCase: true, out _),
            "Logging:MinimumLevel",
            $"'{options.Logging.MinimumLevel}' is not a level: expected Verbose, Debug, Information, Warning, Error or Fatal");
        Require(options.Logging.File is null || !string.IsNullOrWhiteSpace(options.Logging.File), "Logging:File", "must not be blank when set");
        Require(options.Metrics.Path.StartsWith('/'), "Metrics:Path", $"'{options.Metrics.Path}' must start with '/'");
        Require(
            options.Metrics.Urls is null || options.Metrics.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                is { Length: > 0 } urls && urls.All(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)),
            "Metrics:Urls",
            $"'{options.Metrics.Urls}' must be http(s) listen URLs separated by ';', such as http://127.0.0.1:9465");
        Require(
            options.Tracing.OtlpEndpoint is null || (Uri.TryCreate(options.Tracing.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"),
            "Tracing:OtlpEndpoint",
            $"'{options.Tracing.OtlpEndpoint}' must be an absolute http(s) URL such as http://127.0.0.1:4318");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
