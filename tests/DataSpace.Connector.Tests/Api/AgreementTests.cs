using System.Net;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Agreements through the HTTP API, as a hostile operator and a partner writing EDC- or DSP-style policies would try
/// them: the agreement is computed from the offer's model, keeps every constraint, is made only for the offer's party,
/// and is refused (not countersigned) when no job could ever be permitted under it.
/// </summary>
public sealed class AgreementTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Offer(string body) => $$"""{"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:x", "target": "tax", {{body}}}""";

    private static JsonElement PolicyOf(JsonElement agreement) => JsonDocument.Parse(agreement.GetProperty("agreement").GetProperty("policyJson").GetString()!).RootElement;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Conclude_SingleConstraintObject_TheAgreementKeepsIt(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Offer("""
            "permission": [{"action": "dsc:computeAggregate", "constraint": {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 5000}}]
            """));

        var agreement = await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        var constraints = PolicyOf(agreement).GetProperty("permission")[0].GetProperty("constraint").EnumerateArray()
            .Select(c => (c.GetProperty("leftOperand").GetString(), c.GetProperty("operator").GetString(), c.GetProperty("rightOperand").ToString())).ToList();
        Assert.Contains(("dsc:groupSize", "gteq", "5000"), constraints);
        Assert.Contains(("purpose", "eq", "statistics"), constraints);

        // And it is enforced: the old connector dropped the constraint and released groups of 200 rows.
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");
        var result = await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/results/" + job, null, HttpStatusCode.OK);
        var plaintext = DataSpace.Crypto.Envelope.Envelopes.Open(scenario.DataUserKey, job,
            DataSpace.Crypto.Envelope.SealedEnvelope.Parse(Convert.FromBase64String(result.GetProperty("envelope").GetString()!)));
        var aggregate = JsonDocument.Parse(plaintext).RootElement.GetProperty("aggregate");
        Assert.Equal(5000, aggregate.GetProperty("MinGroupSize").GetInt32());
        Assert.Empty(aggregate.GetProperty("Groups").EnumerateArray());
    }

    [Fact]
    public async Task Conclude_OfferAsTheEdcManagementApiWritesIt_BecomesAnAgreement()
    {
        // The shape EDC's management API answers with: @vocab of the EDC namespace, odrl:-prefixed keys, @id values,
        // one constraint as an object.
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-edc", """
            {
              "@context": {"@vocab": "https://w3id.org/edc/v0.0.1/ns/", "odrl": "http://www.w3.org/ns/odrl/2/"},
              "@id": "policy-purpose-statistics",
              "@type": "odrl:Set",
              "odrl:permission": [{
                "odrl:action": {"@id": "odrl:use"},
                "odrl:constraint": {"odrl:leftOperand": {"@id": "odrl:purpose"}, "odrl:operator": {"@id": "odrl:eq"}, "odrl:rightOperand": "statistics"}
              }],
              "odrl:prohibition": [],
              "odrl:obligation": []
            }
            """);

        var agreement = await scenario.AgreeAsync("agr-edc", "offer-edc", "statistics");
        await scenario.AgreeAsync("agr-edc-2", "offer-edc", "marketing", HttpStatusCode.UnprocessableEntity);

        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-edc"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");
        Assert.Equal("Agreement", PolicyOf(agreement).GetProperty("@type").GetString());
    }

    [Fact]
    public async Task Conclude_OfferMadeForAnotherOperator_Is403AndLoggedAsADenial()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer($$"""
            "assignee": "{{Scenario.OperatorId}}", "permission": [{"action": "dsc:computeAggregate"}]
            """));

        var refused = await scenario.AgreeAsync("agr-rival", "offer-1", "statistics", HttpStatusCode.Forbidden, rival: true);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        Assert.Contains(Scenario.OperatorId, refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var agreements = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements", null, HttpStatusCode.OK);
        Assert.Equal(["agr-1"], agreements.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var log = await scenario.LogAsync();
        Assert.Contains(log, e => e.GetProperty("action").GetString() == "agreement.create" && e.GetProperty("resource").GetString() == "agreement/agr-rival"
            && e.GetProperty("decision").GetString() == "deny");
    }

    [Fact]
    public async Task Conclude_PurposeTheOfferForbids_Is422AndNotCountersigned()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer("""
            "permission": [{"action": "use"}],
            "prohibition": [{"action": "use", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "marketing"}]}]
            """));

        var refused = await scenario.AgreeAsync("agr-1", "offer-1", "marketing", HttpStatusCode.UnprocessableEntity);

        Assert.Contains("prohibition[0]", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var agreements = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements", null, HttpStatusCode.OK);
        Assert.Empty(agreements.EnumerateArray());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "agreement.create" && e.GetProperty("decision").GetString() == "permit");
    }

    [Fact]
    public async Task Conclude_PurposeTheOfferDoesNotPermit_Is422WithTheEvaluatorsReason()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer("""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"}]}]
            """));

        var refused = await scenario.AgreeAsync("agr-1", "offer-1", "marketing", HttpStatusCode.UnprocessableEntity);

        Assert.Contains("permission[0].constraint[0]: purpose eq statistics, actual marketing", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conclude_DataspaceProtocolOfferWithIdsAndPrefixedKeys_BecomesAnAgreement()
    {
        // The shape of a DSP 2024-1 catalog offer: @id, odrl:-prefixed keys, {"@id": ...} values, a single constraint object.
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-dsp", """
            {
              "@context": "https://w3id.org/dspace/2024/1/context.json",
              "@id": "urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836a88",
              "@type": "odrl:Offer",
              "odrl:assigner": {"@id": "urn:connector:provider"},
              "odrl:target": {"@id": "urn:dataset:tax"},
              "odrl:permission": [{
                "odrl:action": {"@id": "odrl:use"},
                "odrl:constraint": {"odrl:leftOperand": {"@id": "odrl:purpose"}, "odrl:operator": {"@id": "odrl:eq"}, "odrl:rightOperand": "statistics"}
              }]
            }
            """);

        var agreement = await scenario.AgreeAsync("agr-dsp", "offer-dsp", "statistics");

        var policy = PolicyOf(agreement);
        Assert.Equal("Agreement", policy.GetProperty("@type").GetString());
        Assert.Equal("urn:agreement:agr-dsp", policy.GetProperty("uid").GetString());
        Assert.Equal(Scenario.OperatorId, policy.GetProperty("assignee").GetString());
        Assert.Equal("tax", policy.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Conclude_RuleLevelAssigneesAndTargets_AreChecked()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer($$"""
            "permission": [{"action": "dsc:computeAggregate", "assignee": "{{Scenario.RivalId}}", "target": "urn:dataset:tax"}]
            """));

        await scenario.AgreeAsync("agr-1", "offer-1", "statistics", HttpStatusCode.Forbidden);
        await scenario.AgreeAsync("agr-2", "offer-1", "statistics", rival: true);
    }

    [Fact]
    public async Task CreateOffer_ProblemsTheEvaluatorWouldOnlyMeetAtRunTime_Are400AtTheirPath()
    {
        await using var scenario = await Scenario.StartAsync();

        var unknownAction = await scenario.OfferAsync("o1", Offer("""
            "permission": [{"action": "dsc:computeAggregates"}]
            """), HttpStatusCode.BadRequest);
        var column = await scenario.OfferAsync("o2", Offer("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "salary"]}]}]
            """), HttpStatusCode.BadRequest);
        var operand = await scenario.OfferAsync("o3", Offer("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:groupsize", "operator": "gteq", "rightOperand": 5}]}]
            """), HttpStatusCode.BadRequest);
        var output = await scenario.OfferAsync("o4", Offer("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:outputKind", "operator": "eq", "rightOperand": "dsc:table"}]}]
            """), HttpStatusCode.BadRequest);

        Assert.Contains("permission[0].action: unknown action", unknownAction.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("permission[0].constraint[0].rightOperand[1]: 'salary' is not a column of dataset 'tax'", column.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("permission[0].constraint[0].leftOperand: unknown profile left operand 'dsc:groupsize'", operand.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("permission[0].constraint[0].rightOperand: 'dsc:table' is not an output kind", output.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var catalog = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
        Assert.Empty(catalog[0].GetProperty("offers").EnumerateArray());
    }
}
