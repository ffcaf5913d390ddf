using System.Net;
using System.Text.Json;

namespace DataSpace.Tests.Common;

/// <summary>
/// Checks, through a supplier's signed API client, that the connector's signed log and its store agree
/// (docs/audit-log.md, "Operations"): every operation the log opened (an entry with an <c>operation</c> detail) either
/// took effect, as the store shows it now, or has a later <c>aborted</c> entry naming the same operation. A job's state
/// is the one its last transition that was not aborted reached. The log never says something happened that did not.
/// </summary>
public static class LogStoreAgreement
{
    /// <summary>Every disagreement found, as text; empty when the log and the store agree.</summary>
    public static async Task<IReadOnlyList<string>> FindDisagreementsAsync(HttpClient supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var entries = await EntriesAsync(supplier);
        var aborted = entries.Where(e => e.Decision == "aborted" && e.Operation is not null).Select(e => e.Operation!).ToHashSet(StringComparer.Ordinal);
        var effective = entries.Where(e => e.Operation is not null && e.Decision != "aborted" && !aborted.Contains(e.Operation!)).ToList();

        var parties = (await GetAllAsync(supplier, "/api/v1/parties")).Select(p => p.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var catalog = await GetAllAsync(supplier, "/api/v1/catalog");
        var datasets = catalog.Select(d => d.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var offers = catalog.SelectMany(d => d.GetProperty("offers").EnumerateArray()).Select(o => o.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var agreements = (await GetAllAsync(supplier, "/api/v1/agreements"))
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("revokedAt").ValueKind != JsonValueKind.Null, StringComparer.Ordinal);

        // A party added and later removed (an effective party.remove after it) is rightly off the list.
        var removed = effective.Where(e => e.Action == "party.remove").ToDictionary(e => e.Resource, e => e.Index, StringComparer.Ordinal);
        var problems = new List<string>();
        var lastTransition = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in effective)
        {
            var id = entry.Resource[(entry.Resource.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var missing = entry.Action switch
            {
                "party.add" => !parties.Contains(id) && !(removed.TryGetValue(entry.Resource, out var at) && at > entry.Index),
                "party.remove" => parties.Contains(id),
                "dataset.register" => !datasets.Contains(id),
                "offer.create" => !offers.Contains(id),
                "agreement.create" => !agreements.ContainsKey(id),
                "agreement.revoke" => !agreements.TryGetValue(id, out var revoked) || !revoked,
                _ => false,
            };
            if (missing)
            {
                problems.Add($"entry {entry.Index}: {entry.Action} {entry.Decision} on {entry.Resource}, but the store does not show it and no entry aborts it");
            }

            if (entry.Resource.StartsWith("job/", StringComparison.Ordinal) && StateAfter(entry) is not null)
            {
                lastTransition[id] = entry;
            }
        }

        foreach (var (job, entry) in lastTransition)
        {
            using var response = await supplier.GetAsync(new Uri("/api/v1/jobs/" + Uri.EscapeDataString(job), UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"entry {entry.Index}: {entry.Action} on job/{job}, but the store has no such job ({(int)response.StatusCode})");
                continue;
            }

            var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString();
            if (state != StateAfter(entry))
            {
                problems.Add($"entry {entry.Index}: {entry.Action} {entry.Decision} left job/{job} {StateAfter(entry)}, but the store says {state}");
            }
        }

        return problems;
    }

    /// <summary>The state a job transition's entry says the job reached; null for an entry that is not a transition.</summary>
    private static string? StateAfter(Entry entry) => entry.Action switch
    {
        "job.submit" => entry.State ?? "Submitted",
        "job.approve" => "Approved",
        "job.reject" => "Rejected",
        "job.start" => "Running",
        "job.refuse" or "result.refuse" => "Refused",
        "job.fail" => "Failed",
        "result.hold" => "PendingReview",
        "result.release" => "Released",
        _ => null,
    };

    private static async Task<List<Entry>> EntriesAsync(HttpClient client)
    {
        var entries = new List<Entry>();
        while (true)
        {
            var page = await GetAsync(client, $"/api/v1/audit/entries?start={entries.Count}&count=1000");
            var leaves = page.GetProperty("leaves").EnumerateArray().ToList();
            foreach (var leaf in leaves)
            {
                using var document = JsonDocument.Parse(leaf.GetString()!);
                var entry = document.RootElement.GetProperty("entry");
                var details = entry.TryGetProperty("details", out var d) ? d : default;
                entries.Add(new Entry(
                    document.RootElement.GetProperty("index").GetInt64(),
                    entry.GetProperty("action").GetString()!,
                    entry.GetProperty("resource").GetString()!,
                    entry.TryGetProperty("decision", out var decision) ? decision.GetString() : null,
                    details.ValueKind == JsonValueKind.Object && details.TryGetProperty("operation", out var op) ? op.GetString() : null,
                    details.ValueKind == JsonValueKind.Object && details.TryGetProperty("state", out var state) ? state.GetString() : null));
            }

            if (leaves.Count == 0 || entries.Count >= page.GetProperty("treeSize").GetInt64())
            {
                return entries;
            }
        }
    }

    /// <summary>Every item of a paged list: the pages of 500, following the <c>Link: rel="next"</c> header (docs/connector-service.md, "Lists").</summary>
    private static async Task<List<JsonElement>> GetAllAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? next = path + "?limit=500";
        while (next is not null)
        {
            using var response = await client.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {next}: {(int)response.StatusCode} {text}");
            }

            items.AddRange(JsonDocument.Parse(text).RootElement.Clone().EnumerateArray());
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.SelectMany(l => l.Split(',')).Where(l => l.Contains("rel=\"next\"", StringComparison.Ordinal))
                    .Select(l => l[(l.IndexOf('<', StringComparison.Ordinal) + 1)..l.IndexOf('>', StringComparison.Ordinal)]).FirstOrDefault()
                : null;
        }

        return items;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed record Entry(long Index, string Action, string Resource, string? Decision, string? Operation, string? State);
}
