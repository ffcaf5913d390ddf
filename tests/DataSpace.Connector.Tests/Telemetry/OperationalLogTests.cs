using System.Net;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Telemetry;

/// <summary>
/// Job starts, ends and refusals reach the operational log (docs/connector-service.md, "Logs"): one event per transition,
/// with fixed event ids and the job's, agreement's and parties' ids as properties, and never a value from the data.
/// </summary>
public sealed class OperationalLogTests
{
    private const string Offer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:log", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    [Fact]
    public async Task JobRunAndRefusal_AreLoggedWithTheirIds_AndNoDataValue()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", Offer);
        await scenario.AgreeAsync("agr-run", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-gone", "offer-1", "statistics");
        var run = (await scenario.SubmitAsync(scenario.Manifest("agr-run"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{run}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(run, "Released");
        var refused = (await scenario.SubmitAsync(scenario.Manifest("agr-gone"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/agreements/agr-gone/revoke", null, HttpStatusCode.NoContent);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{refused}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(refused, "Refused");

        var submitted = await EventAsync(scenario, "JobSubmitted", run);
        var started = await EventAsync(scenario, "JobStarted", run);
        var finished = await EventAsync(scenario, "JobFinished", run);
        var refusal = await EventAsync(scenario, "JobRefused", refused);

        Assert.Equal(1510, Id(submitted));
        Assert.Equal(Scenario.OperatorId, submitted.GetProperty("OperatorId").GetString());
        Assert.Equal(Scenario.DataUserId, submitted.GetProperty("DataUserId").GetString());
        Assert.Equal("agr-run", started.GetProperty("AgreementId").GetString());
        Assert.Equal(1, started.GetProperty("Attempt").GetInt32());
        Assert.Equal("Released", finished.GetProperty("State").GetString());
        Assert.Equal(600, finished.GetProperty("RowsProcessed").GetInt64());
        Assert.False(finished.TryGetProperty("@l", out _), "a released job is logged at Information (compact JSON omits that level)");
        Assert.Equal("agr-gone", refusal.GetProperty("AgreementId").GetString());
        Assert.Contains("revoked or has ended", refusal.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        var logs = string.Concat(Directory.GetFiles(Path.Combine(scenario.Server.DataDirectory, "logs")).Select(ReadShared));
        Assert.DoesNotContain("TP-7", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("20037.25", logs, StringComparison.Ordinal);
    }

    private static int Id(JsonElement logEvent) => logEvent.GetProperty("EventId").GetProperty("Id").GetInt32();

    private static async Task<JsonElement> EventAsync(Scenario scenario, string name, string jobId)
    {
        var logs = Path.Combine(scenario.Server.DataDirectory, "logs");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            foreach (var line in Directory.GetFiles(logs, "connector-*.json").SelectMany(file => ReadShared(file).Split('\n', StringSplitOptions.RemoveEmptyEntries)))
            {
                var logEvent = JsonDocument.Parse(line).RootElement;
                if (logEvent.TryGetProperty("EventId", out var id) && id.TryGetProperty("Name", out var eventName) && eventName.GetString() == name
                    && logEvent.TryGetProperty("JobId", out var job) && job.GetString() == jobId)
                {
                    return logEvent.Clone();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {name} event for {jobId} in the log");
            await Task.Delay(50);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
