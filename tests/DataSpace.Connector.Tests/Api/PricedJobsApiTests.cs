using System.Net;
using System.Text.Json;
using DataSpace.Connector.Tests.Plans;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Prices through the real connector (issue 15, item 2; docs/metering.md, "Prices in offers and jobs"): an offer whose
/// price cannot be computed is refused at its path as written; an agreement keeps its offer's schedule; a job under a
/// priced agreement runs and is metered, and one whose agreement's price cannot be computed is refused, at submission
/// and again at run time, before anything is read (fail closed).
/// </summary>
public sealed class PricedJobsApiTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private const string PerRun = """
        {"action": "compensate", "constraint": [
          {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
          {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}
        """;

    private const string Rows = """
        {"action": "compensate", "constraint": [
          {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "1.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
          {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
          {"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperand": 1000000}]},
        {"action": "compensate", "constraint": [
          {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "0.50", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
          {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
          {"leftOperand": "dsc:cumulativeUsage", "operator": "gteq", "rightOperand": 1000000}]}
        """;

    private static string Offer(string duties) => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:priced", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10}],
                         "duty": [{{duties}}]}]}
        """;

    private static readonly string Priced = Offer(PerRun + ", " + Rows);

    /// <summary>Damages the stored agreement's price behind the connector's back: its unit is no longer CNY.</summary>
    private static Task DamagePriceAsync(Scenario scenario) =>
        scenario.ExecuteSqlAsync("UPDATE agreements SET policy_json = REPLACE(policy_json, 'CNY', 'USD') WHERE id = 'agr-1'");

    public static TheoryData<string, string, string> Malformed => new()
    {
        { PerRun.Replace("dsc:perRun", "dsc:perQuery", StringComparison.Ordinal), "permission[0].duty[0].constraint[1]", "perQuery" },
        { PerRun.Replace("dsc:CNY", "dsc:USD", StringComparison.Ordinal), "permission[0].duty[0].constraint[0].unit", "USD" },
        { PerRun.Replace("\"20.00\"", "\"-20.00\"", StringComparison.Ordinal), "permission[0].duty[0].constraint[0].rightOperand", "is not between 0 and" },
        { Rows.Replace("1000000}]},", "1500000}]},", StringComparison.Ordinal), "permission[0].duty[1]", "overlaps permission[0].duty[0]" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task CreateOffer_PriceTheConnectorCannotCompute_Is400AtItsPathAndNothingIsOffered(string duties, string path, string reason)
    {
        await using var scenario = await Scenario.StartAsync();

        var refused = await scenario.OfferAsync("offer-1", Offer(duties), HttpStatusCode.BadRequest);

        var detail = refused.GetProperty("detail").GetString()!;
        Assert.Contains(path, detail, StringComparison.Ordinal);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        var catalog = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
        Assert.Empty(catalog[0].GetProperty("offers").EnumerateArray());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Conclude_PricedOffer_TheCountersignedAgreementCarriesTheSameSchedule(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var offer = await scenario.OfferAsync("offer-1", Priced);

        var agreement = await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        var offered = PolicyParser.Parse(offer.GetProperty("policy").GetRawText()).Policy!;
        var agreed = PolicyParser.Parse(agreement.GetProperty("agreement").GetProperty("policyJson").GetString()!).Policy!;
        Assert.True(PriceSchedule.TryParse(offered, 0, out var offeredSchedule, out var errors), string.Join("; ", errors));
        Assert.True(PriceSchedule.TryParse(agreed, 0, out var agreedSchedule, out errors), string.Join("; ", errors));
        Assert.Equal(3, agreedSchedule!.Components.Count);
        Assert.Equal(offeredSchedule, agreedSchedule);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Job_UnderAPricedAgreement_RunsIsMeteredBillableAndItsDecisionCarriesThePrice(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Priced);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");

        var log = await scenario.LogAsync();
        var meter = MeterRecord.Parse(Entry(log, ResultReceipts.ReleaseAction, job).GetProperty("details").GetProperty("meter").GetString()!);
        Assert.Equal((MeterOutcome.Released, true, 600L), (meter.Outcome, meter.Billable, meter.RowsRead));
        Assert.Contains("Compensate", Entry(log, "policy.decision", job).GetProperty("details").GetProperty("obligations").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task SubmitJob_AgreementWithADutyNobodyPerforms_Is403NamingTheDutyAndNothingRuns(string engine)
    {
        // Offers with such a duty are refused when made (OfferDutyRulesTests); an agreement altered in the store since
        // must not run as if its duty were met (fail closed).
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Priced);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.ExecuteSqlAsync("UPDATE agreements SET policy_json = REPLACE(policy_json, 'compensate', 'delete') WHERE id = 'agr-1'");

        var refused = await scenario.SubmitAsync(scenario.Manifest("agr-1"), expected: HttpStatusCode.Forbidden);

        var detail = refused.GetProperty("detail").GetString()!;
        Assert.Contains("the connector cannot carry out the duty 'http://www.w3.org/ns/odrl/2/delete'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "dataset.read");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task SubmitJob_AgreementWhosePriceWasDamagedInTheStore_Is403WithTheReasonAndLogged(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Priced);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await DamagePriceAsync(scenario);

        var refused = await scenario.SubmitAsync(scenario.Manifest("agr-1"), expected: HttpStatusCode.Forbidden);

        var detail = refused.GetProperty("detail").GetString()!;
        Assert.Contains("price cannot be computed", detail, StringComparison.Ordinal);
        Assert.Contains("unit", detail, StringComparison.Ordinal);
        var denial = (await scenario.LogAsync()).Single(e => e.GetProperty("action").GetString() == "job.submit");
        Assert.Equal("deny", denial.GetProperty("decision").GetString());
        Assert.Contains("price cannot be computed", denial.GetProperty("details").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task RunJob_PriceDamagedAfterSubmission_IsRefusedWithTheReasonBeforeAnythingIsRead(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Priced);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        await DamagePriceAsync(scenario);

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Refused", "Released", "Failed");

        Assert.Equal("Refused", ended.GetProperty("state").GetString());
        Assert.Contains("price cannot be computed", ended.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var log = await scenario.LogAsync();
        Assert.Equal("deny", Entry(log, "policy.decision", job).GetProperty("decision").GetString());
        Assert.DoesNotContain(log, e => e.GetProperty("action").GetString() is "dataset.read" or "result.release");
        Assert.False(MeterRecord.Parse(Entry(log, "job.refuse", job).GetProperty("details").GetProperty("meter").GetString()!).Billable);

        // Its month cannot be settled while the agreement's price does not read: a clear refusal, never a statement without it.
        var month = DataSpace.Policy.Pricing.PricingCalendar.PeriodStart(DateTimeOffset.UtcNow, TierPeriod.Month).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var unsettled = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/settlements/preview?period=" + month, null, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("the period cannot be settled: agreement 'agr-1' cannot be priced", unsettled.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task SubmitPlan_AgreementWhosePriceWasDamagedInTheStore_Is403WithTheReason(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine, columns: new Dictionary<string, string> { ["taxpayer_id"] = "identifying" });
        await scenario.OfferAsync("offer-1", Priced);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1"), PlanJobTests.RegionPlan);
        await DamagePriceAsync(scenario);

        var refused = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1"), PlanJobTests.RegionPlan, HttpStatusCode.Forbidden);

        Assert.Contains("price cannot be computed", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Entry(IReadOnlyList<JsonElement> log, string action, string job) =>
        log.Single(e => e.GetProperty("action").GetString() == action && e.GetProperty("resource").GetString() == "job/" + job);
}
