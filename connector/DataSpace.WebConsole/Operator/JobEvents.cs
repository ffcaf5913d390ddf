using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.WebConsole.Operator;

/// <summary>
/// A job's state as server-sent events (<c>GET /events/jobs/{jobId}</c>, <c>text/event-stream</c>; HTML Living
/// Standard §9.2): the page's script (<c>Assets/job-status.js</c>) listens, the console polls the connector. One open
/// stream makes one poll every <see cref="PollInterval"/>, whatever the number of browsers, and none once it ends: when
/// the job reaches a final state, when the connector refuses the poll, or when the client goes (its request is aborted).
/// </summary>
/// <remarks>
/// Events: <c>state</c>, data <c>{"state", "reason", "rowsProcessed", "finishedAt"}</c>, sent first at once and then
/// whenever one of those changes; <c>problem</c>, data <c>{"detail"}</c>, when the connector refuses (the stream ends).
/// The session cookie is required here as on every route (<see cref="ConsoleHost"/>).
/// </remarks>
internal static class JobEvents
{
    /// <summary>How often an open stream asks the connector: often enough to look live, seldom enough to cost nothing.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the browser waits before it reconnects a stream that broke before the job ended.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(3);

    public static void Map(WebApplication app) => app.MapGet("/events/jobs/{jobId}", Stream);

    private static ServerSentEventsResult<string> Stream(string jobId, ConsoleConnector connector, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(FollowAsync(jobId, connector, PollInterval, cancellationToken));

    /// <summary>The events of one stream: the state now, then each change, until the job ends or <paramref name="cancellationToken"/> fires.</summary>
    internal static async IAsyncEnumerable<SseItem<string>> FollowAsync(
        string jobId, ConsoleConnector connector, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            // The client went: the stream ends the way every cancelled read does, with OperationCanceledException.
            cancellationToken.ThrowIfCancellationRequested();
            var answer = await connector.GetAsync($"/api/v1/jobs/{Uri.EscapeDataString(jobId)}", cancellationToken).ConfigureAwait(false);
            if (!answer.Ok || answer.Body.ValueKind != JsonValueKind.Object)
            {
                var detail = answer.Problem ?? $"{answer.Status}: not a job";
                yield return new SseItem<string>(new JsonObject { ["detail"] = detail }.ToJsonString(), "problem") { ReconnectionInterval = Reconnect };
                yield break;
            }

            var state = answer.Body.TryGetProperty("state", out var s) ? s.GetString() : null;
            var data = new JsonObject
            {
                ["state"] = state,
                ["reason"] = Text(answer.Body, "reason"),
                ["rowsProcessed"] = answer.Body.TryGetProperty("rowsProcessed", out var rows) && rows.TryGetInt64(out var count) ? count : null,
                ["finishedAt"] = Text(answer.Body, "finishedAt"),
            }.ToJsonString();
            if (data != last)
            {
                last = data;
                yield return new SseItem<string>(data, "state") { ReconnectionInterval = Reconnect };
            }

            if (JobStates.IsFinal(state))
            {
                yield break;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Text(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
