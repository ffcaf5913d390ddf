using System.Text.Json.Nodes;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Flow;

/// <summary>Custom output held for the supplier's review, printed, then released or refused through <c>dsc job review</c>.</summary>
public sealed class ReviewTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    private const string Report = "regions reviewed: 3\n";

    [Fact]
    public async Task JobReview_HeldOutputReleased_ReachesTheDataUser()
    {
        var job = await HeldForReviewAsync("custom-1");

        var held = await flow.Supplier("job", "review", job);
        Assert.True(held.ExitCode == ExitCodes.Ok, held.Output + held.Error);
        Assert.Equal(Report, held.Output);
        var operatorRefused = await flow.Operator("job", "review", job);
        Assert.Equal(ExitCodes.InputError, operatorRefused.ExitCode);

        var released = await flow.Supplier("job", "review", job, "--release", "--json");
        Assert.Equal("Released", FlowFixture.Json(released).GetProperty("state").GetString());
        Assert.Equal(ExitCodes.Ok, (await flow.Operator("job", "wait", job)).ExitCode);
        var result = await flow.DataUser("result", "get", job, "--out", "-", "--connector-key", flow.ConnectorPublicKey);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Equal(Report, result.Output);
    }

    [Fact]
    public async Task JobReview_HeldOutputRefused_EndsWithoutAResult()
    {
        var job = await HeldForReviewAsync("custom-2");

        var refused = await flow.Supplier("job", "review", job, "--refuse", "--reason", "names a region");
        Assert.True(refused.ExitCode == ExitCodes.Ok, refused.Output + refused.Error);
        Assert.Contains("Refused (refused in the supplier's review: names a region)", refused.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.JobEndedWithoutResult, (await flow.Operator("job", "wait", job)).ExitCode);
        var result = await flow.DataUser("result", "get", job, "--out", Path.Combine(flow.Directory, "refused.out"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(flow.Directory, "refused.out")));
    }

    [Fact]
    public async Task JobReview_ReleaseAndRefuse_IsAUsageError()
    {
        var result = await flow.Supplier("job", "review", "any", "--release", "--refuse");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    /// <summary>A custom-analysis offer and agreement, and a job whose custom output waits for review.</summary>
    private async Task<string> HeldForReviewAsync(string name)
    {
        var policy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(flow.Directory, "policy.json")))!;
        policy["permission"]![0]!["action"] = "dsc:customAnalysis";
        var policyFile = await flow.WriteAsync(name + "-policy.json", policy.ToJsonString());
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("offer", "add", "--id", name, "--dataset", FlowFixture.Dataset, "--policy", policyFile)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Operator("agreement", "request", "--id", name, "--offer", name, "--purpose", "small-business-credit-statistics", "--days", "5")).ExitCode);

        var module = Path.Combine(flow.Directory, name + ".wasm");
        await File.WriteAllBytesAsync(module, Wasmtime.Module.ConvertText("""
            (module
              (import "dsc" "output" (func $output (param i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "regions reviewed: 3\n")
              (func (export "dsc_abi_version") (result i32) i32.const 1)
              (func (export "dsc_run") (result i32) (call $output (i32.const 0) (i32.const 20)) i32.const 0))
            """));
        var manifest = await flow.WriteAsync(name + "-manifest.json", new JsonObject
        {
            ["agreement"] = name,
            ["dataset"] = FlowFixture.Dataset,
            ["columns"] = new JsonArray("region"),
            ["output"] = "custom",
            ["recipient"] = await File.ReadAllTextAsync(flow.DataUserKey + ".pub"),
        }.ToJsonString());
        var submitted = await flow.Operator("job", "submit", "--module", module, "--manifest", manifest);
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.Output + submitted.Error);
        var job = FlowFixture.JobIdOf(submitted);
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("job", "approve", job)).ExitCode);

        for (var attempt = 0; attempt < 600 && FlowFixture.Json(await flow.Operator("job", "status", job, "--json")).GetProperty("state").GetString() != "PendingReview"; attempt++)
        {
            await Task.Delay(50);
        }

        // Held output does not end a job: waiting goes on (here: not at all) until the supplier decides.
        var waited = await flow.Operator("job", "wait", job, "--timeout", "0");
        Assert.Equal(ExitCodes.TimedOut, waited.ExitCode);
        Assert.Contains("PendingReview", waited.Error, StringComparison.Ordinal);
        return job;
    }
}
