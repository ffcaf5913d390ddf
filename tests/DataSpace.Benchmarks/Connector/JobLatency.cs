using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// Submit-to-released of jobs approved at once, one after the other: the client's time from POST /api/v1/jobs (with the
/// module's source) and the supplier's POST /api/v1/jobs/{id}/approve to the first GET /api/v1/jobs/{id} that shows
/// Released (polled every <see cref="PollInterval"/>), and the server's own breakdown from the job's stored timestamps:
/// submitted → claimed by the runner → released. A module is never pre-approved (docs/module-review.md), so the approval
/// is one more request than the pre-approved jobs of earlier figures.
/// </summary>
internal static class JobLatency
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public sealed record Sample(double ClientMs, double SubmitMs, double ServerMs, double QueueMs, double RunMs);

    public static async Task<List<Sample>> MeasureAsync(BenchConnector connector, int jobs)
    {
        using var client = connector.SignedClient(connector.OperatorKey, 2);
        using var supplier = connector.SignedClient(connector.SupplierKey, 1);
        var store = connector.App.Services.GetRequiredService<IConnectorStore>();
        var module = Convert.ToBase64String(connector.Wasm);
        const string source = "/* grouped-stats: samples/jobs/grouped-stats/grouped-stats.c (not rebuilt by the benchmark) */\n";
        var samples = new List<Sample>();
        for (var i = 0; i < jobs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var submitted = await BenchConnector.SendAsync(client, "/api/v1/jobs", new { manifest = connector.Manifest(), module, source });
            var id = submitted.GetProperty("id").GetString()!;
            var submitMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await BenchConnector.SendAsync(supplier, $"/api/v1/jobs/{id}/approve", new { }, HttpStatusCode.OK);

            while (true)
            {
                using var response = await client.GetAsync("/api/v1/jobs/" + id);
                var state = response.StatusCode == HttpStatusCode.OK
                    ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()
                    : throw new InvalidOperationException($"GET job {id}: {(int)response.StatusCode}");
                if (state == "Released")
                {
                    break;
                }

                if (state is "Failed" or "Refused" or "Rejected")
                {
                    throw new InvalidOperationException($"job {id} ended {state}");
                }

                await Task.Delay(PollInterval);
            }

            var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var job = await store.GetJobAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"job {id} vanished");
            if (job.State != JobState.Released || job.RowsProcessed == 0)
            {
                throw new InvalidOperationException($"job {id}: {job.State}, {job.RowsProcessed} rows");
            }

            samples.Add(new Sample(
                clientMs,
                submitMs,
                (job.FinishedAt!.Value - job.SubmittedAt).TotalMilliseconds,
                (job.StartedAt!.Value - job.SubmittedAt).TotalMilliseconds,
                (job.FinishedAt!.Value - job.StartedAt!.Value).TotalMilliseconds));
        }

        return samples;
    }
}
