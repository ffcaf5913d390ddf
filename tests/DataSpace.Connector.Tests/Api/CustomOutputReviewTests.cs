using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Api;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Custom output as a hostile operator writes it: rows hidden from the supplier's terminal behind escape sequences, and
/// an enterprise's id in a dataset whose supplier classed that column identifying. The review shows everything, escaped,
/// with what the leak check looked for; the leak check refuses an identifying value.
/// </summary>
public sealed class CustomOutputReviewTests
{
    private const string CustomOffer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:custom", "target": "tax", "permission": [{"action": "dsc:customAnalysis"}]}
        """;

    /// <summary>Four harmless lines on a terminal: two rows erased after they are written, one concealed, one overwritten.</summary>
    private static readonly byte[] Hostile = Encoding.UTF8.GetBytes(
        "regions reviewed: 3\n" +
        "hidden: region 11 income 20000.00 tax 0.5\n\u001b[1A\u001b[2K" +
        "hidden: region 12 income 20037.25 tax 1.5\n\u001b[1A\u001b[2K" +
        "\u001b[8mconcealed: region 13 income 20074.50 tax 2.5\u001b[0m\n" +
        "overwritten: region 11 income 20111.75\rall regions within bounds\n" +
        "done\n");

    private static async Task<Scenario> AgreedAsync(IReadOnlyDictionary<string, string>? columns = null)
    {
        var scenario = await Scenario.StartAsync(columns: columns);
        await scenario.OfferAsync("offer-1", CustomOffer);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        return scenario;
    }

    [Fact]
    public async Task GetReview_OutputHidingRowsBehindEscapeSequences_PreviewShowsTheEscapesAndTheRows()
    {
        await using var scenario = await AgreedAsync();
        var job = await scenario.HeldForReviewAsync("agr-1", Scenario.CustomWasm(Hostile));

        var review = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/review", null, HttpStatusCode.OK);

        var preview = review.GetProperty("preview").GetString()!;
        Assert.Contains(@"hidden: region 11 income 20000.00 tax 0.5" + "\n" + @"\x1b[1A\x1b[2Khidden: region 12 income 20037.25 tax 1.5", preview, StringComparison.Ordinal);
        Assert.Contains(@"\x1b[8mconcealed: region 13 income 20074.50 tax 2.5\x1b[0m", preview, StringComparison.Ordinal);
        Assert.Contains(@"overwritten: region 11 income 20111.75\rall regions within bounds", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(preview, c => char.IsControl(c) && c != '\n');
        Assert.Equal(Hostile, Convert.FromBase64String(review.GetProperty("output").GetString()!));
        Assert.Equal(Hostile.Length, review.GetProperty("size").GetInt64());
        Assert.Equal(SafeText.Entropy(Hostile), review.GetProperty("entropy").GetDouble(), 9);
        Assert.Equal(7, review.GetProperty("controlCharacters").GetInt32());
        Assert.Equal(6, review.GetProperty("escapeSequences").GetInt32());
        var leakCheck = review.GetProperty("leakCheck");
        Assert.Empty(leakCheck.GetProperty("findings").EnumerateArray());
        Assert.Equal(["region", "income", "tax"], leakCheck.GetProperty("rowColumns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task GetReview_DatasetWithIdentifyingColumns_VerdictNamesTheColumnsTheCheckSearched()
    {
        await using var scenario = await AgreedAsync(new Dictionary<string, string> { ["taxpayer_id"] = "identifying", ["region"] = "quasiIdentifying" });
        var job = await scenario.HeldForReviewAsync("agr-1");

        var review = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/review", null, HttpStatusCode.OK);

        var searched = review.GetProperty("leakCheck").GetProperty("identifyingColumns").EnumerateArray().Select(c => c.GetString());
        Assert.Equal(["taxpayer_id", "region"], searched);
    }

    [Fact]
    public async Task Run_CustomOutputWithAValueOfAnIdentifyingColumn_IsRefusedByTheLeakCheck()
    {
        // Before column classes, nothing marked taxpayer_id identifying: this output was held for review like any other.
        await using var scenario = await AgreedAsync(new Dictionary<string, string> { ["taxpayer_id"] = "identifying" });
        var manifest = scenario.CustomManifest("agr-1");
        manifest["columns"] = new System.Text.Json.Nodes.JsonArray("taxpayer_id", "income");
        var job = (await scenario.SubmitAsync(manifest, Scenario.CustomWasm("largest taxpayer: TP-700013\n"u8))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);

        var ended = await scenario.WaitForJobAsync(job, "Refused", "PendingReview", "Failed", "Released");

        Assert.Equal("Refused", ended.GetProperty("state").GetString());
        Assert.StartsWith("custom output refused", ended.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/review", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Run_OutputOfAnIdentifyingValueOnAnUnclassifiedDataset_IsOnlyHeldForReview()
    {
        // The control for the test above: the same output passes the automatic check when no column is identifying.
        await using var scenario = await AgreedAsync();
        var job = await scenario.HeldForReviewAsync("agr-1", Scenario.CustomWasm("largest taxpayer: TP-700013\n"u8));

        var review = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/review", null, HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, review.GetProperty("leakCheck").GetProperty("identifyingColumns").ValueKind);
        Assert.Empty(review.GetProperty("leakCheck").GetProperty("identifyingColumns").EnumerateArray());
    }
}
