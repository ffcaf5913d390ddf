using System.Net;
using System.Text.Json;
using DataSpace.Connector.Tests.Data;
using DataSpace.Connector.Tests.Support;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// A folder of Parquet files registered and read as one dataset through the API (docs/sandbox-data.md, "Partitioned
/// Parquet folders"): one schema, one row count and one digest in the catalogue; a plan over it releases what it releases
/// over the same rows in one file; a file added since registration fails the job, naming the file.
/// </summary>
public sealed class FolderDatasetApiTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Plan(string dataset) => $$"""
        {"format": "dataspace/analysis-plan/v1", "dataset": "{{dataset}}",
         "groupBy": [{"column": "region", "values": ["11", "12", "13"]}],
         "measures": [{"column": "income", "bounds": [0, 50000]}, {"column": "tax", "bounds": [0, 100]}]}
        """;

    private static string ExactOffer(string target) => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:exact-{{target}}", "target": "{{target}}",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10}]}]}
        """;

    private static string Folder(Scenario scenario) => Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "tax-parts");

    private static Task<JsonElement> RegisterAsync(Scenario scenario, string id, string location, HttpStatusCode expected = HttpStatusCode.Created) =>
        Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/datasets",
            new { id, name = id, location, classificationLevel = 2, columns = new Dictionary<string, string> { ["taxpayer_id"] = "identifying" } }, expected);

    /// <summary>Offers <paramref name="dataset"/> for exact statistics, agrees, runs the plan and returns the released groups.</summary>
    private static async Task<JsonElement> RunPlanAsync(Scenario scenario, string dataset)
    {
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer-" + dataset, dataset, policy = System.Text.Json.Nodes.JsonNode.Parse(ExactOffer(dataset)) }, HttpStatusCode.Created);
        await scenario.AgreeAsync("agr-" + dataset, "offer-" + dataset, "statistics");
        var job = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-" + dataset, dataset: dataset), Plan(dataset))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused");
        Assert.True(ended.GetProperty("state").GetString() == "Released", ended.ToString());
        return (await scenario.ResultAsync(job)).GetProperty("result").GetProperty("groups");
    }

    [Fact]
    public async Task RegisterDataset_HiveFolder_CatalogueShowsOneSchemaOneRowCountAndTheFoldersDigest()
    {
        await using var scenario = await Scenario.StartAsync();
        var folder = Folder(scenario);
        await ParquetFolderFiles.WriteFolderAsync(folder);

        var registered = await RegisterAsync(scenario, "tax-parts", folder);

        Assert.Equal(600, registered.GetProperty("rowCount").GetInt64());
        Assert.Equal("parquet", registered.GetProperty("format").GetString(), ignoreCase: true);
        Assert.Equal(["taxpayer_id", "income", "tax", "region"], registered.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("string", registered.GetProperty("columns")[3].GetProperty("type").GetString());
        Assert.Equal(FolderDigest.Of(ParquetFolderFiles.Parts(folder)), registered.GetProperty("contentDigest").GetString());
    }

    [Fact]
    public async Task PlanJob_OverAFolder_ReleasesWhatItReleasesOverTheSameRowsInOneFile()
    {
        await using var scenario = await Scenario.StartAsync();
        await ParquetFolderFiles.WriteFolderAsync(Folder(scenario));
        var single = Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "tax-one.parquet");
        await ParquetFolderFiles.WriteSingleAsync(single);
        await RegisterAsync(scenario, "tax-parts", Folder(scenario));
        await RegisterAsync(scenario, "tax-one", single);

        var partitioned = await RunPlanAsync(scenario, "tax-parts");
        var one = await RunPlanAsync(scenario, "tax-one");

        Assert.Equal([200L, 200L, 200L], one.EnumerateArray().Select(g => g.GetProperty("count").GetInt64()));
        Assert.True(partitioned.EnumerateArray().All(g => g.GetProperty("count").GetInt64() == 200), partitioned.GetRawText() + "\n" + one.GetRawText());
        Assert.Equal(one.GetRawText(), partitioned.GetRawText());
    }

    [Fact]
    public async Task PlanJob_AFileAddedToTheFolderSinceRegistration_FailsNamingTheFile()
    {
        await using var scenario = await Scenario.StartAsync();
        await ParquetFolderFiles.WriteFolderAsync(Folder(scenario));
        await RegisterAsync(scenario, "tax-parts", Folder(scenario));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer", dataset = "tax-parts", policy = System.Text.Json.Nodes.JsonNode.Parse(ExactOffer("tax-parts")) }, HttpStatusCode.Created);
        await scenario.AgreeAsync("agr", "offer", "statistics");
        await ParquetFolderFiles.WriteRowsAsync(Path.Combine(Folder(scenario), "region=13", "part-1.parquet"), 20);

        var job = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr", dataset: "tax-parts"), Plan("tax-parts"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused");

        Assert.Equal("Failed", ended.GetProperty("state").GetString());
        Assert.Equal(
            "dataset refused: dataset 'tax-parts' changed since it was registered: 'region=13/part-1.parquet' was added to its folder",
            ended.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RegisterDataset_AFileOfAnotherSchema_Is400NamingTheFileAndTheColumn()
    {
        await using var scenario = await Scenario.StartAsync();
        var folder = Folder(scenario);
        await ParquetFolderFiles.WriteFolderAsync(folder);
        await ParquetFolderFiles.WriteSingleAsync(Path.Combine(folder, "region=13", "part-1.parquet"));

        var problem = await RegisterAsync(scenario, "tax-parts", folder, HttpStatusCode.BadRequest);

        Assert.EndsWith(
            "'region=13/part-1.parquet' has another schema than 'region=11/part-0.parquet': it has the extra column 'region'",
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterDataset_TheConnectorsDataDirectory_Is400AndNothingIsLogged()
    {
        await using var scenario = await Scenario.StartAsync();
        var entries = (await scenario.LogAsync()).Count;

        var problem = await RegisterAsync(scenario, "own", scenario.Server.DataDirectory, HttpStatusCode.BadRequest);

        Assert.Contains("is inside the connector's data directory", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(entries, (await scenario.LogAsync()).Count);
    }
}
