using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Tests.Flow;

/// <summary>
/// A real released result, altered on its way to the data user (served by a <see cref="FakeConnector"/>):
/// <c>dsc result get</c> exits 1 and writes nothing. Also a connector that registers a file other than the local one.
/// </summary>
public sealed class TamperingTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task ResultGet_UntouchedAnswerThroughTheFake_IsAccepted()
    {
        var (job, answer) = await ReleasedAnswerAsync("job-untouched");

        var result = await GetThroughFakeAsync(job, answer, "untouched.out");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.True(File.Exists(Path.Combine(flow.Directory, "untouched.out")));
    }

    [Fact]
    public async Task ResultGet_OneEnvelopeByteChanged_ExitsOneAndWritesNothing()
    {
        var (job, answer) = await ReleasedAnswerAsync("job-envelope");
        var envelope = Convert.FromBase64String(answer["envelope"]!.GetValue<string>());
        envelope[^1] ^= 0x01;
        answer["envelope"] = Convert.ToBase64String(envelope);

        var result = await GetThroughFakeAsync(job, answer, "envelope.out");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Contains("the output's digest is not the receipt's", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(flow.Directory, "envelope.out")));
    }

    [Fact]
    public async Task ResultGet_ReceiptNamingAnotherAgreement_ExitsOneAndWritesNothing()
    {
        var (job, answer) = await ReleasedAnswerAsync("job-receipt");
        answer["receipt"]!["body"]!["agreement"] = "some-other-agreement";

        var result = await GetThroughFakeAsync(job, answer, "receipt.out", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Contains("the receipt does not verify", result.Error, StringComparison.Ordinal);
        Assert.False(FlowFixture.Json(result).GetProperty("valid").GetBoolean());
        Assert.False(File.Exists(Path.Combine(flow.Directory, "receipt.out")));
    }

    [Fact]
    public async Task ResultGet_ReceiptOfAnotherJob_ExitsOne()
    {
        var (_, answer) = await ReleasedAnswerAsync("job-swapped");

        var result = await GetThroughFakeAsync("job-" + new string('a', 24), answer, "swapped.out");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(flow.Directory, "swapped.out")));
    }

    [Fact]
    public async Task DatasetAdd_ConnectorDigestIsNotTheLocalFiles_ExitsOne()
    {
        var dataset = new JsonObject
        {
            ["id"] = "tax", ["name"] = "Tax", ["format"] = "csv", ["columns"] = new JsonArray(), ["rowCount"] = 2,
            ["contentDigest"] = "sha256:" + new string('0', 64), ["classificationLevel"] = 1, ["registeredAt"] = DateTimeOffset.UtcNow, ["offers"] = new JsonArray(),
        };
        await using var fake = await FakeConnector.StartAsync(new Dictionary<string, string> { ["POST /api/v1/datasets"] = dataset.ToJsonString() });

        var result = await Dsc.RunAsync("dataset", "add", "--id", "tax", "--name", "Tax", "--file", flow.DatasetFile, "--classification", "1", "--url", fake.Url, "--key", flow.SupplierKey);

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Contains("the connector read a different file", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Releases a job and fetches its result as the data user, straight from the connector.</summary>
    private async Task<(string Job, JsonObject Answer)> ReleasedAnswerAsync(string name)
    {
        var (submitted, job) = await flow.SubmitAsync(name);
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("job", "approve", job)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Operator("job", "wait", job, "--timeout", "30")).ExitCode);
        using var dataUser = new HttpClient(new SigningHandler(KeyFiles.LoadSigningKey(flow.DataUserKey))) { BaseAddress = new Uri(flow.Url) };
        return (job, (await dataUser.GetFromJsonAsync<JsonObject>("/api/v1/results/" + job))!);
    }

    private async Task<CliResult> GetThroughFakeAsync(string job, JsonObject answer, string output, params string[] more)
    {
        await using var fake = await FakeConnector.StartAsync(new Dictionary<string, string> { ["GET /api/v1/results/" + job] = answer.ToJsonString() });
        return await Dsc.RunAsync(["result", "get", job, "--out", Path.Combine(flow.Directory, output), "--connector-key", flow.ConnectorPublicKey,
            "--origin", flow.Identity.LogOrigin, "--url", fake.Url, "--key", flow.DataUserKey, .. more]);
    }
}
