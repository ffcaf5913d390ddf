using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// <c>lists [jobs] [entries] [requests]</c> (issue 17, item 4; docs/benchmarks.md, "Lists at scale"): every list endpoint
/// of a connector holding 100,000 jobs and a log of 1,000,000 entries (<see cref="ListsScenario"/>), as a console asks for
/// it: signed GETs over loopback HTTP, one after the other on one connection, a page of 50. A first page is asked for
/// <c>requests</c> times; a deep page is reached by following the Link cursors from the first page (at 500 a page, the
/// cursor being bound to the filters, not the page size; the last step of the walk asks for just the items still to skip), after which <c>requests</c> pages of 50 are timed, each following
/// the last one's Link (back to the deep page at the list's end). Each request is timed from send to the last byte of the
/// body read. The first catch-up of the audit index over the whole log is timed too.
/// </summary>
internal static class ListsBenchmark
{
    private const double TargetMs = 300;
    private static readonly TimeSpan CaseBudget = TimeSpan.FromSeconds(30);

    private sealed record Case(string List, string Name, string Path, HttpClient Client, long Depth = 0);

    private sealed record Outcome(Case Case, int Items, bool More, double[] Ms);

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var entries = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        Console.WriteLine($"# lists: {jobs:N0} jobs, a log of {entries:N0} entries, {requests} requests a case, limit 50, one client in sequence; " +
            $"{Machine.Describe()}; load average {LoadAverage()}");

        await using var scenario = ListsScenario.Create();
        var stop = Stopwatch.StartNew();
        var supplier = await scenario.InitialiseAsync();
        var size = await scenario.BuildLogAsync(entries, jobs, supplier);
        Console.WriteLine($"log of {size:N0} entries built with the connector stopped in {stop.Elapsed.TotalSeconds:N1} s");

        var started = await scenario.StartAsync();
        stop.Restart();
        await scenario.CatchUpAsync();
        Console.WriteLine($"connector started on it in {started.TotalSeconds:N1} s (the log's start-up verification included); " +
            $"first catch-up of the audit index over {size:N0} entries: {stop.Elapsed.TotalSeconds:N1} s after the start");

        stop.Restart();
        var template = await scenario.SetUpAsync();
        Console.WriteLine($"set up over signed HTTP in {stop.Elapsed.TotalSeconds:N1} s: {ListsScenario.Operators + ListsScenario.DataUsers + ListsScenario.Auditors + 1} parties, " +
            $"{ListsScenario.Datasets} datasets, {ListsScenario.Datasets * ListsScenario.OffersPerDataset} offers, {ListsScenario.Agreements:N0} agreements ({ListsScenario.Revoked} revoked), 1 job");
        stop.Restart();
        await scenario.InsertJobsAsync(template, jobs);
        Console.WriteLine($"{jobs:N0} jobs inserted into connector.db in {stop.Elapsed.TotalSeconds:N1} s (one transaction, beside the running connector)");
        await scenario.CatchUpAsync();
        Console.WriteLine($"database: {Count(scenario, "jobs"):N0} jobs, {Count(scenario, "audit_index"):N0} audit index rows, " +
            $"{new FileInfo(Path.Combine(scenario.App.DataDirectory.Root, "connector.db")).Length / (1024.0 * 1024):N0} MiB; load average {LoadAverage()}");

        using var supplierClient = scenario.Client(scenario.SupplierKey);
        using var auditor = scenario.Client(scenario.Key(ListsScenario.Auditor(0)));
        using var operatorClient = scenario.Client(scenario.Key(ListsScenario.Operator(7)));
        using var dataUser = scenario.Client(scenario.Key(ListsScenario.DataUser(0)));
        var op = Uri.EscapeDataString(ListsScenario.Operator(7));
        var middle = scenario.Start.AddDays(45);
        var day = $"from={Uri.EscapeDataString(Rfc3339(middle))}&to={Uri.EscapeDataString(Rfc3339(middle.AddDays(1)))}";
        Case[] cases =
        [
            new("jobs", "supplier, no filter, first page", "/api/v1/jobs?limit=50", supplierClient),
            new("jobs", "supplier, no filter, deep", "/api/v1/jobs?limit=50", supplierClient, jobs / 2),
            new("jobs", "state=Released, first page", "/api/v1/jobs?state=Released&limit=50", supplierClient),
            new("jobs", "state=Released, deep", "/api/v1/jobs?state=Released&limit=50", supplierClient, jobs * 35 / 100),
            new("jobs", "state=PendingReview, first page", "/api/v1/jobs?state=PendingReview&limit=50", supplierClient),
            new("jobs", "operator filter, first page", $"/api/v1/jobs?operator={op}&limit=50", supplierClient),
            new("jobs", "operator filter, deep", $"/api/v1/jobs?operator={op}&limit=50", supplierClient, jobs / ListsScenario.Operators / 2),
            new("jobs", "state=PendingReview and operator (none of its jobs match), first page", $"/api/v1/jobs?state=PendingReview&operator={op}&limit=50", supplierClient),
            new("jobs", "agreement filter, first page", "/api/v1/jobs?agreement=agr-0007&limit=50", supplierClient),
            new("jobs", "dataset filter, first page", "/api/v1/jobs?dataset=ds-07&limit=50", supplierClient),
            new("jobs", "as an operator (own jobs), first page", "/api/v1/jobs?limit=50", operatorClient),
            new("jobs", "as an operator, deep", "/api/v1/jobs?limit=50", operatorClient, jobs / ListsScenario.Operators / 2),
            new("jobs", "as the data user of every job, deep", "/api/v1/jobs?limit=50", dataUser, jobs / 2),
            new("agreements", "supplier, first page", "/api/v1/agreements?limit=50", supplierClient),
            new("agreements", "supplier, deep", "/api/v1/agreements?limit=50", supplierClient, 500),
            new("agreements", "state=active, first page", "/api/v1/agreements?state=active&limit=50", supplierClient),
            new("agreements", "as an operator, first page", "/api/v1/agreements?limit=50", operatorClient),
            new("parties", "first page", "/api/v1/parties?limit=50", supplierClient),
            new("parties", "second page (via Link)", "/api/v1/parties?limit=50", supplierClient, 50),
            new("parties", "role=Operator, first page", "/api/v1/parties?role=Operator&limit=50", auditor),
            new("catalog", "first page (50 datasets with their offers)", "/api/v1/catalog?limit=50", operatorClient),
            new("catalog", "second page (via Link)", "/api/v1/catalog?limit=50", operatorClient, 50),
            new("offers", "first page", "/api/v1/offers?limit=50", operatorClient),
            new("offers", "deep", "/api/v1/offers?limit=50", operatorClient, 100),
            new("offers", "dataset filter", "/api/v1/offers?dataset=ds-07&limit=50", supplierClient),
            new("audit search", "no filter, first page", "/api/v1/audit/search?limit=50", auditor),
            new("audit search", "no filter, deep", "/api/v1/audit/search?limit=50", auditor, entries / 10),
            new("audit search", "action=job.approve, first page", "/api/v1/audit/search?action=job.approve&limit=50", auditor),
            new("audit search", "action=job.approve, deep", "/api/v1/audit/search?action=job.approve&limit=50", auditor, entries / 20),
            new("audit search", "action=agreement.revoke (rare), first page", "/api/v1/audit/search?action=agreement.revoke&limit=50", auditor),
            new("audit search", "actor filter, first page", $"/api/v1/audit/search?actor={op}&limit=50", auditor),
            new("audit search", "actor filter, deep", $"/api/v1/audit/search?actor={op}&limit=50", auditor, entries / 800),
            new("audit search", "resource=job/ (kind), first page", "/api/v1/audit/search?resource=job/&limit=50", auditor),
            new("audit search", "resource=job/ (kind), deep", "/api/v1/audit/search?resource=job/&limit=50", auditor, entries / 10),
            new("audit search", "resource=dataset/ds-07 (prefix), first page", "/api/v1/audit/search?resource=dataset/ds-07&limit=50", auditor),
            new("audit search", "resource=dataset/ds-07 (prefix), deep", "/api/v1/audit/search?resource=dataset/ds-07&limit=50", auditor, entries / 1_000),
            new("audit search", "resource=one job's id (prefix)", $"/api/v1/audit/search?resource=job/{ListsScenario.Job(jobs / 3)}&limit=50", auditor),
            new("audit search", "one day's window, first page", $"/api/v1/audit/search?{day}&limit=50", auditor),
            new("audit search", "one day's window, deep", $"/api/v1/audit/search?{day}&limit=50", auditor, entries / 200),
            new("audit search", "action=job.submit and actor, first page", $"/api/v1/audit/search?action=job.submit&actor={op}&limit=50", auditor),
            new("audit search", "action=dataset.read and resource=dataset/ds-07, first page", "/api/v1/audit/search?action=dataset.read&resource=dataset/ds-07&limit=50", auditor),
            new("audit search", "actor and one day's window, first page", $"/api/v1/audit/search?actor={op}&{day}&limit=50", auditor),
            new("audit search", "action=job.approve and an operator as actor (no entry matches)", $"/api/v1/audit/search?action=job.approve&actor={op}&limit=50", auditor),
        ];

        // Warm-up: every case's first page a few times (code tiered up, the pages of each index read once).
        foreach (var c in cases)
        {
            for (var i = 0; i < 10; i++)
            {
                _ = await GetAsync(c.Client, c.Path);
            }
        }

        Console.WriteLine($"warmed up; load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| list | case | items on the first page timed | requests | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var outcomes = new List<Outcome>();
        stop.Restart();
        foreach (var c in cases)
        {
            var outcome = await MeasureAsync(c, requests);
            outcomes.Add(outcome);
            var sorted = outcome.Ms.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.List} | {c.Name}{(c.Depth > 0 && !c.Name.Contains("Link", StringComparison.Ordinal) ? $" (after {c.Depth:N0})" : "")} | {outcome.Items}{(outcome.More ? " + Link" : "")} | {sorted.Length} | {Percentile(sorted, 0.5):F1} | {Percentile(sorted, 0.95):F1} | {sorted[^1]:F1} |"));
        }

        // Where the slowest audit case's time goes: the plan SQLite picks (the store runs no ANALYZE) and the index range each filter alone covers.
        Console.WriteLine();
        Console.WriteLine($"plan of action=job.approve and actor={ListsScenario.Operator(7)}: {Plan(scenario)}");
        Console.WriteLine($"index rows: action=job.approve {Count(scenario, "audit_index WHERE action = 'job.approve'"):N0}, " +
            $"actor={ListsScenario.Operator(7)} {Count(scenario, $"audit_index WHERE actor = '{ListsScenario.Operator(7)}'"):N0}");

        var misses = outcomes.Where(o => Percentile([.. o.Ms.Order()], 0.95) >= TargetMs).ToList();
        Console.WriteLine();
        Console.WriteLine($"{outcomes.Sum(o => o.Ms.Length):N0} timed requests in {stop.Elapsed.TotalSeconds:N0} s; load average at the end {LoadAverage()}");
        Console.WriteLine(misses.Count == 0
            ? $"every case under {TargetMs} ms p95"
            : $"over {TargetMs} ms p95: {string.Join("; ", misses.Select(m => m.Case.List + ", " + m.Case.Name))}");
        return misses.Count == 0 ? 0 : 1;
    }

    private static async Task<Outcome> MeasureAsync(Case c, int requests)
    {
        var start = c.Depth == 0 ? c.Path : await WalkAsync(c);
        var url = start;
        var ms = new List<double>(requests);
        var items = -1;
        var more = false;
        var budget = Stopwatch.StartNew();
        while (ms.Count < requests && budget.Elapsed < CaseBudget)
        {
            var (elapsed, body, next) = await GetAsync(c.Client, url);
            ms.Add(elapsed);
            if (items < 0)
            {
                items = JsonDocument.Parse(body).RootElement.GetArrayLength();
                more = next is not null;
            }

            url = c.Depth == 0 ? c.Path : next ?? start;
        }

        return new Outcome(c, items, more, [.. ms]);
    }

    /// <summary>Follows the Link cursors 500 items a page until <see cref="Case.Depth"/> items are behind; returns the next page's URL at 50 a page.</summary>
    private static async Task<string> WalkAsync(Case c)
    {
        var url = c.Path;
        long seen = 0;
        while (seen < c.Depth)
        {
            var (_, body, next) = await GetAsync(c.Client, WithLimit(url, (int)Math.Min(500, c.Depth - seen)));
            seen += JsonDocument.Parse(body).RootElement.GetArrayLength();
            url = next ?? throw new InvalidOperationException($"{c.List}, {c.Name}: the list ends after {seen:N0} items, before {c.Depth:N0}");
        }

        return WithLimit(url, 50);
    }

    /// <summary>One signed GET: the milliseconds from send to the body's last byte, the body, and the Link header's next page.</summary>
    private static async Task<(double Ms, byte[] Body, string? Next)> GetAsync(HttpClient client, string url)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }

        var next = response.Headers.TryGetValues("Link", out var links) && links.FirstOrDefault() is { } link && link.IndexOf('>', StringComparison.Ordinal) is > 1 and var end
            ? link[1..end]
            : null;
        return (ms, body, next);
    }

    private static string WithLimit(string url, int limit) =>
        System.Text.RegularExpressions.Regex.Replace(url, "([?&])limit=[0-9]+", "${1}limit=" + limit.ToString(CultureInfo.InvariantCulture));

    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long Count(ListsScenario scenario, string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(scenario.App.DataDirectory.Root, "connector.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Plan(ListsScenario scenario)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(scenario.App.DataDirectory.Root, "connector.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT log_index FROM audit_index WHERE log_id = @log AND action = @action AND actor = @actor ORDER BY log_index LIMIT 51";
        command.Parameters.AddWithValue("@log", "x");
        command.Parameters.AddWithValue("@action", "job.approve");
        command.Parameters.AddWithValue("@actor", ListsScenario.Operator(7));
        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join("; ", steps);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
