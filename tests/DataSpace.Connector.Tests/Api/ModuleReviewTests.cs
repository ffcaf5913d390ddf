using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// WebAssembly modules are reviewed code (docs/module-review.md), tried as a hostile operator would: a policy naming an
/// exact module's digest does not approve it in advance, a module without its source cannot be approved, a module under a
/// differential-privacy policy is refused at submission, the source is the supplier's to read and the approval binds it,
/// and a source hiding characters from its reader is refused. Each of these failed on the connector before this change.
/// </summary>
public sealed class ModuleReviewTests
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

    private static Task<Scenario> AggregatesAsync(string engine = "Sqlite") => AgreedAsync("""
        "permission": [{"action": "dsc:computeAggregate"}]
        """, engine);

    private static string IdOf(System.Text.Json.JsonElement job) => job.GetProperty("id").GetString()!;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Submit_PolicyNamingTheExactModulesDigest_IsNotPreApprovedButWaitsForTheSupplier(string engine)
    {
        // Before: the job was Approved at submission and ran without anyone reading it.
        await using var scenario = await AgreedAsync($$"""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "isAnyOf", "rightOperand": ["{{Digest}}"]}]}]
            """, engine);

        var submitted = await scenario.SubmitAsync(scenario.Manifest("agr-1"));

        Assert.Equal("Submitted", submitted.GetProperty("state").GetString());
        var reason = submitted.GetProperty("reason").GetString();
        Assert.Contains("waits for the supplier's review of the module and its source", reason, StringComparison.Ordinal);
        Assert.Contains("names the module's digest, but a module's output is exact, so it is never pre-approved", reason, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal("Submitted", (await scenario.WaitForJobAsync(IdOf(submitted), "Submitted", "Approved", "Running", "Released")).GetProperty("state").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() is "job.start" or "dataset.read");

        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{IdOf(submitted)}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(IdOf(submitted), "Released");
    }

    [Fact]
    public async Task Approve_ModuleSubmittedWithoutSource_Is409AndTheJobStaysSubmitted()
    {
        await using var scenario = await AggregatesAsync();
        var submitted = await scenario.SubmitAsync(scenario.Manifest("agr-1"), source: null);
        Assert.Contains("was submitted without its source", submitted.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var response = await scenario.Supplier.PostAsync($"/api/v1/jobs/{IdOf(submitted)}/approve", null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("the supplier approves a module with its source", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Submitted", (await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + IdOf(submitted), null, HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "job.approve");
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{IdOf(submitted)}/source", null, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("aggregate")]
    [InlineData("model")]
    [InlineData("custom")]
    public async Task Submit_ModuleUnderADifferentialPrivacyPolicy_Is403NamingWhy(string output)
    {
        // Before: an aggregate module ran with noise calibrated to one row while it chose what each row contributed.
        await using var scenario = await AgreedAsync("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0}]}]
            """);
        var manifest = scenario.Manifest("agr-1", epsilon: 0.5);
        manifest["output"] = output;
        if (output != "aggregate")
        {
            manifest.Remove("measures");
            manifest.Remove("groupKeyColumn");
        }

        if (output == "model")
        {
            manifest["model"] = new JsonObject { ["trainer"] = "linear-regression", ["label"] = "tax", ["features"] = new JsonArray("income") };
        }

        var refused = await scenario.SubmitAsync(manifest, expected: HttpStatusCode.Forbidden);

        var detail = refused.GetProperty("detail").GetString();
        Assert.Contains("a WebAssembly module cannot run under a differential-privacy policy (permission[0].constraint[0] asks for noise)", detail, StringComparison.Ordinal);
        Assert.Contains("computed by analysis plans, whose per-row contributions the host controls", detail, StringComparison.Ordinal);
        Assert.Contains("model and custom outputs are not differentially private", detail, StringComparison.Ordinal);
        Assert.Empty(await scenario.Server.App.Services.GetRequiredService<IConnectorStore>().ListJobsAsync(null, CancellationToken.None));
        Assert.Contains(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "job.submit" && e.GetProperty("decision").GetString() == "deny");
    }

    [Fact]
    public async Task Offer_CustomAnalysisAskingForNoise_IsRefusedWithAdviceAndNothingIsOffered()
    {
        // Before: the offer was accepted, and every job under it was then a module with noise the job could sidestep.
        await using var scenario = await Scenario.StartAsync();

        var refused = await scenario.OfferAsync("offer-dp-custom", Offer("""
            "permission": [{"action": "dsc:customAnalysis", "constraint": [{"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0}]}]
            """), HttpStatusCode.BadRequest);

        var text = refused.GetRawText();
        Assert.Contains("permission[0].constraint[0]: dsc:epsilon asks for differential privacy", text, StringComparison.Ordinal);
        Assert.Contains("permit dsc:computeAggregate with dsc:epsilon for analysis plans", text, StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "offer.create");
    }

    [Fact]
    public async Task Source_OnlyTheSupplierReadsIt_ExactlyAsSubmitted()
    {
        await using var scenario = await AggregatesAsync();
        const string source = "/* grouped statistics */\r\n#include \"dsc_util.h\"\r\n\tint32_t x = 1; /* 统计 */\n";
        var submitted = await scenario.SubmitAsync(scenario.Manifest("agr-1"), source: source);
        var path = $"/api/v1/jobs/{IdOf(submitted)}/source";

        await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, path, null, HttpStatusCode.Forbidden);
        await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, path, null, HttpStatusCode.Forbidden);
        await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, path, null, HttpStatusCode.Forbidden);
        var view = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, path, null, HttpStatusCode.OK);

        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        Assert.Equal(source, view.GetProperty("source").GetString());
        Assert.Equal(digest, view.GetProperty("sourceDigest").GetString());
        Assert.Equal(Digest, view.GetProperty("moduleDigest").GetString());
        Assert.Equal(("c", Encoding.UTF8.GetByteCount(source)), (view.GetProperty("language").GetString(), view.GetProperty("size").GetInt32()));
        Assert.Equal(digest, submitted.GetProperty("sourceDigest").GetString());
        var entry = Assert.Single(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "job.submit");
        Assert.Equal(digest, entry.GetProperty("digests").GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Approve_WithSource_TheSignedApprovalAndItsLogEntryBindTheSourcesDigest(string engine)
    {
        await using var scenario = await AggregatesAsync(engine);
        var submitted = await scenario.SubmitAsync(scenario.Manifest("agr-1"));
        var digest = ModuleSource.TryCreate(Scenario.TestSource, out _)!.Digest;

        var approved = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{IdOf(submitted)}/approve", null, HttpStatusCode.OK);

        Assert.Equal("approved by the supplier with its source", approved.GetProperty("reason").GetString());
        var job = await scenario.Server.App.Services.GetRequiredService<IConnectorStore>().GetJobAsync(IdOf(submitted), CancellationToken.None);
        var approval = SignedStatement.Parse(job!.ApprovalSignature!);
        Assert.True(approval.Verify(scenario.SupplierKey.PublicKey, JobLifecycle.ApprovalType, out var error), error);
        Assert.Equal((digest, Digest), (approval.Body["source"]!.GetValue<string>(), approval.Body["module"]!.GetValue<string>()));
        var entry = Assert.Single(await scenario.LogAsync(), e => e.GetProperty("action").GetString() == "job.approve");
        Assert.Equal(digest, entry.GetProperty("digests").GetProperty("source").GetString());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(approval.ToString()))),
            entry.GetProperty("digests").GetProperty("approval").GetString());
    }

    [Theory]
    [InlineData("int ok = 1; /* \u202e } \u2066 */", "invisible or bidirectional")] // Trojan Source (CVE-2021-42574)
    [InlineData("int a = 1;\u001b[2K\u001b[1Aint b = 2;", "escape sequences")]
    [InlineData("\ufeffint a = 1;", "byte-order mark")]
    [InlineData("int a = 1;\u200b", "invisible")]
    [InlineData("int a = 1;\rint b;", "control characters")]
    [InlineData("", "is empty")]
    public async Task Submit_SourceHidingCharactersFromItsReader_Is400(string source, string expected)
    {
        await using var scenario = await AggregatesAsync();

        var refused = await scenario.SubmitAsync(scenario.Manifest("agr-1"), source: source, expected: HttpStatusCode.BadRequest);

        var detail = refused.GetProperty("detail").GetString();
        Assert.StartsWith("source: ", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Empty(await scenario.Server.App.Services.GetRequiredService<IConnectorStore>().ListJobsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Submit_SourceAboveTheLimit_Is400()
    {
        await using var scenario = await AggregatesAsync();

        var refused = await scenario.SubmitAsync(scenario.Manifest("agr-1"), source: new string('x', ModuleSource.MaxBytes + 1), expected: HttpStatusCode.BadRequest);

        Assert.Contains($"the limit is {ModuleSource.MaxBytes}", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
