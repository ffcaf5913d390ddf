using System.IO.Compression;
using System.Net;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Connector.Settlement;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// Settlement through the real connector (issue 15, item 4; docs/metering.md, "Settlement statement"): a period closes
/// only once it has ended, into one signed statement per priced agreement, logged as <c>settlement.close</c> and stored;
/// a second close is refused; the statement verifies offline against the log export; who may read it.
/// </summary>
public sealed class SettlementApiTests
{
    private const string PricedOffer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "dsc:computeAggregate", "duty": [
          {"action": "compensate", "constraint": [
            {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
            {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]},
          {"action": "compensate", "constraint": [
            {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "1.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
            {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}}]}]}]}
        """;

    private static async Task<(Scenario Scenario, ShiftedClock Clock, string Job)> PricedRunAsync(string engine)
    {
        var clock = new ShiftedClock();
        var scenario = await Scenario.StartAsync(engine, hooks: new DataSpace.Connector.Hosting.ConnectorHostHooks
        {
            ConfigureBuilder = builder => builder.Services.AddSingleton<TimeProvider>(clock),
        });
        await scenario.OfferAsync("offer-1", PricedOffer);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"), Scenario.GroupedStatsWasm)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");
        return (scenario, clock, job);
    }

    private static HttpClient Client(Scenario scenario, ShiftedClock clock, DataSpace.Crypto.Signatures.SigningKey key) =>
        new(new SigningHandler(key, clock)) { BaseAddress = scenario.Server.BaseAddress };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Close_EndedPeriod_SignsLogsAndStoresAStatementThatVerifiesOfflineAndRefusesASecondClose(string engine)
    {
        var (scenario, clock, job) = await PricedRunAsync(engine);
        await using var _ = scenario;
        var period = SettlementPeriod.Of(clock.GetUtcNow()).ToString();

        // The period holding the run has not ended: refused, nothing logged; the preview shows what it would state.
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/settlements", new { period }, HttpStatusCode.Conflict);
        var preview = Assert.Single((await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/settlements/preview?period=" + period, null, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal((1, 2006L), (preview.GetProperty("runs").GetInt32(), preview.GetProperty("chargedFen").GetInt64()));

        clock.Offset = SettlementPeriod.Of(clock.GetUtcNow()).End - clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        using var supplier = Client(scenario, clock, scenario.SupplierKey);
        using var operatorClient = Client(scenario, clock, scenario.OperatorKey);
        using var auditor = Client(scenario, clock, scenario.AuditorKey);
        using var rival = Client(scenario, clock, scenario.RivalKey);
        await Scenario.SendAsync(operatorClient, HttpMethod.Post, "/api/v1/settlements", new { period }, HttpStatusCode.Forbidden);

        var closed = await Scenario.SendAsync(supplier, HttpMethod.Post, "/api/v1/settlements", new { period }, HttpStatusCode.Created);

        // 20.00 CNY a run + 600 rows at 1.00 CNY per 10,000 (6 fen) = 2,006 fen, shared 50/50 in the first bracket.
        var summary = Assert.Single(closed.GetProperty("statements").EnumerateArray());
        Assert.Equal((2006L, 1003L, 1003L), (summary.GetProperty("chargedFen").GetInt64(), summary.GetProperty("supplierFen").GetInt64(), summary.GetProperty("operatorFen").GetInt64()));
        var view = await Scenario.SendAsync(auditor, HttpMethod.Get, $"/api/v1/settlements/{period}/agr-1", null, HttpStatusCode.OK);
        var statement = SettlementStatements.Parse(JsonSerializer.SerializeToUtf8Bytes(view.GetProperty("statement")));
        var run = Assert.Single(statement.Body["runs"]!.AsArray());
        Assert.Equal(job, run!["job"]!.GetValue<string>());
        var log = await EntriesAsync(auditor);
        var index = log.FindIndex(e => e.GetProperty("action").GetString() == "settlement.close");
        Assert.Equal(SettlementStatements.DigestOf(statement), log[index].GetProperty("digests").GetProperty("statement").GetString());
        Assert.Equal(summary.GetProperty("logIndex").GetInt64(), index);

        // The disclosure report gains the period's revenue per dataset and operator, and the supplier's share.
        var disclosure = await Scenario.SendAsync(auditor, HttpMethod.Get, "/api/v1/audit/disclosure", null, HttpStatusCode.OK);
        var revenue = Assert.Single(Assert.Single(disclosure.EnumerateArray()).GetProperty("revenue").EnumerateArray());
        Assert.Equal((period, Scenario.OperatorId, 2006L, 1003L), (revenue.GetProperty("period").GetString(), revenue.GetProperty("operatorId").GetString(),
            revenue.GetProperty("chargedFen").GetInt64(), revenue.GetProperty("supplierFen").GetInt64()));

        // A closed period cannot change: a second close is refused.
        await Scenario.SendAsync(supplier, HttpMethod.Post, "/api/v1/settlements", new { period }, HttpStatusCode.Conflict);

        // The operator sees its statement, a rival none; an auditor verifies it offline against the log export.
        Assert.Single((await Scenario.SendAsync(operatorClient, HttpMethod.Get, "/api/v1/settlements?period=" + period, null, HttpStatusCode.OK)).EnumerateArray());
        Assert.Empty((await Scenario.SendAsync(rival, HttpMethod.Get, "/api/v1/settlements", null, HttpStatusCode.OK)).EnumerateArray());
        await Scenario.SendAsync(rival, HttpMethod.Get, $"/api/v1/settlements/{period}/agr-1", null, HttpStatusCode.NotFound);
        using var zip = await auditor.GetAsync(new Uri("/api/v1/audit/export", UriKind.Relative));
        var folder = Directory.CreateTempSubdirectory("settlement-export-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(await zip.Content.ReadAsStreamAsync(), folder);
            var origin = (await Scenario.SendAsync(auditor, HttpMethod.Get, "/api/v1/connector", null, HttpStatusCode.OK)).GetProperty("logOrigin").GetString();
            var verified = Assert.Single(SettlementVerifier.Verify([statement], folder, scenario.SupplierKey.PublicKey, origin));
            Assert.True(verified.IsValid, verified.Failure);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_PricedRun_ShowsTheChargeTheStatementWillState(string engine)
    {
        var (scenario, clock, job) = await PricedRunAsync(engine);
        await using var _ = scenario;

        var seen = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);

        var charge = seen.GetProperty("charge");
        Assert.Equal((SettlementPeriod.Of(clock.GetUtcNow()).ToString(), "2006"), (charge.GetProperty("period").GetString(), charge.GetProperty("exactFen").GetString()));
        Assert.Equal(
            ["permission[0].duty[0] PerRun 1 in [0,) at 20 CNY = 2000 fen", "permission[0].duty[1] PerTenThousandRows 600 in [0,) at 1 CNY = 6 fen"],
            charge.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Close_PeriodNotYetEnded_IsRefusedAndLogsNothing(string engine)
    {
        var (scenario, clock, _) = await PricedRunAsync(engine);
        await using var _ = scenario;
        var period = SettlementPeriod.Of(clock.GetUtcNow()).ToString();

        var refused = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/settlements", new { period }, HttpStatusCode.Conflict);

        Assert.Contains("is not over", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "settlement.close");
        Assert.Empty((await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/settlements", null, HttpStatusCode.OK)).EnumerateArray());
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient auditor)
    {
        var page = await Scenario.SendAsync(auditor, HttpMethod.Get, "/api/v1/audit/entries?start=0&count=1000", null, HttpStatusCode.OK);
        return [.. page.GetProperty("leaves").EnumerateArray().Select(l => JsonDocument.Parse(l.GetString()!).RootElement.GetProperty("entry").Clone())];
    }

    /// <summary>The system clock moved by <see cref="Offset"/>: the connector's and the test clients' "now", shifted past a period's end.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
