using System.Net;
using System.Net.Http.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// One id grammar for every kind of id (docs/connector-service.md, "Ids"): what a URL normaliser would change (<c>.</c>,
/// <c>..</c>, a trailing dot) or that is not one path segment is refused where the id is made, with the kind named; every
/// id accepted can be addressed in a URL afterwards (the old connector accepted agreement <c>..</c>, which no revocation
/// could reach).
/// </summary>
public sealed class ResourceIdTests
{
    private const string Offer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a.")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("a b")]
    public async Task Conclude_AgreementIdANormaliserWouldChange_IsRefusedAtCreation(string id)
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer);

        var problem = await scenario.AgreeAsync(id, "offer-1", "statistics", HttpStatusCode.BadRequest);

        Assert.Equal(
            $"the statement's agreement: '{id}' is not an agreement id (1 to 128 letters, digits, '-', '_', '.' or ':', not beginning or ending with '.')",
            problem.GetProperty("detail").GetString());
        var agreements = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements", null, HttpStatusCode.OK);
        Assert.Equal(0, agreements.GetArrayLength());
    }

    [Fact]
    public async Task Revoke_EveryKindOfAcceptedAgreementId_Revokes()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer);
        string[] ids = ["a", "A-1_b.c:d", "urn:agreement:credit-2025-01", "a..b", "-", "_", ":", "0", new string('x', 128)];

        foreach (var id in ids)
        {
            await scenario.AgreeAsync(id, "offer-1", "statistics");
            await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/agreements/{id}/revoke", null, HttpStatusCode.NoContent);
        }

        var agreements = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/agreements", null, HttpStatusCode.OK);
        Assert.Equal(
            ids.Order(StringComparer.Ordinal),
            agreements.EnumerateArray().Where(a => a.GetProperty("revokedAt").ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/parties", "party")]
    [InlineData("/api/v1/datasets", "dataset")]
    [InlineData("/api/v1/offers", "offer")]
    public async Task Create_DotDotId_IsRefusedNamingTheKind(string path, string kind)
    {
        await using var scenario = await Scenario.StartAsync();

        using var response = await scenario.Supplier.PostAsJsonAsync(path, new
        {
            id = "..", name = "x", role = "Operator", publicKeys = new[] { scenario.RivalKey.PublicKey.ExportPem() },
            location = scenario.CsvPath, classificationLevel = 1, dataset = Scenario.Dataset, policy = System.Text.Json.Nodes.JsonNode.Parse(Offer),
        });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.StartsWith($"id: '..' is not a{(kind == "offer" ? "n" : "")} {kind} id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/jobs/a%20b", "jobId: 'a b' is not a job id")]
    [InlineData("/api/v1/jobs/a%2Fb", "jobId: 'a%2Fb' is not a job id")]
    [InlineData("/api/v1/jobs/x./plan", "jobId: 'x.' is not a job id")]
    [InlineData("/api/v1/results/.x", "jobId: '.x' is not a job id")]
    [InlineData("/api/v1/budget?dataset=..", "dataset: '..' is not a dataset id")]
    [InlineData("/api/v1/audit/disclosure?dataset=a%2Fb", "dataset: 'a/b' is not a dataset id")]
    public async Task Request_IdOutsideTheGrammarInPathOrQuery_Is400NamingTheKind(string path, string detail)
    {
        await using var scenario = await Scenario.StartAsync();

        // Refused after authorization: results are the data user's to ask for, the rest the supplier may read.
        using var response = await (path.StartsWith("/api/v1/results/", StringComparison.Ordinal) ? scenario.DataUser : scenario.Supplier).GetAsync(path);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
