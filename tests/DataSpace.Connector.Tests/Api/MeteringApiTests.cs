using System.Net;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Metering through the HTTP API (issue 15, item 1; docs/metering.md, "Meter record"): every run's end is metered in its
/// log entry, the receipt carries the release's meter and is checked against it, and who sees what: the operator and the
/// data user the published meter only (no timings, fuel or sizes the job could steer), the supplier and auditors all of it.
/// </summary>
public sealed class MeteringApiTests
{
    private const string Offer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    private static readonly string[] JobSteered = ["usage", "cpuMs", "wallMs", "fuel", "bytesFed", "outputBytes", "rowsPulled", "groupsSuppressed"];

    /// <summary>The offer with a price of 0.0125 CNY per CPU-second (docs/metering.md, "Price profile").</summary>
    private static readonly string CpuPricedOffer = Offer.Replace(
        "\"permission\": [{\"action\": \"dsc:computeAggregate\"}]",
        """
        "permission": [{"action": "dsc:computeAggregate", "duty": [{"action": "compensate", "constraint": [
          {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "0.0125", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
          {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perCpuSecond"}}]}]}]
        """, StringComparison.Ordinal);

    private static Task<string> RunAsync(Scenario scenario, byte[] module, params string[] endStates) => RunAsync(scenario, Offer, module, endStates);

    private static async Task<string> RunAsync(Scenario scenario, string offer, byte[] module, params string[] endStates)
    {
        await scenario.OfferAsync("offer-1", offer);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"), module)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, endStates);
        return job;
    }

    private static async Task<string> LoggedMeterAsync(Scenario scenario, string job, string action) =>
        (await scenario.LogAsync()).Single(e => e.GetProperty("action").GetString() == action && e.GetProperty("resource").GetString() == "job/" + job)
            .GetProperty("details").GetProperty("meter").GetString()!;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_ReleasedRun_OperatorAndDataUserSeeTheLoggedMeterWithoutRawTimings(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var job = await RunAsync(scenario, Scenario.GroupedStatsWasm, "Released");
        var logged = MeterRecord.Parse(await LoggedMeterAsync(scenario, job, ResultReceipts.ReleaseAction));

        // No price on CPU time: no CPU seconds are published.
        Assert.Equal((MeterOutcome.Released, true, 600L, 3L, 0L), (logged.Outcome, logged.Billable, logged.RowsRead, logged.ColumnsRead, logged.CpuSeconds));
        Assert.Null(logged.Usage);
        foreach (var party in new[] { scenario.Operator, scenario.DataUser })
        {
            var seen = await Scenario.SendAsync(party, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
            var meter = seen.GetProperty("meter");
            Assert.Equal(logged, MeterRecord.Parse(meter.GetRawText()));
            Assert.All(JobSteered, name => Assert.DoesNotContain($"\"{name}\"", seen.GetRawText(), StringComparison.Ordinal));
        }

        var listed = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs", null, HttpStatusCode.OK);
        Assert.All(JobSteered, name => Assert.DoesNotContain($"\"{name}\"", listed.GetRawText(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_RunUnderACpuPrice_OperatorSeesBilledSecondsOnTheGridNeverTheMilliseconds(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine, settings: [("Jobs:PublishGrid", "00:00:02")]);
        var job = await RunAsync(scenario, CpuPricedOffer, Scenario.GroupedStatsWasm, "Released");

        var seen = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
        var whole = MeterRecord.Parse((await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK)).GetProperty("meter").GetRawText());

        // Billed in steps of the 2 s publication grid, rounded up: the operator learns no more of the duration than the grid tells.
        var meter = MeterRecord.Parse(seen.GetProperty("meter").GetRawText());
        Assert.True(meter.CpuSeconds >= 2 && meter.CpuSeconds % 2 == 0 && meter.CpuSeconds * 1000 >= whole.Usage!.CpuMs, whole.ToJson());
        Assert.All(JobSteered, name => Assert.DoesNotContain($"\"{name}\"", seen.GetRawText(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_ReleasedRun_SupplierAndAuditorSeeTheWholeMeterWhosePublishedFormIsLogged(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var job = await RunAsync(scenario, Scenario.GroupedStatsWasm, "Released");
        var logged = await LoggedMeterAsync(scenario, job, ResultReceipts.ReleaseAction);

        foreach (var party in new[] { scenario.Supplier, scenario.Auditor })
        {
            var meter = MeterRecord.Parse((await Scenario.SendAsync(party, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK)).GetProperty("meter").GetRawText());
            var usage = Assert.IsType<MeterUsage>(meter.Usage);
            Assert.True(usage.Fuel > 0 && usage.BytesFed > 0 && usage.OutputBytes > 0 && usage.GroupsReleased == 3, meter.ToJson());
            Assert.True(usage.CpuMs <= usage.WallMs + 1, meter.ToJson());
            Assert.Equal(logged, meter.Published().ToJson());
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Receipt_OfAReleasedRun_CarriesTheLoggedMeterAndFailsVerificationWhenItIsAltered(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var job = await RunAsync(scenario, Scenario.GroupedStatsWasm, "Released");
        var result = await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/results/" + job, null, HttpStatusCode.OK);
        var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
        var receipt = SignedStatement.Parse(result.GetProperty("receipt").GetRawText());
        var origin = receipt.Body["log"]!["checkpoint"]!.GetValue<string>().Split('\n')[0];

        var valid = ResultReceipts.Verify(receipt, scenario.SupplierKey.PublicKey, origin, envelope);
        Assert.True(valid.IsValid, valid.Failure);
        Assert.Equal(await LoggedMeterAsync(scenario, job, ResultReceipts.ReleaseAction), valid.Content!.Meter!.ToJson());

        // Even signed again by the connector's own key, a receipt whose meter differs from the logged one is refused.
        var body = receipt.Body.DeepClone().AsObject();
        body["meter"] = (valid.Content.Meter with { CpuSeconds = 0, Billable = false }).ToNode();
        var altered = ResultReceipts.Verify(SignedStatement.Sign(ResultReceipts.Type, body, scenario.SupplierKey), scenario.SupplierKey.PublicKey, origin, envelope);
        Assert.False(altered.IsValid);
        Assert.Contains("is not the logged meter", altered.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_RunFailedByTheJobAfterReading_IsMeteredBillableAndTheOperatorSeesNoUsage(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var job = await RunAsync(scenario, Attack("return-code"), "Failed");
        var logged = MeterRecord.Parse(await LoggedMeterAsync(scenario, job, "job.fail"));

        Assert.Equal((MeterOutcome.Failed, true, 600L), (logged.Outcome, logged.Billable, logged.RowsRead));
        var seen = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
        Assert.Equal(logged, MeterRecord.Parse(seen.GetProperty("meter").GetRawText()));
        Assert.All(JobSteered, name => Assert.DoesNotContain($"\"{name}\"", seen.GetRawText(), StringComparison.Ordinal));
        var supplier = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
        Assert.NotNull(MeterRecord.Parse(supplier.GetProperty("meter").GetRawText()).Usage);
    }

    [Fact]
    public async Task ReviewedRelease_HeldRun_IsMeteredHeldUnbilledThenReleasedBillableWithAReceiptThatVerifies()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer.Replace("dsc:computeAggregate", "dsc:customAnalysis", StringComparison.Ordinal));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = await scenario.HeldForReviewAsync("agr-1");
        var held = MeterRecord.Parse(await LoggedMeterAsync(scenario, job, "result.hold"));
        Assert.Equal((MeterOutcome.Held, false), (held.Outcome, held.Billable));

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/review", new { release = true }, HttpStatusCode.OK);

        var released = MeterRecord.Parse(await LoggedMeterAsync(scenario, job, ResultReceipts.ReleaseAction));
        Assert.Equal(held with { Outcome = MeterOutcome.Released, Billable = true }, released);
        var result = await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/results/" + job, null, HttpStatusCode.OK);
        var receipt = SignedStatement.Parse(result.GetProperty("receipt").GetRawText());
        var origin = receipt.Body["log"]!["checkpoint"]!.GetValue<string>().Split('\n')[0];
        var verified = ResultReceipts.Verify(receipt, scenario.SupplierKey.PublicKey, origin, Convert.FromBase64String(result.GetProperty("envelope").GetString()!));
        Assert.True(verified.IsValid, verified.Failure);
        Assert.Equal(released, verified.Content!.Meter);
    }

    private static byte[] Attack(string name) =>
        Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Attacks", name + ".wat")));
}
