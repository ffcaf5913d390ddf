using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Connector.Tests.Plans;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// <c>GET /api/v1/audit/search?dataset=</c> (docs/connector-service.md, "Lists"; docs/audit-log.md, "Datasets of an
/// entry"), on both engines: the entries naming a dataset by id, its registration, offers, agreements and the reads and
/// decisions of the jobs on it, never another dataset's nor a digest's; paged like every filter; a database indexed
/// before migration 0017 is indexed again by its script.
/// </summary>
public sealed class AuditSearchDatasetTests
{
    private static readonly Dictionary<string, string> Classes = new() { ["taxpayer_id"] = "identifying" };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Search_ByDataset_EveryEntryNamingItPageByPage_NoneOfAnotherDataset(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine, columns: Classes);
        await scenario.OfferAsync("offer-dp", PlanJobTests.NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        var taxJob = await ReleasedPlanAsync(scenario, "agr-1", PlanJobTests.RegionPlan, 0.5);
        await scenario.RegisterSocialAsync();
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer-social", dataset = "social", policy = JsonNode.Parse(PlanJobTests.NoisyOffer("urn:offer:social").Replace("\"target\": \"tax\"", "\"target\": \"social\"", StringComparison.Ordinal)) },
            HttpStatusCode.Created);
        await scenario.AgreeAsync("agr-social", "offer-social", "statistics");
        var socialJob = await ReleasedPlanAsync(scenario, "agr-social",
            """{"format": "dataspace/analysis-plan/v1", "dataset": "social", "measures": [{"column": "arrears", "bounds": [0, 12]}]}""", 0.5);
        var log = await scenario.LogAsync();

        var tax = await AllAsync(scenario, "dataset=tax&limit=1");

        Assert.Equal(Naming(log, "tax"), tax.Select(e => e.GetProperty("index").GetInt64()));
        Assert.All(tax, e => Assert.Contains("tax", e.GetProperty("datasets").EnumerateArray().Select(d => d.GetString())));
        var actions = tax.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("resource").GetString())).ToList();
        foreach (var expected in new[]
        {
            ("dataset.register", "dataset/tax"), ("offer.create", "offer/offer-dp"), ("agreement.create", "agreement/agr-1"),
            ("policy.decision", "job/" + taxJob), ("budget.debit", "job/" + taxJob), ("dataset.read", "job/" + taxJob),
        })
        {
            Assert.Contains(expected, actions);
        }

        Assert.DoesNotContain(tax, e => e.GetProperty("resource").GetString() is "dataset/social" or "offer/offer-social" or "agreement/agr-social");
        Assert.DoesNotContain(tax, e => e.GetProperty("resource").GetString() == "job/" + socialJob);
        Assert.Contains(("dataset.read", "job/" + socialJob),
            (await AllAsync(scenario, "dataset=social")).Select(e => (e.GetProperty("action").GetString(), e.GetProperty("resource").GetString())));
        var read = Assert.Single(await AllAsync(scenario, "dataset=tax&action=dataset.read&resource=job/&limit=1"));
        Assert.Equal("job/" + taxJob, read.GetProperty("resource").GetString());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Search_ByADatasetDigest_MatchesNothing(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine, columns: Classes);
        await scenario.OfferAsync("offer-dp", PlanJobTests.NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        await ReleasedPlanAsync(scenario, "agr-1", PlanJobTests.RegionPlan, 0.5);
        var digests = (await scenario.LogAsync())
            .Where(e => e.TryGetProperty("digests", out var d) && d.TryGetProperty("dataset", out _))
            .Select(e => e.GetProperty("digests").GetProperty("dataset").GetString()!).Distinct().ToList();

        Assert.NotEmpty(digests);
        foreach (var digest in digests)
        {
            Assert.Empty(await AllAsync(scenario, "dataset=" + Uri.EscapeDataString(digest)));
        }
    }

    [Theory]
    [InlineData("Sqlite", "dataset=tax,social")]
    [InlineData("Sqlite", "dataset=%2F..")]
    [InlineData("Postgres", "dataset=tax,social")]
    [InlineData("Postgres", "dataset=..%2Ftax")]
    [InlineData("Postgres", "dataset=")]
    [InlineData("Postgres", "dataset=tax%25")]
    public async Task Search_ABadDatasetId_Is400NamingDataset(string engine, string query)
    {
        await using var scenario = await Scenario.StartAsync(engine);

        var problem = await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, "/api/v1/audit/search?" + query, null, HttpStatusCode.BadRequest);

        Assert.StartsWith("dataset: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("is not a dataset id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Migration0017_ADatabaseIndexedAt0016_IsIndexedAgainWithDatasets(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
             "uid": "urn:offer:1", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
            """);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var expected = Naming(await scenario.LogAsync(), "tax");
        Assert.Equal(3, expected.Count);
        Assert.NotEmpty(await AllAsync(scenario, "action=party.add"));

        // The database as 0016 left it (the audit index filled, no table of datasets), then migration 0017 as shipped.
        await scenario.ExecuteSqlAsync("DROP TABLE audit_index_datasets", changesRows: false);
        await scenario.ExecuteSqlAsync(SchemaMigrator.Load(engine).Single(m => m.Version == 17).Sql, changesRows: false);

        Assert.Equal(expected, (await AllAsync(scenario, "dataset=tax&limit=2")).Select(e => e.GetProperty("index").GetInt64()));
    }

    /// <summary>Submits, approves and waits for the release of a plan job under <paramref name="agreement"/>; returns its id.</summary>
    private static async Task<string> ReleasedPlanAsync(Scenario scenario, string agreement, string plan, double epsilon)
    {
        var dataset = JsonNode.Parse(plan)!["dataset"]!.GetValue<string>();
        var job = (await scenario.SubmitPlanAsync(scenario.PlanManifest(agreement, epsilon, dataset), plan)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");
        return job;
    }

    /// <summary>The test's own reading of which entries name <paramref name="dataset"/>: its resource, or a part of its <c>dataset</c> detail.</summary>
    private static List<long> Naming(IReadOnlyList<JsonElement> log, string dataset) =>
        [.. log.Select((e, i) => (e, i: (long)i)).Where(x => x.e.GetProperty("resource").GetString() == "dataset/" + dataset
            || (x.e.TryGetProperty("details", out var d) && d.TryGetProperty("dataset", out var named) && named.GetString()!.Split(',').Contains(dataset)))
            .Select(x => x.i)];

    /// <summary>Every entry of the search, following its <c>Link: rel="next"</c> pages.</summary>
    private static async Task<List<JsonElement>> AllAsync(Scenario scenario, string query)
    {
        var all = new List<JsonElement>();
        string? next = "/api/v1/audit/search?" + query;
        while (next is not null)
        {
            using var response = await scenario.Auditor.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {next}: {(int)response.StatusCode} {text}");
            all.AddRange(JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        return all;
    }
}
