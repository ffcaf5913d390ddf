using System.Net;
using DataSpace.Connector.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The job runner as hostile operators would use it, through the API of a running connector: endless jobs that try to
/// hold every run slot, and an approved module built to make its compilation take the connector down.
/// </summary>
public sealed class JobRunnerTests
{
    private const string CustomOffer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:custom", "target": "tax", "permission": [{"action": "dsc:customAnalysis"}]}
        """;

    /// <summary>A custom-output job that never ends (until its wall time or fuel runs out).</summary>
    private static readonly byte[] Endless = Wasmtime.Module.ConvertText("""
        (module
          (memory (export "memory") 1)
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          (func (export "dsc_run") (result i32) (loop $spin (br $spin)) i32.const 0))
        """);

    [Fact]
    public async Task Runner_TwoEndlessJobsOfOneOperator_AnotherOperatorsJobStillRuns()
    {
        // Slots as by default (two, one per operator); a wall time long enough that the endless jobs outlast the test.
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:WallTimeBase", "00:02:00"), ("Sandbox:WallTime", "00:02:00")]);
        await scenario.OfferAsync("offer-1", CustomOffer);
        await scenario.AgreeAsync("agr-a", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-b", "offer-1", "statistics", rival: true);
        var endless = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var job = (await scenario.SubmitAsync(scenario.CustomManifest("agr-a"), Endless)).GetProperty("id").GetString()!;
            await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
            endless.Add(job);
        }

        await scenario.WaitForJobAsync(endless[0], "Running");

        var other = (await scenario.SubmitAsync(scenario.CustomManifest("agr-b"), Scenario.ReportWasm, client: scenario.Rival)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{other}/approve", null, HttpStatusCode.OK);

        await scenario.WaitForJobAsync(other, "PendingReview");
        var states = new List<string?>();
        foreach (var job in endless)
        {
            states.Add((await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK)).GetProperty("state").GetString());
        }

        // The operator's first endless job still runs; its second waits for its operator's slot, not for the other's.
        Assert.Equal(["Running", "Approved"], states);
    }

    [Fact]
    public async Task Runner_AnApprovedModuleTheWorkerCannotCompileInTime_FailsTheJobNamingTheLimitWhileTheConnectorAnswers()
    {
        // Two functions of 50,000 live locals: within every submission limit, minutes of compilation without a bound.
        var hostile = WasmBinary.LiveLocals(functions: 2, locals: 50_000, loops: 1);
        await using var scenario = await Scenario.StartAsync(settings: [("Sandbox:CompileCpuTime", "00:00:02")]);
        await scenario.OfferAsync("offer-1", CustomOffer);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");

        // Submission only validates: the module is accepted at once, nothing compiled.
        var job = (await scenario.SubmitAsync(scenario.CustomManifest("agr-1"), hostile)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Running", "Failed");

        // While the worker compiles, the connector answers its parties.
        await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
        await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);

        var failed = await scenario.WaitForJobAsync(job, "Failed");
        Assert.Equal("module refused: module could not be compiled within the limit of 2 s of CPU time", failed.GetProperty("reason").GetString());

        // And it goes on running other jobs.
        await scenario.HeldForReviewAsync("agr-1");
    }
}
