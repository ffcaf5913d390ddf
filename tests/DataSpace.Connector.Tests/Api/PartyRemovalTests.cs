using System.Net;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// <c>DELETE /api/v1/parties/{id}</c> (docs/connector-service.md, "Removing a party"): logged, stored, and the removed
/// party's key refused at once (the trusted-key cache would otherwise keep it for its time to live); its agreements stay
/// on record; the connector's own supplier party, an unknown party and a malformed id are refused.
/// </summary>
public sealed class PartyRemovalTests
{
    private const string Grouped = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:o", "target": "tax", "permission": [{"action": "dsc:computeAggregate", "constraint": {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 50}}]}
        """;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task RemoveParty_KeyThatJustWorked_IsRefusedOnItsNextRequest(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("o", Grouped);
        await scenario.AgreeAsync("agr", "o", "statistics");

        // The key works, and is now in the trusted-key cache.
        using (var before = await scenario.Operator.GetAsync("/api/v1/catalog"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Delete, "/api/v1/parties/" + Scenario.OperatorId, null, HttpStatusCode.NoContent);

        await ProblemAssert.IsProblemAsync(await scenario.Operator.GetAsync("/api/v1/catalog"), HttpStatusCode.Unauthorized);
        var parties = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/parties", null, HttpStatusCode.OK);
        Assert.DoesNotContain(parties.EnumerateArray(), p => p.GetProperty("id").GetString() == Scenario.OperatorId);
        var agreements = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements", null, HttpStatusCode.OK);
        Assert.Contains(agreements.EnumerateArray(), a => a.GetProperty("id").GetString() == "agr");
        var removal = Assert.Single(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "party.remove");
        Assert.Equal("party/" + Scenario.OperatorId, removal.GetProperty("resource").GetString());
        Assert.Empty(await DataSpace.Tests.Common.LogStoreAgreement.FindDisagreementsAsync(scenario.Supplier));
    }

    [Fact]
    public async Task RemoveParty_AgainOrUnknown_Is404AndLogsNothing()
    {
        await using var scenario = await Scenario.StartAsync();
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Delete, "/api/v1/parties/" + Scenario.RivalId, null, HttpStatusCode.NoContent);
        var entries = (await scenario.LogAsync()).Count;

        var again = await ProblemAssert.IsProblemAsync(await scenario.Supplier.DeleteAsync("/api/v1/parties/" + Scenario.RivalId), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await scenario.Supplier.DeleteAsync("/api/v1/parties/urn:party:nobody"), HttpStatusCode.NotFound);

        Assert.Equal($"no party '{Scenario.RivalId}' is on the trust list", again.GetProperty("detail").GetString());
        Assert.Equal(entries, (await scenario.LogAsync()).Count);
    }

    [Fact]
    public async Task RemoveParty_TheConnectorsOwnSupplierParty_Is409AndItsKeyStillWorks()
    {
        await using var scenario = await Scenario.StartAsync();
        var own = (await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/whoami", null, HttpStatusCode.OK)).GetProperty("party").GetString()!;

        var problem = await ProblemAssert.IsProblemAsync(await scenario.Supplier.DeleteAsync("/api/v1/parties/" + Uri.EscapeDataString(own)), HttpStatusCode.Conflict);

        Assert.Contains("this connector's own supplier party", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/parties", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemoveParty_MalformedIdOrNotTheSupplier_IsRefused()
    {
        await using var scenario = await Scenario.StartAsync();

        var bad = await ProblemAssert.IsProblemAsync(await scenario.Supplier.DeleteAsync("/api/v1/parties/a%20b"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await scenario.Operator.DeleteAsync("/api/v1/parties/" + Scenario.RivalId), HttpStatusCode.Forbidden);

        Assert.StartsWith("partyId: ", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
    }
}
