using DataSpace.Connector.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataSpace.Connector.Tests.Hosting;

/// <summary>Test-only endpoints, mapped through <see cref="ConnectorHostHooks.MapEndpoints"/>.</summary>
internal static class TestEndpoints
{
    public const string SecretMarker = "do-not-log-this-body-3f9a";

    public static ConnectorHostHooks Hooks { get; } = new() { MapEndpoints = Map };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/test/echo", (Sample sample) => TypedResults.Ok(sample));
        endpoints.MapGet("/test/throw", string () => throw new InvalidOperationException("internal detail /etc/secret"));
        endpoints.MapGet("/test/argument", string () => throw new ArgumentException("the name must not be empty"));
        endpoints.MapGet("/test/problem", string () => throw new ConnectorProblemException(
            StatusCodes.Status409Conflict, "Agreement revoked", "agreement a-1 was revoked", new Uri("https://dataspace.example/problems/revoked")));
        endpoints.MapPost("/test/upload", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var sink = new MemoryStream();
            await request.Body.CopyToAsync(sink, cancellationToken);
            return TypedResults.Ok(sink.Length);
        }).WithUploadLimits();
        endpoints.MapGet("/test/slow", async (int milliseconds, string? tag, CancellationToken cancellationToken) =>
        {
            if (tag is not null)
            {
                Started(tag).TrySetResult();
            }

            await Task.Delay(milliseconds, cancellationToken);
            return TypedResults.Ok("done");
        });
        endpoints.MapPost("/test/parties/{partyId}/jobs/{jobId}", (string partyId, string jobId, Sample sample, HttpContext context) =>
        {
            using (ConnectorLogScope.Push(context, partyId: partyId))
            {
                return TypedResults.Ok(jobId);
            }
        });
    }

    internal sealed record Sample(string Name, int Count);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> StartedRequests = new(StringComparer.Ordinal);

    /// <summary>Completes when a <c>/test/slow</c> request with <c>tag</c> has reached its endpoint.</summary>
    public static TaskCompletionSource Started(string tag) =>
        StartedRequests.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
