using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// <c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (every check tagged
/// <see cref="ConnectorHealth.ReadyTag"/> passes): 200 when healthy, 503 otherwise, with each check's status.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").WithTags("Health");
        group.DisableRequestTimeout();
        group.MapGet("/live", GetLiveAsync)
            .WithName("GetLiveness")
            .WithSummary("Liveness: the process is up and answering.")
            .Produces<HealthResponse>();
        group.MapGet("/ready", GetReadyAsync)
            .WithName("GetReadiness")
            .WithSummary("Readiness: the data directory is writable with space free, the log takes appends, the database reads and writes, the key signs.")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static Task<JsonHttpResult<HealthResponse>> GetLiveAsync(HealthCheckService health, CancellationToken cancellationToken) =>
        ReportAsync(health, static _ => false, cancellationToken);

    private static Task<JsonHttpResult<HealthResponse>> GetReadyAsync(HealthCheckService health, CancellationToken cancellationToken) =>
        ReportAsync(health, static check => check.Tags.Contains(ConnectorHealth.ReadyTag), cancellationToken);

    private static async Task<JsonHttpResult<HealthResponse>> ReportAsync(
        HealthCheckService health, Func<HealthCheckRegistration, bool> predicate, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(predicate, cancellationToken).ConfigureAwait(false);
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new HealthCheckResponse(entry.Value.Status.ToString(), entry.Value.Description, entry.Value.Duration.TotalMilliseconds),
            StringComparer.Ordinal);
        var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return TypedResults.Json(new HealthResponse(report.Status.ToString(), checks), statusCode: status);
    }
}
