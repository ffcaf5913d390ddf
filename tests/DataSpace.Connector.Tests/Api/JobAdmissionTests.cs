using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// A job is checked against its agreement when it is submitted, before anyone approves it, as a hostile operator would
/// test it: columns, output kind and recipient are decided then; a module is never pre-approved (ModuleReviewTests), and
/// nothing is ever approved for a digest found somewhere in the policy's text; job ids are the connector's, so a rival can
/// neither probe nor squat them.
/// </summary>
public sealed class JobAdmissionTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Digest => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Scenario.GroupedStatsWasm));

    private static string Offer(string rules) => $$"""{"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:x", "target": "tax", {{rules}}}""";

    private static async Task<Scenario> AgreedAsync(string rules, string engine = "Sqlite")
    {
        var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Offer(rules));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        return scenario;
    }

    [Fact]
    public async Task Submit_DigestNamedOnlyInAProhibition_IsNotPreApproved()
    {
        // The old connector searched the policy's text for the digest: a module the supplier forbids became pre-approved.
        await using var scenario = await AgreedAsync($$"""
            "permission": [{"action": "dsc:computeAggregate"}],
            "prohibition": [{"action": "dsc:customAnalysis", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "eq", "rightOperand": "{{Digest}}"}]}]
            """);

        var submitted = await scenario.SubmitAsync(scenario.Manifest("agr-1"));

        Assert.Equal("Submitted", submitted.GetProperty("state").GetString());
        await Task.Delay(300);
        var job = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + submitted.GetProperty("id").GetString(), null, HttpStatusCode.OK);
        Assert.Equal("Submitted", job.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Submit_ColumnTheAgreementDoesNotAllow_Is403WithThePolicysReasonAndNothingToApprove()
    {
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income"]}]}]
            """);

        var refused = await scenario.SubmitAsync(scenario.Manifest("agr-1"), expected: HttpStatusCode.Forbidden);

        Assert.Contains("dsc:column isPartOf [region, income], actual [region, income, tax]", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var jobs = await scenario.Server.App.Services.GetRequiredService<DataSpace.Connector.Storage.IConnectorStore>().ListJobsAsync(null, CancellationToken.None);
        Assert.Empty(jobs);
        Assert.Contains(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "job.submit" && e.GetProperty("decision").GetString() == "deny");
    }

    [Fact]
    public async Task Submit_RecipientTheAgreementDoesNotAllow_Is403()
    {
        await using var scenario = await AgreedAsync($$"""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "recipient", "operator": "eq", "rightOperand": {"@id": "{{Scenario.DataUserId}}"} }]}]
            """);
        using var stranger = SignatureSuites.P256.GenerateKey();
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/parties",
            new { id = "urn:party:stranger", name = "Stranger", role = "DataUser", publicKeys = new[] { stranger.PublicKey.ExportPem() } }, HttpStatusCode.Created);
        var manifest = scenario.Manifest("agr-1");
        manifest["recipient"] = stranger.PublicKey.ExportPem();

        var refused = await scenario.SubmitAsync(manifest, expected: HttpStatusCode.Forbidden);

        Assert.Contains("recipient eq urn:party:bank, actual urn:party:stranger", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await scenario.SubmitAsync(scenario.Manifest("agr-1"));
    }

    [Fact]
    public async Task Submit_OutputKindTheAgreementDoesNotAllow_Is403()
    {
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:aggregate"}]}]}]
            """);
        var manifest = scenario.Manifest("agr-1");
        manifest["output"] = "custom";
        manifest.Remove("measures");
        manifest.Remove("groupKeyColumn");

        var refused = await scenario.SubmitAsync(manifest, expected: HttpStatusCode.Forbidden);

        Assert.Contains("dsc:outputKind", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_IdsAreTheConnectors_ARivalCanNeitherChooseNorProbeThem()
    {
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "dsc:computeAggregate"}]
            """);
        await scenario.AgreeAsync("agr-rival", "offer-1", "statistics", rival: true);

        var squat = await Scenario.SendAsync(scenario.Rival, HttpMethod.Post, "/api/v1/jobs",
            new { id = "job-0001", manifest = scenario.Manifest("agr-rival"), module = Convert.ToBase64String(Scenario.GroupedStatsWasm) }, HttpStatusCode.BadRequest);
        var first = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        var second = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;

        Assert.Contains("job ids are made by the connector", squat.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Matches("^job-[0-9a-f]{24}$", first);
        Assert.NotEqual(first, second);
        var probe = await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/jobs/" + first, null, HttpStatusCode.NotFound);
        var nothing = await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/jobs/job-" + new string('0', 24), null, HttpStatusCode.NotFound);
        Assert.Equal(Detail(nothing).Replace("job-" + new string('0', 24), "X", StringComparison.Ordinal), Detail(probe).Replace(first, "X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_AgreementRevokedBeforeTheJobStarts_RefusedWithItsEntry()
    {
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "dsc:computeAggregate"}]
            """);
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/agreements/agr-1/revoke", null, HttpStatusCode.NoContent);

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var refused = await scenario.WaitForJobAsync(job, "Refused");

        Assert.Contains("revoked or has ended", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var entries = (await scenario.LogAsync()).Where(e => e.GetProperty("resource").GetString() == "job/" + job)
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("decision").GetString()));
        Assert.Equal([("job.submit", "permit"), ("job.approve", "permit"), ("job.refuse", "deny")], entries);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ConcurrentApprovalsAndRevocations_SixteenCallers_OneWinsAndOneEntryEach(string engine)
    {
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "dsc:computeAggregate"}]
            """, engine);
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;

        var approvals = await Together(() => scenario.Supplier.PostAsync(new Uri($"/api/v1/jobs/{job}/approve", UriKind.Relative), null));
        await scenario.WaitForJobAsync(job, "Released");
        var revocations = await Together(() => scenario.Supplier.PostAsync(new Uri("/api/v1/agreements/agr-1/revoke", UriKind.Relative), null));

        Assert.Single(approvals, s => s == HttpStatusCode.OK);
        Assert.All(approvals.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Single(revocations, s => s == HttpStatusCode.NoContent);
        Assert.All(revocations.Where(s => s != HttpStatusCode.NoContent), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var log = await scenario.LogAsync();
        Assert.Single(log, e => e.GetProperty("action").GetString() == "job.approve");
        Assert.Single(log, e => e.GetProperty("action").GetString() == "agreement.revoke");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ConcurrentReviewsOfHeldOutput_SixteenSuppliersCalls_OneDecisionOneEntryAtMostOneResult(string engine)
    {
        // Before round 2, two concurrent reviews both logged result.release and both sealed the output.
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "dsc:customAnalysis"}]
            """, engine);
        var job = await scenario.HeldForReviewAsync("agr-1");

        var reviews = await Together(index => scenario.Supplier.PostAsJsonAsync($"/api/v1/jobs/{job}/review", new { release = index % 3 != 0, reason = "checked" }));

        Assert.Single(reviews, s => s == HttpStatusCode.OK);
        Assert.All(reviews.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var decided = (await scenario.LogAsync()).Where(e => e.GetProperty("resource").GetString() == "job/" + job
            && e.GetProperty("action").GetString() is "result.release" or "result.refuse").ToList();
        Assert.Single(decided);
        var released = decided[0].GetProperty("action").GetString() == "result.release";
        await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/results/" + job, null, released ? HttpStatusCode.OK : HttpStatusCode.NotFound);
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    private static Task<HttpStatusCode[]> Together(Func<Task<HttpResponseMessage>> call) => Together(_ => call());

    private static async Task<HttpStatusCode[]> Together(Func<int, Task<HttpResponseMessage>> call)
    {
        using var gate = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 16).Select(index => Task.Run(async () =>
        {
            gate.Wait();
            using var response = await call(index);
            return response.StatusCode;
        })).ToArray();
        gate.Set();
        return await Task.WhenAll(calls);
    }
}
