using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Tests.Data;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// An aggregate module job over a folder dataset runs as tasks (docs/connector-service.md, "Tasks"), through the API of a
/// running connector: the release is the one a single run over the same rows gives, the log holds one decision, one read
/// per task and one release; the fuel limit holds for the job as a whole, not for each task; a file changed since
/// registration fails the job whichever task reads it.
/// </summary>
public sealed class JobTaskTests
{
    private static string Offer(string target) => $$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:{{target}}", "target": "{{target}}", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    private static string Folder(Scenario scenario) => Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "tax-parts");

    /// <summary>Registers the folder (four files) and the same rows in one file, each offered for aggregates and agreed.</summary>
    private static async Task PrepareAsync(Scenario scenario)
    {
        var single = Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "tax-one.parquet");
        await ParquetFolderFiles.WriteFolderAsync(Folder(scenario));
        await ParquetFolderFiles.WriteSingleAsync(single);
        foreach (var (id, location) in new[] { ("tax-parts", Folder(scenario)), ("tax-one", single) })
        {
            await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/datasets",
                new { id, name = id, location, classificationLevel = 2 }, HttpStatusCode.Created);
            await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
                new { id = "offer-" + id, dataset = id, policy = JsonNode.Parse(Offer(id)) }, HttpStatusCode.Created);
            await scenario.AgreeAsync("agr-" + id, "offer-" + id, "statistics");
        }
    }

    /// <summary>Submits the grouped statistics over <paramref name="dataset"/> (with a fuel limit if given), approves it and waits for its end.</summary>
    private static async Task<(string Job, JsonElement Ended)> RunAsync(Scenario scenario, string dataset, long? fuel = null)
    {
        var manifest = scenario.Manifest("agr-" + dataset);
        manifest["dataset"] = dataset;
        if (fuel is { } limit)
        {
            manifest["limits"] = new JsonObject { ["fuel"] = limit };
        }

        var job = (await scenario.SubmitAsync(manifest)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        return (job, await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused"));
    }

    [Fact]
    public async Task ModuleJobOverAFolder_RunsAsOneTaskPerFile_ReleasesWhatOneRunOverTheSameRowsReleases()
    {
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:PublishGrid", "00:00:00")]);
        await PrepareAsync(scenario);

        var (parts, partsEnded) = await RunAsync(scenario, "tax-parts");
        var (one, oneEnded) = await RunAsync(scenario, "tax-one");

        Assert.True(partsEnded.GetProperty("state").GetString() == "Released", partsEnded.ToString());
        Assert.True(oneEnded.GetProperty("state").GetString() == "Released", oneEnded.ToString());
        var split = (await scenario.ResultAsync(parts)).GetProperty("aggregate");
        var whole = (await scenario.ResultAsync(one)).GetProperty("aggregate");
        Assert.Equal([200L, 200L, 200L], whole.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("Count").GetInt64()));
        Assert.Equal(whole.GetRawText(), split.GetRawText());

        // One decision, a read per task (naming its files) before any release, one release.
        var entries = (await scenario.LogAsync()).Where(e => e.GetProperty("resource").GetString() == "job/" + parts).ToList();
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "policy.decision");
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "result.release");
        var reads = entries.Where(e => e.GetProperty("action").GetString() == "dataset.read").Select(e => e.GetProperty("details")).ToList();
        Assert.Equal(["1 of 4", "2 of 4", "3 of 4", "4 of 4"], reads.Select(d => d.GetProperty("task").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["region=11/part-0.parquet", "region=12/part-0.parquet", "region=12/part-1.parquet", "region=13/part-0.parquet"],
            reads.Select(d => d.GetProperty("files").GetString()).Order(StringComparer.Ordinal));
        var release = entries.FindIndex(e => e.GetProperty("action").GetString() == "result.release");
        Assert.True(entries.FindLastIndex(e => e.GetProperty("action").GetString() == "dataset.read") < release);
    }

    [Fact]
    public async Task FuelLimit_HoldsForTheJobAsAWhole_NotForEachTask()
    {
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:PublishGrid", "00:00:00")]);
        await PrepareAsync(scenario);
        var (first, _) = await RunAsync(scenario, "tax-parts");
        var used = (await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/jobs/" + first, null, HttpStatusCode.OK))
            .GetProperty("meter").GetProperty("usage").GetProperty("fuel").GetInt64();

        // Four fifths of what the whole job used: more than any one task uses, less than all of them together.
        var limit = used * 4 / 5;
        var (_, ended) = await RunAsync(scenario, "tax-parts", limit);

        Assert.Equal("Failed", ended.GetProperty("state").GetString());
        Assert.Equal($"the job used up its CPU budget of {limit:N0} fuel", ended.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public async Task AFileRewrittenToTheSameSizeSinceRegistration_IsFound_TheJobFailsNamingIt_AndNothingIsReleased(double at)
    {
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:PublishGrid", "00:00:00")]);
        await PrepareAsync(scenario);
        var manifest = scenario.Manifest("agr-tax-parts");
        manifest["dataset"] = "tax-parts";
        var job = (await scenario.SubmitAsync(manifest)).GetProperty("id").GetString()!;

        // One byte changed, the size kept: the job's runner compares paths and sizes only; the task hashes its file while
        // it reads it. In the middle the byte damages a page, near the end the file's footer: the run over the file fails
        // on its own (or not), and the refusal is what the job says either way.
        var path = Path.Combine(Folder(scenario), "region=12", "part-1.parquet");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[(int)(bytes.Length * at)] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused");

        Assert.Equal("Failed", ended.GetProperty("state").GetString());
        Assert.Equal(
            "dataset refused: dataset 'tax-parts' changed since it was registered: 'region=12/part-1.parquet' was changed (its digest is not the one registered)",
            ended.GetProperty("reason").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("resource").GetString() == "job/" + job && e.GetProperty("action").GetString() == "result.release");
    }

    [Fact]
    public async Task AFileGrownSinceRegistration_TheJobsRunnerRefusesItBeforeAnyTaskIsMade()
    {
        await using var scenario = await Scenario.StartAsync(settings: [("Jobs:PublishGrid", "00:00:00")]);
        await PrepareAsync(scenario);
        var manifest = scenario.Manifest("agr-tax-parts");
        manifest["dataset"] = "tax-parts";
        var job = (await scenario.SubmitAsync(manifest)).GetProperty("id").GetString()!;

        await ParquetFolderFiles.WriteRowsAsync(Path.Combine(Folder(scenario), "region=12", "part-1.parquet"), 20);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused");

        Assert.Equal("Failed", ended.GetProperty("state").GetString());
        Assert.Matches(@"^dataset refused: dataset 'tax-parts' changed since it was registered: 'region=12/part-1\.parquet' was changed \(\d+ bytes, registered with \d+\)$",
            ended.GetProperty("reason").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("resource").GetString() == "job/" + job && e.GetProperty("action").GetString() == "dataset.read");
    }
}
