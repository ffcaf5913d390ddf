using System.Text;
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
        Assert.Contains("\n" + Report + "--- end of output", held.Output, StringComparison.Ordinal);
        Assert.Contains("size: 20 bytes; entropy: ", held.Output, StringComparison.Ordinal);
        Assert.Contains("leak check: passed, no findings; values of no identifying columns; whole rows of region", held.Output, StringComparison.Ordinal);
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
    public async Task JobReview_OutputHidingRowsBehindEscapeSequences_PrintsThemEscapedAndNoRawEscape()
    {
        var job = await HeldForReviewAsync("custom-3", Hostile);

        var held = await flow.Supplier("job", "review", job);

        Assert.True(held.ExitCode == ExitCodes.Ok, held.Output + held.Error);
        Assert.DoesNotContain('\u001b', held.Output);
        Assert.DoesNotContain(held.Output, c => char.IsControl(c) && c != '\n');
        Assert.Contains("E91000000 income 4823.0 tax 102.24\n" + @"\x1b[1A\x1b[2KE91000063 income 1986.3 tax 51.22", held.Output, StringComparison.Ordinal);
        Assert.Contains(@"\x1b[8mE91000063 income 1986.3 tax 51.22\x1b[0m", held.Output, StringComparison.Ordinal);
        Assert.Contains($"size: {Hostile.Length} bytes; entropy: ", held.Output, StringComparison.Ordinal);
        Assert.Contains("escaped below: 6 control characters (6 escape sequences)", held.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobReview_Raw_WritesTheExactBytesToAFileAndNoneToTheTerminal()
    {
        var job = await HeldForReviewAsync("custom-4", Hostile);
        var file = Path.Combine(flow.Directory, "custom-4.raw");

        var raw = await flow.Supplier("job", "review", job, "--raw", file);

        Assert.True(raw.ExitCode == ExitCodes.Ok, raw.Output + raw.Error);
        Assert.Equal(Hostile, await File.ReadAllBytesAsync(file));
        Assert.DoesNotContain('\u001b', raw.Output);
        Assert.DoesNotContain("E91000000", raw.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await flow.Supplier("job", "review", job, "--raw", "-")).ExitCode);
    }

    [Fact]
    public async Task JobReview_ReleaseAndRefuse_IsAUsageError()
    {
        var result = await flow.Supplier("job", "review", "any", "--release", "--refuse");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    /// <summary>
    /// Rows of the sample dataset (enterprise, income, tax: columns the leak check does not search, since nothing classes
    /// them and only region is granted) that a terminal does not show: erased right after they are written, or concealed.
    /// </summary>
    private static readonly byte[] Hostile = Encoding.UTF8.GetBytes(
        Report +
        "E91000000 income 4823.0 tax 102.24\n\u001b[1A\u001b[2K" +
        "E91000063 income 1986.3 tax 51.22\n\u001b[1A\u001b[2K" +
        "\u001b[8mE91000063 income 1986.3 tax 51.22\u001b[0m\n");

    /// <summary>A custom-analysis offer and agreement, and a job whose custom output (<paramref name="output"/>, or <see cref="Report"/>) waits for review.</summary>
    private async Task<string> HeldForReviewAsync(string name, byte[]? output = null)
    {
        var policy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(flow.Directory, "policy.json")))!;
        policy["permission"]![0]!["action"] = "dsc:customAnalysis";
        var policyFile = await flow.WriteAsync(name + "-policy.json", policy.ToJsonString());
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("offer", "add", "--id", name, "--dataset", FlowFixture.Dataset, "--policy", policyFile)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Operator("agreement", "request", "--id", name, "--offer", name, "--purpose", "small-business-credit-statistics", "--days", "5")).ExitCode);

        var module = Path.Combine(flow.Directory, name + ".wasm");
        output ??= Encoding.UTF8.GetBytes(Report);
        var data = string.Concat(output.Select(b => $"\\{b:x2}"));
        await File.WriteAllBytesAsync(module, Wasmtime.Module.ConvertText($$"""
            (module
              (import "dsc" "output" (func $output (param i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "{{data}}")
              (func (export "dsc_abi_version") (result i32) i32.const 1)
              (func (export "dsc_run") (result i32) (call $output (i32.const 0) (i32.const {{output.Length}})) i32.const 0))
            """));
        var manifest = await flow.WriteAsync(name + "-manifest.json", new JsonObject
        {
            ["agreement"] = name,
            ["dataset"] = FlowFixture.Dataset,
            ["columns"] = new JsonArray("region"),
            ["output"] = "custom",
            ["recipient"] = await File.ReadAllTextAsync(flow.DataUserKey + ".pub"),
        }.ToJsonString());
        var submitted = await flow.Operator("job", "submit", "--module", module, "--source", flow.Source, "--manifest", manifest);
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
