using System.Globalization;
using System.Net;
using DataSpace.Connector.Tests.Support;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Through the HTTP API as the parties use it (issue 13, item 5): a job that ends by returning a value it read shows the
/// operator and the data user a fixed reason and the dataset's rows, never the value; the supplier alone reads what the
/// job chose, bound to the signed log by a keyed HMAC; and job ends are published on the configured grid.
/// </summary>
public sealed class SideChannelApiTests
{
    private const string Offer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    private static byte[] Attack(string name) =>
        Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Attacks", name + ".wat")));

    private static async Task<string> RunAsync(Scenario scenario, byte[] module, params string[] endStates)
    {
        await scenario.OfferAsync("offer-1", Offer);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"), module)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, endStates);
        return job;
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GetJob_JobReturningAValueItRead_OperatorAndDataUserSeeAFixedReasonAndTheSupplierReadsTheValue(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        var job = await RunAsync(scenario, Attack("return-code"), "Failed");

        foreach (var party in new[] { scenario.Operator, scenario.DataUser })
        {
            var seen = await Scenario.SendAsync(party, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
            Assert.Equal(JobReasons.JobError, seen.GetProperty("reason").GetString());
            Assert.Equal(600, seen.GetProperty("rowsProcessed").GetInt64()); // the dataset's rows; the job pulled none
            Assert.DoesNotContain("397263", seen.GetRawText(), StringComparison.Ordinal);
            await Scenario.SendAsync(party, HttpMethod.Get, $"/api/v1/jobs/{job}/details", null, HttpStatusCode.Forbidden);
        }

        await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, $"/api/v1/jobs/{job}/details", null, HttpStatusCode.Forbidden);
        var log = await scenario.LogAsync();
        Assert.DoesNotContain(log, e => e.GetRawText().Contains("397263", StringComparison.Ordinal));
        var details = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/details", null, HttpStatusCode.OK);
        Assert.Contains("dsc_run returned 397263", details.GetProperty("text").GetString(), StringComparison.Ordinal);
        var fail = Assert.Single(log, e => e.GetProperty("action").GetString() == "job.fail");
        Assert.Equal(details.GetProperty("binding").GetString(), fail.GetProperty("digests").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetDetails_JobThatWasReleased_Is404()
    {
        await using var scenario = await Scenario.StartAsync();
        var job = await RunAsync(scenario, Scenario.GroupedStatsWasm, "Released");

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/details", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetJob_WithAOneSecondGrid_TheEndIsPublishedOnTheGridFromTheRunsStart()
    {
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:PublishGrid", "00:00:01")]);
        var job = await RunAsync(scenario, Scenario.GroupedStatsWasm, "Released");

        var seen = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
        var log = await scenario.LogAsync();
        DateTimeOffset When(string action) => DateTimeOffset.Parse(
            log.Single(e => e.GetProperty("action").GetString() == action && e.GetProperty("resource").GetString() == "job/" + job).GetProperty("when").GetString()!,
            CultureInfo.InvariantCulture);

        // The run takes a few milliseconds; its end shows a second after its start (plus the host's own publishing work).
        var start = When("job.start");
        var finished = seen.GetProperty("finishedAt").GetDateTimeOffset();
        Assert.InRange(finished - start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        Assert.InRange(When("result.release") - start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
    }
}
