using System.Net;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary><c>GET /api/v1/jobs</c>: each party lists only the jobs it may see; a state that is not one is a clear 400.</summary>
public sealed class JobListTests
{
    [Fact]
    public async Task Each_party_lists_only_the_jobs_it_may_see()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
             "uid": "urn:offer:1", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
            """);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-r", "offer-1", "statistics", rival: true);
        var mine = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        var theirs = (await scenario.SubmitAsync(scenario.Manifest("agr-r"), client: scenario.Rival)).GetProperty("id").GetString()!;

        static async Task<string[]> Ids(HttpClient client, string query = "") =>
            [.. (await Scenario.SendAsync(client, HttpMethod.Get, "/api/v1/jobs" + query, null, HttpStatusCode.OK)).EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];

        Assert.Equal([mine, theirs], await Ids(scenario.Supplier));
        Assert.Equal([mine, theirs], await Ids(scenario.Auditor));
        Assert.Equal([mine], await Ids(scenario.Operator));
        Assert.Equal([theirs], await Ids(scenario.Rival));
        Assert.Equal([mine, theirs], await Ids(scenario.DataUser));
        Assert.Equal([mine, theirs], await Ids(scenario.Supplier, "?state=submitted"));
        Assert.Empty(await Ids(scenario.Supplier, "?state=Released"));
        var refused = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs?state=done", null, HttpStatusCode.BadRequest);
        Assert.Contains("'done' is not a job state", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs?state=3", null, HttpStatusCode.BadRequest);
    }
}
