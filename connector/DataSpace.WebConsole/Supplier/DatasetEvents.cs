using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// A dataset registration's progress as server-sent events (<c>GET /events/datasets/registrations/{id}</c>,
/// <c>text/event-stream</c>; HTML Living Standard §9.2), which <c>Assets/dataset-registration.js</c> turns into the
/// Datasets page's progress bar. The id is the console's (<see cref="DatasetRegistrationMap"/>); the console polls the
/// connector's registration (<c>GET /api/v1/datasets/registrations/{id}</c>) once every <see cref="PollInterval"/> for
/// each open stream, never faster, and stops when the registration ends, the connector refuses, or the client goes.
/// </summary>
/// <remarks>
/// Events: <c>progress</c>, data <c>{"bytesRead", "bytesTotal", "percent"}</c>, sent first at once and then whenever it
/// changes (a last one at 100 when the registration is done); then <c>done</c>, data <c>{"dataset"}</c> (the catalogue's
/// view), or <c>failed</c>, data <c>{"error"}</c> (the connector's detail, of the registration or of its refusal to
/// answer), and the stream ends. The session cookie is required here as on every route (<see cref="ConsoleHost"/>).
/// </remarks>
internal static class DatasetEvents
{
    /// <summary>How often an open stream asks the connector: at most four times a second.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the browser waits before it reconnects a stream that broke before the registration ended.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(3);

    public static void Map(WebApplication app) => app.MapGet("/events/datasets/registrations/{id}", Stream);

    private static Results<ServerSentEventsResult<string>, NotFound> Stream(
        string id, DatasetRegistrationMap registrations, ConsoleConnector connector, CancellationToken cancellationToken) =>
        registrations.Find(id) is { } registration
            ? TypedResults.ServerSentEvents(FollowAsync(registration.Location, connector, PollInterval, cancellationToken))
            : TypedResults.NotFound();

    /// <summary>The events of one stream over the connector's registration at <paramref name="location"/>, polled every <paramref name="interval"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is shorter than <see cref="PollInterval"/>.</exception>
    internal static IAsyncEnumerable<SseItem<string>> FollowAsync(string location, ConsoleConnector connector, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, PollInterval);
        return PollAsync(location, connector, interval, cancellationToken);
    }

    private static async IAsyncEnumerable<SseItem<string>> PollAsync(
        string location, ConsoleConnector connector, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var answer = await connector.GetAsync(location, cancellationToken).ConfigureAwait(false);
            var view = RegistrationView.Of(answer);
            if (view.State == RegistrationView.Running || view.State == RegistrationView.Done)
            {
                var data = new JsonObject
                {
                    ["bytesRead"] = view.State == RegistrationView.Done ? view.BytesTotal : view.BytesRead,
                    ["bytesTotal"] = view.BytesTotal,
                    ["percent"] = view.Percent,
                }.ToJsonString();
                if (data != last)
                {
                    last = data;
                    yield return new SseItem<string>(data, "progress") { ReconnectionInterval = Reconnect };
                }
            }

            if (view.State == RegistrationView.Done)
            {
                yield return new SseItem<string>(new JsonObject { ["dataset"] = view.Dataset.ValueKind == JsonValueKind.Object ? JsonNode.Parse(view.Dataset.GetRawText()) : null }.ToJsonString(), "done");
                yield break;
            }

            if (view.State == RegistrationView.Failed)
            {
                yield return new SseItem<string>(new JsonObject { ["error"] = view.Error }.ToJsonString(), "failed");
                yield break;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
