using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Dataset registration and job runs against the data-root rules (docs/connector-service.md, "Data roots"), through the
/// HTTP API as the supplier's own key would try it: system files, the connector's own key and gateway secret (the test
/// root, the data directory's parent, includes the data directory), links to them, devices, FIFOs and directories are
/// refused at once, with the rule named, and nothing logged; a file replaced after registration is refused when a job runs.
/// </summary>
public sealed class DataRootsApiTests
{
    private static Task<HttpResponseMessage> RegisterAsync(Scenario scenario, string id, string location) =>
        scenario.Supplier.PostAsJsonAsync("/api/v1/datasets", new { id, name = "Refused", location, classificationLevel = 1 });

    private static async Task<string> RefusedAsync(Scenario scenario, string location)
    {
        var entries = (await scenario.LogAsync()).Count;

        var problem = await ProblemAssert.IsProblemAsync(await RegisterAsync(scenario, "refused", location), HttpStatusCode.BadRequest);

        // Nothing logged: refused before the registration's log entry, which precedes the first byte read.
        Assert.Equal(entries, (await scenario.LogAsync()).Count);
        return problem.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/proc/self/environ")]
    [InlineData("/dev/zero")]
    public async Task RegisterDataset_SystemFile_IsRefusedAtOnceAsOutsideTheDataRoots(string location)
    {
        await using var scenario = await Scenario.StartAsync();

        var detail = await RefusedAsync(scenario, location);

        Assert.StartsWith($"location: '{location}'", detail, StringComparison.Ordinal);
        Assert.Contains("is not under a data root (Connector:DataRoots: ", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero", "'/dev/zero' is a device, not a regular file")]
    [InlineData("/proc/self/environ", "is on the /proc pseudo file system, not a regular file")]
    public async Task RegisterDataset_SystemFileUnderAConfiguredRoot_IsRefusedAtOnceForWhatItIs(string location, string rule)
    {
        await using var scenario = await Scenario.StartAsync(settings: [("DataRoots:1", "/dev"), ("DataRoots:2", "/proc")]);

        var detail = await RefusedAsync(scenario, location);

        Assert.EndsWith(rule, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys/connector.key")]
    [InlineData("keys/gateway.secret")]
    public async Task RegisterDataset_TheConnectorsOwnFile_IsRefusedThoughTheRootIncludesIt(string file)
    {
        await using var scenario = await Scenario.StartAsync();
        var location = Path.Combine(scenario.Server.DataDirectory, file);

        var detail = await RefusedAsync(scenario, location);

        Assert.StartsWith($"location: '{location}' is inside the connector's data directory", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys/connector.key", "is inside the connector's data directory")]
    [InlineData("keys/gateway.secret", "is inside the connector's data directory")]
    [InlineData("/etc/shadow", "is not under a data root")]
    public async Task RegisterDataset_LinkUnderTheRootToAForbiddenFile_IsRefused(string target, string rule)
    {
        await using var scenario = await Scenario.StartAsync();
        var link = Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "innocent.csv");
        File.CreateSymbolicLink(link, Path.Combine(scenario.Server.DataDirectory, target));

        var detail = await RefusedAsync(scenario, link);

        Assert.StartsWith($"location: '{link}' (resolved: ", detail, StringComparison.Ordinal);
        Assert.Contains(rule, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterDataset_DirectoryOrFifoUnderTheRoot_IsRefusedAtOnce()
    {
        await using var scenario = await Scenario.StartAsync();
        var root = Path.GetDirectoryName(scenario.CsvPath)!;
        var directory = Directory.CreateDirectory(Path.Combine(root, "folder.csv")).FullName;
        var fifo = Path.Combine(root, "pipe.csv");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync();
        }

        // A directory registers as a folder of Parquet files (docs/sandbox-data.md, "Partitioned Parquet folders"): an empty one is refused.
        Assert.EndsWith("the folder holds no .parquet file", await RefusedAsync(scenario, directory), StringComparison.Ordinal);
        Assert.EndsWith("is a FIFO (named pipe), not a regular file", await RefusedAsync(scenario, fifo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterDataset_ThroughALinkUnderTheRoot_RecordsTheFileItReads()
    {
        await using var scenario = await Scenario.StartAsync();
        var link = Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "current.csv");
        File.CreateSymbolicLink(link, scenario.CsvPath);

        using var response = await RegisterAsync(scenario, "linked", link);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(600, dataset.GetProperty("rowCount").GetInt64());
        Assert.False(dataset.TryGetProperty("location", out _));
    }

    [Fact]
    public async Task Job_DatasetFileReplacedByALinkAfterRegistration_FailsWithoutReadingIt()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
             "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
            """);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;

        // After registration, approval next: the file is swapped for a link to the connector's key.
        File.Delete(scenario.CsvPath);
        File.CreateSymbolicLink(scenario.CsvPath, Path.Combine(scenario.Server.DataDirectory, "keys", "connector.key"));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Failed", "Released", "PendingReview");

        Assert.Equal("Failed", ended.GetProperty("state").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), entry => entry.GetProperty("action").GetString() is "dataset.read");
    }
}
