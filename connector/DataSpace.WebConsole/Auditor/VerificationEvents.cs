using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.WebConsole.Auditor;

/// <summary>
/// A verification's progress as server-sent events (<c>GET /events/audit/verifications/{id}</c>,
/// <c>text/event-stream</c>; HTML Living Standard §9.2), which <c>Assets/audit-verify.js</c> turns into the page's
/// progress bar: <c>progress</c>, data <c>{"phase", "checked", "total", "percent"}</c>, first at once and then whenever
/// it changes; <c>done</c> once the verification has finished, and the stream ends. The verification runs in this
/// process (<see cref="Verifications"/>): the stream only reads its counters, it never calls the connector.
/// </summary>
internal static class VerificationEvents
{
    /// <summary>How often an open stream looks at the counters (in memory: it costs nothing).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static void Map(WebApplication app) => app.MapGet("/events/audit/verifications/{id}", Stream);

    private static Results<ServerSentEventsResult<string>, NotFound> Stream(string id, Verifications verifications, CancellationToken cancellationToken) =>
        verifications.Find(id) is { } verification
            ? TypedResults.ServerSentEvents(FollowAsync(verification, Interval, cancellationToken))
            : TypedResults.NotFound();

    /// <summary>The events of one stream: the progress now, then each change, then <c>done</c>.</summary>
    internal static async IAsyncEnumerable<SseItem<string>> FollowAsync(Verification verification, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var phase = verification.Phase;
            var data = new JsonObject
            {
                ["phase"] = phase.ToString(),
                ["checked"] = verification.Checked,
                ["total"] = verification.Total,
                ["percent"] = verification.Percent,
            }.ToJsonString();
            if (data != last)
            {
                last = data;
                yield return new SseItem<string>(data, "progress");
            }

            if (phase == VerificationPhase.Done)
            {
                yield return new SseItem<string>(new JsonObject { ["valid"] = verification.Result?.IsValid == true }.ToJsonString(), "done");
                yield break;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
