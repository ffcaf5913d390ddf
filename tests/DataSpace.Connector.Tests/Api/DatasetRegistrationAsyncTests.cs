using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// <c>POST /api/v1/datasets</c> with <c>Prefer: respond-async</c> (docs/connector-service.md, "Registering with progress"):
/// 202 with the registration's address, whose progress reaches the file's size and ends with the dataset in the
/// catalogue; a request the synchronous checks refuse gets the same problem, synchronously, and no 202.
/// </summary>
public sealed class DatasetRegistrationAsyncTests
{
    private static async Task<HttpResponseMessage> RegisterAsync(Scenario scenario, string id, string location, bool respondAsync)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets")
        {
            Content = JsonContent.Create(new { id, name = "Enterprise tax, again", location, classificationLevel = 1, columns = new Dictionary<string, string> { ["taxpayer_id"] = "identifying" } }),
        };
        if (respondAsync)
        {
            request.Headers.Add("Prefer", "respond-async, wait=0");
        }

        return await scenario.Supplier.SendAsync(request);
    }

    [Fact]
    public async Task RegisterDataset_PreferRespondAsync_Answers202AndProgressReachesTheFileSize()
    {
        await using var scenario = await Scenario.StartAsync();

        using var accepted = await RegisterAsync(scenario, "tax-async", scenario.CsvPath, respondAsync: true);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("respond-async", Assert.Single(accepted.Headers.GetValues("Preference-Applied")));
        var location = accepted.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/datasets/registrations/", location, StringComparison.Ordinal);
        JsonElement view;
        var polls = 0;
        do
        {
            Assert.True(polls++ < 2000, "the registration never ended");
            await Task.Delay(polls == 1 ? 0 : 10);
            view = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, location, null, HttpStatusCode.OK);
        }
        while (view.GetProperty("state").GetString() == "running");

        Assert.Equal("done", view.GetProperty("state").GetString());
        Assert.Equal(new FileInfo(scenario.CsvPath).Length, view.GetProperty("bytesTotal").GetInt64());
        Assert.Equal(view.GetProperty("bytesTotal").GetInt64(), view.GetProperty("bytesRead").GetInt64());
        Assert.Equal(600, view.GetProperty("dataset").GetProperty("rowCount").GetInt64());
        var catalog = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
        Assert.Contains(catalog.EnumerateArray(), d => d.GetProperty("id").GetString() == "tax-async");
        await ProblemAssert.IsProblemAsync(await scenario.Operator.GetAsync(location), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/etc/shadow", "tax-async", HttpStatusCode.BadRequest)]
    [InlineData("CSV", "a b", HttpStatusCode.BadRequest)]
    [InlineData("CSV", "tax", HttpStatusCode.Conflict)]
    public async Task RegisterDataset_RefusedRequest_GetsTheSameProblemSynchronouslyAsWithoutThePreference(string location, string id, HttpStatusCode status)
    {
        await using var scenario = await Scenario.StartAsync();
        location = location == "CSV" ? scenario.CsvPath : location;
        var entries = (await scenario.LogAsync()).Count;

        var synchronous = await ProblemAssert.IsProblemAsync(await RegisterAsync(scenario, id, location, respondAsync: false), status);
        var asynchronous = await ProblemAssert.IsProblemAsync(await RegisterAsync(scenario, id, location, respondAsync: true), status);

        Assert.Equal(synchronous.GetProperty("detail").GetString(), asynchronous.GetProperty("detail").GetString());
        Assert.Equal(entries, (await scenario.LogAsync()).Count);
    }

    [Fact]
    public async Task GetRegistration_Unknown_Is404()
    {
        await using var scenario = await Scenario.StartAsync();

        await ProblemAssert.IsProblemAsync(await scenario.Supplier.GetAsync("/api/v1/datasets/registrations/0123456789abcdef"), HttpStatusCode.NotFound);
    }
}
