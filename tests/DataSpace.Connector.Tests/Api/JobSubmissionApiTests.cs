using System.Net;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// <c>GET /api/v1/jobs/{id}/submission</c>: what a supplier approves, as submitted: the manifest, the module's digest,
/// size and the host functions it imports (read from the stored module), the columns it reads and its source's digest;
/// for the supplier and auditors only.
/// </summary>
public sealed class JobSubmissionApiTests
{
    [Fact]
    public async Task ModuleJob_ShowsItsManifestDigestSizeImportsAndColumns_ToTheSupplierAndAuditorsOnly()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
             "uid": "urn:offer:1", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
            """);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var manifest = scenario.Manifest("agr-1");
        var job = (await scenario.SubmitAsync(manifest)).GetProperty("id").GetString()!;

        var submission = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/submission", null, HttpStatusCode.OK);

        Assert.Equal("Module", submission.GetProperty("program").GetString());
        Assert.Equal("Submitted", submission.GetProperty("state").GetString());
        Assert.Equal(Scenario.GroupedStatsWasm.LongLength, submission.GetProperty("moduleBytes").GetInt64());
        var imports = submission.GetProperty("imports").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.NotEmpty(imports);
        Assert.All(imports, i => Assert.StartsWith("dsc.", i, StringComparison.Ordinal));
        Assert.Equal(manifest["columns"]!.AsArray().Select(c => c!.GetValue<string>()), submission.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("agr-1", submission.GetProperty("manifest").GetProperty("agreement").GetString());
        Assert.StartsWith("sha256:", submission.GetProperty("sourceDigest").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            (await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}", null, HttpStatusCode.OK)).GetProperty("moduleDigest").GetString(),
            submission.GetProperty("moduleDigest").GetString());

        await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, $"/api/v1/jobs/{job}/submission", null, HttpStatusCode.OK);
        await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, $"/api/v1/jobs/{job}/submission", null, HttpStatusCode.Forbidden);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/job-nothing/submission", null, HttpStatusCode.NotFound);
    }
}
