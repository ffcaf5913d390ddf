using System.Net;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Tests.Support;
using DataSpace.Policy.JsonLd;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// <c>GET /api/v1/agreements/{id}/usage</c>: the use count the ledger keeps, going up with each run, and the limit the
/// policy's count constraints set; visible to the supplier, auditors and the agreement's own operator only.
/// </summary>
public sealed class AgreementUsageTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Offer(string constraints) => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:x", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [{{constraints}}]}]}
        """;

    [Fact]
    public async Task GetUsage_AfterARun_CountsItAgainstThePolicysLimit()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer("""{"leftOperand": "count", "operator": "lteq", "rightOperand": 3}"""));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var before = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements/agr-1/usage", null, HttpStatusCode.OK);

        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");

        var after = await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, "/api/v1/agreements/agr-1/usage", null, HttpStatusCode.OK);
        var own = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/agreements/agr-1/usage", null, HttpStatusCode.OK);
        Assert.Equal(0, before.GetProperty("uses").GetInt64());
        Assert.Equal(1, after.GetProperty("uses").GetInt64());
        Assert.Equal(3, after.GetProperty("useLimit").GetInt64());
        Assert.Equal(("agr-1", "tax", Scenario.OperatorId),
            (after.GetProperty("agreementId").GetString(), after.GetProperty("datasetId").GetString(), after.GetProperty("operatorId").GetString()));
        Assert.Equal(1, own.GetProperty("uses").GetInt64());
    }

    [Fact]
    public async Task GetUsage_AnotherOperatorsAgreement_Is404AsIfItDidNotExist()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer("""{"leftOperand": "count", "operator": "lteq", "rightOperand": 3}"""));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        var rival = await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/agreements/agr-1/usage", null, HttpStatusCode.NotFound);
        var missing = await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/agreements/agr-none/usage", null, HttpStatusCode.NotFound);
        var dataUser = await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/agreements/agr-1/usage", null, HttpStatusCode.NotFound);

        // The same answer as for an agreement that does not exist: the rival learns neither the count nor the agreement.
        Assert.Equal("no agreement 'agr-1'", rival.GetProperty("detail").GetString());
        Assert.Equal("no agreement 'agr-none'", missing.GetProperty("detail").GetString());
        Assert.False(rival.TryGetProperty("uses", out _));
        Assert.False(dataUser.TryGetProperty("uses", out _));
    }

    [Theory]
    [InlineData("""{"leftOperand": "count", "operator": "lteq", "rightOperand": 5}""", 5L)]
    [InlineData("""{"leftOperand": "count", "operator": "lt", "rightOperand": 5}""", 4L)]
    [InlineData("""{"leftOperand": "count", "operator": "eq", "rightOperand": 2}""", 2L)]
    [InlineData("""{"leftOperand": "count", "operator": "lteq", "rightOperand": 9}, {"leftOperand": "count", "operator": "lt", "rightOperand": 4}""", 3L)]
    [InlineData("""{"leftOperand": "count", "operator": "gteq", "rightOperand": 2}""", null)]
    [InlineData("""{"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"}""", null)]
    [InlineData("""{"or": [{"leftOperand": "count", "operator": "lteq", "rightOperand": 2}, {"leftOperand": "count", "operator": "lteq", "rightOperand": 7}]}""", 7L)]
    [InlineData("""{"or": [{"leftOperand": "count", "operator": "lteq", "rightOperand": 2}, {"leftOperand": "purpose", "operator": "eq", "rightOperand": "x"}]}""", null)]
    [InlineData("""{"and": [{"leftOperand": "count", "operator": "lteq", "rightOperand": 2}, {"leftOperand": "purpose", "operator": "eq", "rightOperand": "x"}]}""", 2L)]
    public void UseLimit_CountConstraints_GiveTheMostUsesPermitted(string constraints, long? expected)
    {
        var policy = PolicyParser.Parse(Offer(constraints)).Policy;

        Assert.NotNull(policy);
        Assert.Equal(expected, UseLimit.Of(policy));
    }

    [Fact]
    public void UseLimit_OnePermissionWithoutBound_IsUnbounded()
    {
        var policy = PolicyParser.Parse($$"""
            {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:x", "target": "tax", "permission": [
              {"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "count", "operator": "lteq", "rightOperand": 2}]},
              {"action": "dsc:computeAggregate"}]}
            """).Policy;

        Assert.NotNull(policy);
        Assert.Null(UseLimit.Of(policy));
    }
}
