using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Envelope;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// A federated job against the single-connector jobs it replaces (issue 16, item 7; docs/benchmarks.md, "Federated
/// jobs"): three connectors on loopback, each with its own dataset of 1,000,000 rows (by default), one plan of 100
/// groups × 4 statistics. Each run measures, one after the other, (a) on every connector alone the plan job: submit,
/// approve, poll until Released; and (b) the federated job: the operator's request to every connector, the key set to
/// every connector, every supplier's approval (each step sent to all connectors at once), polled until the aggregator's
/// job is Released. Approvals go out as soon as the submission answers, so no human time is measured; the one-time
/// dataset registrations (which hash the files) are not timed. Then the federation's own work (masking, combining) is
/// timed in process (<see cref="FederationCosts"/>).
/// </summary>
internal static class FederationBenchmark
{
    private const int Aggregator = 0;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private sealed record Single(double ClientMs, double QueueMs, double RunMs);

    private sealed record Federated(double ClientMs, double SubmitMs, double KeysMs, double ApproveMs, double[] StartMs, double[] VectorMs, double ReleasedMs);

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var runs = Option(args, "--runs", 3);
        var connectors = Option(args, "--connectors", 3);
        Console.WriteLine($"# federation: {connectors} connectors × {rows:N0} rows, {FederationBenchCluster.Groups} groups × 4 statistics, " +
            $"{runs} runs after 1 warm-up; {Machine.Describe()}; load average {LoadAverage()}");
        var (cluster, written, registered) = await FederationBenchCluster.StartAsync(connectors, rows);
        await using (cluster)
        {
            Console.WriteLine($"setup (not timed): datasets written in {written.TotalSeconds:N1} s, registered (hashed) in {registered.TotalSeconds:N1} s");
            var operators = Enumerable.Range(0, connectors).Select(c => cluster.Client(c, cluster.OperatorKey)).ToArray();
            var suppliers = Enumerable.Range(0, connectors).Select(c => cluster.Client(c, cluster.SupplierKeys[c])).ToArray();
            var singles = Enumerable.Range(0, connectors).Select(_ => new List<Single>()).ToArray();
            var federated = new List<Federated>();
            var concurrent = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var line = new List<string>();
                for (var c = 0; c < connectors; c++)
                {
                    var single = await SingleAsync(cluster, c, operators[c], suppliers[c], rows);
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"single {c} {single.ClientMs:F0} ms (queue {single.QueueMs:F0}, run {single.RunMs:F0})"));
                    if (run > 0)
                    {
                        singles[c].Add(single);
                    }
                }

                // The same three single jobs at once: what running three evaluations on this machine's cores costs by
                // itself, without any federation (the participants of a real federation each have their own machine).
                var together = await Task.WhenAll(Enumerable.Range(0, connectors).Select(c => SingleAsync(cluster, c, operators[c], suppliers[c], rows)));
                line.Add(string.Create(CultureInfo.InvariantCulture, $"singles at once, slowest {together.Max(t => t.ClientMs):F0} ms"));
                if (run > 0)
                {
                    concurrent.Add(together.Max(t => t.ClientMs));
                }

                var joint = await FederatedAsync(cluster, $"fed-bench-{run}", operators, suppliers, rows);
                line.Add(string.Create(CultureInfo.InvariantCulture,
                    $"federated {joint.ClientMs:F0} ms (submitted +{joint.SubmitMs:F0}, keys +{joint.KeysMs:F0}, approved +{joint.ApproveMs:F0}; " +
                    $"runs from start to vector in at the aggregator {string.Join(" ", joint.StartMs.Zip(joint.VectorMs, (s, e) => $"[{s:F0}-{e:F0}]"))}, released {joint.ReleasedMs:F0})"));
                if (run > 0)
                {
                    federated.Add(joint);
                }

                Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}")}: {string.Join("; ", line)}");
            }

            Report(singles, federated);
            var atOnce = Machine.Median(concurrent);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of the slowest of the {connectors} single jobs run at once: {atOnce:F0} ms; ratio federated / that: {Machine.Median(federated.Select(f => f.ClientMs)) / atOnce:F2}"));
            foreach (var client in operators.Concat(suppliers))
            {
                client.Dispose();
            }
        }

        Console.WriteLine("federation's own work, in process (median of 15 batches):");
        foreach (var cost in FederationCosts.Measure(connectors, repetitions: 200))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cost.Name}: {cost.Microseconds:F1} µs"));
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static void Report(List<Single>[] singles, List<Federated> federated)
    {
        var medians = singles.Select(s => Machine.Median(s.Select(x => x.ClientMs))).ToArray();
        var slowest = medians.Max();
        var joint = Machine.Median(federated.Select(f => f.ClientMs));
        for (var c = 0; c < singles.Length; c++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median single {c}: {medians[c]:F0} ms end to end (queue {Machine.Median(singles[c].Select(s => s.QueueMs)):F0}, run {Machine.Median(singles[c].Select(s => s.RunMs)):F0})"));
        }

        var participantRuns = federated.Select(f => Enumerable.Range(0, f.VectorMs.Length).Max(i => f.VectorMs[i] - f.StartMs[i]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median federated: {joint:F0} ms end to end (all submitted {Machine.Median(federated.Select(f => f.SubmitMs)):F0}, keys in {Machine.Median(federated.Select(f => f.KeysMs)):F0}, " +
            $"approved {Machine.Median(federated.Select(f => f.ApproveMs)):F0}, last runner start {Machine.Median(federated.Select(f => f.StartMs.Max())):F0}, " +
            $"slowest participant's start to vector in {Machine.Median(participantRuns):F0}, last vector in {Machine.Median(federated.Select(f => f.VectorMs.Max())):F0}, " +
            $"released {Machine.Median(federated.Select(f => f.ReleasedMs)):F0}; last vector in to released {Machine.Median(federated.Select(f => f.ReleasedMs - f.VectorMs.Max())):F0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio federated / slowest single: {joint / slowest:F2} (target ≤ 1.5); per run: {string.Join(", ", federated.Select((f, r) => (f.ClientMs / singles.Max(s => s[r].ClientMs)).ToString("F2", CultureInfo.InvariantCulture)))}"));
    }

    private static async Task<Single> SingleAsync(FederationBenchCluster cluster, int connector, HttpClient operatorClient, HttpClient supplier, int rows)
    {
        var body = new { manifest = cluster.PlanManifest(), plan = FederationBenchCluster.Plan };
        var started = Stopwatch.GetTimestamp();
        var submitted = await FederationBenchCluster.SendAsync(operatorClient, HttpMethod.Post, "/api/v1/jobs", body, HttpStatusCode.Created);
        var id = submitted.GetProperty("id").GetString()!;
        await FederationBenchCluster.SendAsync(supplier, HttpMethod.Post, $"/api/v1/jobs/{id}/approve", null, HttpStatusCode.OK);
        await WaitAsync(operatorClient, id, "Released");
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var job = await JobAsync(cluster, connector, id);
        if (job.RowsProcessed != rows)
        {
            throw new InvalidOperationException($"job {id} on connector {connector} read {job.RowsProcessed} rows, not {rows}");
        }

        return new Single(clientMs, (job.StartedAt!.Value - job.SubmittedAt).TotalMilliseconds, (job.FinishedAt!.Value - job.StartedAt!.Value).TotalMilliseconds);
    }

    private static async Task<Federated> FederatedAsync(FederationBenchCluster cluster, string federation, HttpClient[] operators, HttpClient[] suppliers, int rows)
    {
        var request = JsonNode.Parse(cluster.Request(federation, Aggregator).ToString());
        var n = operators.Length;
        var origin = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(Enumerable.Range(0, n).Select(c =>
            FederationBenchCluster.SendAsync(operators[c], HttpMethod.Post, "/api/v1/federations", new { statement = request!.DeepClone() }, HttpStatusCode.Created)));
        var submitMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var jobs = answers.Select(a => a.GetProperty("job").GetProperty("id").GetString()!).ToArray();
        var keys = new JsonArray([.. answers.Select(a => JsonNode.Parse(a.GetProperty("key").GetRawText()))]);
        await Task.WhenAll(Enumerable.Range(0, n).Select(c =>
            FederationBenchCluster.SendAsync(operators[c], HttpMethod.Post, $"/api/v1/federations/{federation}/keys", new { keys = keys.DeepClone() }, HttpStatusCode.OK)));
        var keysMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await Task.WhenAll(Enumerable.Range(0, n).Select(c =>
            FederationBenchCluster.SendAsync(suppliers[c], HttpMethod.Post, $"/api/v1/jobs/{jobs[c]}/approve", null, HttpStatusCode.OK)));
        var approveMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await WaitAsync(operators[Aggregator], jobs[Aggregator], "Released");
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // Not timed: every participant contributed all its rows, and the data user opens a release of all 100 groups.
        var startMs = new double[n];
        var vectorMs = new double[n];
        var releasedMs = 0.0;
        var vectors = await cluster.Apps[Aggregator].Services.GetRequiredService<IConnectorStore>().ListFederationVectorsAsync(federation, CancellationToken.None);
        for (var c = 0; c < n; c++)
        {
            var job = await JobAsync(cluster, c, jobs[c]);
            var expected = c == Aggregator ? JobState.Released : JobState.Contributed;
            if (job.State != expected || job.RowsProcessed != rows)
            {
                throw new InvalidOperationException($"federated job {jobs[c]} on connector {c}: {job.State} ({job.Reason}), {job.RowsProcessed} rows");
            }

            startMs[c] = (job.StartedAt!.Value - origin).TotalMilliseconds;
            vectorMs[c] = (vectors.Single(v => v.Participant == cluster.KeyId(c)).ReceivedAt - origin).TotalMilliseconds;
            releasedMs = c == Aggregator ? (job.FinishedAt!.Value - origin).TotalMilliseconds : releasedMs;
        }

        using var dataUser = cluster.Client(Aggregator, cluster.DataUserKey);
        var result = await FederationBenchCluster.SendAsync(dataUser, HttpMethod.Get, "/api/v1/results/" + jobs[Aggregator], null, HttpStatusCode.OK);
        var envelope = SealedEnvelope.Parse(Convert.FromBase64String(result.GetProperty("envelope").GetString()!));
        using var release = JsonDocument.Parse(Envelopes.Open(cluster.DataUserKey, jobs[Aggregator], envelope));
        var groups = release.RootElement.GetProperty("result").GetProperty("groups").GetArrayLength();
        if (groups != FederationBenchCluster.Groups)
        {
            throw new InvalidOperationException($"federation {federation} released {groups} groups, not {FederationBenchCluster.Groups}");
        }

        return new Federated(clientMs, submitMs, keysMs, approveMs, startMs, vectorMs, releasedMs);
    }

    private static async Task WaitAsync(HttpClient client, string job, string state)
    {
        while (true)
        {
            var seen = await FederationBenchCluster.SendAsync(client, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
            var now = seen.GetProperty("state").GetString();
            if (now == state)
            {
                return;
            }

            if (now is "Failed" or "Refused" or "Rejected")
            {
                throw new InvalidOperationException($"job {job} ended {now}: {seen}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private static async Task<Job> JobAsync(FederationBenchCluster cluster, int connector, string id) =>
        await cluster.Apps[connector].Services.GetRequiredService<IConnectorStore>().GetJobAsync(id, CancellationToken.None)
            ?? throw new InvalidOperationException($"job {id} vanished from connector {connector}");

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 ? fallback
            : at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new ArgumentException($"{name} takes a positive integer", nameof(args));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
