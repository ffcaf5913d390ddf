using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Jobs;

/// <summary>
/// <c>dsc job verify-build</c> with the real pinned toolchain (docs/module-review.md): the supplier rebuilds a module job's
/// source with the SDK's dsc-cc, as samples/build.sh does, and approves only what reproduces. These tests need the wasm
/// toolchain (CI installs it through samples/build.sh) and fail, saying so, where it is missing: never skipped.
/// </summary>
public sealed class JobVerifyBuildTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    private static readonly string Jobs = Path.Combine(AppContext.BaseDirectory, "Samples", "jobs");

    private static string ReportModule => Path.Combine(Jobs, "custom-report.wasm");

    private static string ReportSource => Path.Combine(Jobs, "custom-report.c");

    /// <summary>The digest samples/jobs/SHA256SUMS records for custom-report.wasm, as the connector writes digests.</summary>
    private static string CommittedReportDigest =>
        "sha256:" + File.ReadAllLines(Path.Combine(Jobs, "SHA256SUMS")).Single(l => l.EndsWith("custom-report/custom-report.wasm", StringComparison.Ordinal))[..64];

    [Fact]
    public async Task VerifyBuild_CustomReportSampleWithItsSource_ReproducesItsCommittedDigestThenIsApprovedAndRuns()
    {
        RequirePinnedToolchain();
        var manifest = await RegionsAgreementAsync("report-ok");
        var submitted = await flow.Operator("job", "submit", "--module", ReportModule, "--source", ReportSource, "--manifest", manifest, "--json");
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.Output + submitted.Error);
        var job = FlowFixture.Json(submitted).GetProperty("id").GetString()!;
        Assert.Equal(CommittedReportDigest, FlowFixture.Json(submitted).GetProperty("moduleDigest").GetString());

        var verified = await flow.Supplier("job", "verify-build", job);
        var json = FlowFixture.Json(await flow.Supplier("job", "verify-build", job, "--json"));

        Assert.True(verified.ExitCode == ExitCodes.Ok, verified.Output + verified.Error);
        Assert.Contains("match: the source builds to exactly the submitted module", verified.Output, StringComparison.Ordinal);
        Assert.Contains("toolchain: Debian clang version 14.0.6 (pinned)", verified.Output, StringComparison.Ordinal);
        Assert.Equal((CommittedReportDigest, true), (json.GetProperty("rebuiltDigest").GetString(), json.GetProperty("match").GetBoolean()));
        Assert.Equal(SourceDigest(File.ReadAllBytes(ReportSource)), json.GetProperty("sourceDigest").GetString());

        var approved = await flow.Supplier("job", "approve", job, "--json");
        Assert.True(approved.ExitCode == ExitCodes.Ok, approved.Output + approved.Error);
        var held = await WaitAsync(job, "PendingReview");
        Assert.True(held == "PendingReview", $"{held}: {(await flow.Supplier("job", "details", job)).Output}");
        var review = await flow.Supplier("job", "review", job);
        Assert.Contains("rows per region", review.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("job", "review", job, "--release")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Operator("job", "wait", job, "--timeout", "30")).ExitCode);
    }

    [Fact]
    public async Task VerifyBuild_SourceThatIsNotTheModules_ReportsTheMismatchWithExitOne()
    {
        RequirePinnedToolchain();
        var manifest = await RegionsAgreementAsync("report-other");
        var other = await flow.WriteAsync("custom-report-other.c",
            (await File.ReadAllTextAsync(ReportSource)).Replace("#define MIN_COUNT 10", "#define MIN_COUNT 1 ", StringComparison.Ordinal));
        var submitted = await flow.Operator("job", "submit", "--module", ReportModule, "--source", other, "--manifest", manifest, "--json");
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.Output + submitted.Error);
        var job = FlowFixture.Json(submitted).GetProperty("id").GetString()!;

        var verified = await flow.Supplier("job", "verify-build", job);

        Assert.Equal(ExitCodes.VerificationFailed, verified.ExitCode);
        Assert.Contains("MISMATCH: the source does not build to the submitted module", verified.Output, StringComparison.Ordinal);
        Assert.Contains($"not to the submitted module {CommittedReportDigest}; do not approve it", verified.Error, StringComparison.Ordinal);
        Assert.Equal("Submitted", FlowFixture.Json(await flow.Supplier("job", "status", job, "--json")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task VerifyBuild_SourceThatDoesNotCompile_ReportsItWithTheCompilersMessagesEscaped()
    {
        RequirePinnedToolchain();
        var manifest = await RegionsAgreementAsync("report-broken");
        var broken = await flow.WriteAsync("broken.c", "#include \"dsc_util.h\"\nint32_t dsc_run(void) { return missing_name; }\n");
        var job = FlowFixture.Json(await flow.Operator("job", "submit", "--module", ReportModule, "--source", broken, "--manifest", manifest, "--json")).GetProperty("id").GetString()!;

        var verified = await flow.Supplier("job", "verify-build", job);

        Assert.Equal(ExitCodes.VerificationFailed, verified.ExitCode);
        Assert.Contains("missing_name", verified.Output, StringComparison.Ordinal);
        Assert.Contains("rebuilt module:   (the source did not build)", verified.Output, StringComparison.Ordinal);
        Assert.Contains("its source does not build with the pinned toolchain; do not approve it", verified.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', verified.Output);
    }

    [Fact]
    public async Task VerifyBuild_AnotherCompilerVersion_RefusesToJudgeWithExitSeven()
    {
        RequirePinnedToolchain();
        var manifest = await RegionsAgreementAsync("report-clang");
        var job = FlowFixture.Json(await flow.Operator("job", "submit", "--module", ReportModule, "--source", ReportSource, "--manifest", manifest, "--json")).GetProperty("id").GetString()!;
        var fake = await flow.WriteAsync("fake-clang", "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then echo \"Ubuntu clang version 18.1.3\"; exit 0; fi\nexec clang \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        CliResult verified;
        using (new EnvironmentVariables(("CLANG", fake)))
        {
            verified = await flow.Supplier("job", "verify-build", job);
        }

        Assert.Equal(ExitCodes.ToolchainUnavailable, verified.ExitCode);
        Assert.Contains("the compiler found is 'Ubuntu clang version 18.1.3', not the pinned 'Debian clang version 14.0.6'", verified.Error, StringComparison.Ordinal);
        Assert.Equal("", verified.Output);
    }

    [Fact]
    public async Task VerifyBuild_NoSdkThere_ExitsSevenNamingIt()
    {
        var empty = Directory.CreateTempSubdirectory("dsc-no-sdk-").FullName;
        try
        {
            var verified = await flow.Supplier("job", "verify-build", "job-000000000000000000000000", "--sdk", empty);

            Assert.Equal(ExitCodes.ToolchainUnavailable, verified.ExitCode);
            Assert.Contains($"{empty} is not the job SDK: it has no dsc-cc", verified.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task JobSource_Supplier_ReadsTheSourceEscapedOrSavesItExactly_AndTheOperatorCannot()
    {
        var manifest = await RegionsAgreementAsync("report-source");
        var job = FlowFixture.Json(await flow.Operator("job", "submit", "--module", ReportModule, "--source", ReportSource, "--manifest", manifest, "--json")).GetProperty("id").GetString()!;
        var saved = Path.Combine(flow.Directory, "report-source-saved.c");

        var shown = await flow.Supplier("job", "source", job);
        var written = await flow.Supplier("job", "source", job, "--out", saved);
        var refused = await flow.Operator("job", "source", job);

        Assert.True(shown.ExitCode == ExitCodes.Ok, shown.Output + shown.Error);
        Assert.Contains($"module {CommittedReportDigest}, source {SourceDigest(File.ReadAllBytes(ReportSource))}", shown.Output, StringComparison.Ordinal);
        Assert.Contains("#define MIN_COUNT 10", shown.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, written.ExitCode);
        Assert.Equal(File.ReadAllBytes(ReportSource), File.ReadAllBytes(saved));
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains("403", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobSubmit_SourceWithABidiOverride_IsRefusedBeforeItIsSent()
    {
        var manifest = await RegionsAgreementAsync("report-bidi");
        var hostile = await flow.WriteAsync("bidi.c", "int32_t limit = 10; /* \u202e } \u2066 */\n");

        var submitted = await flow.Operator("job", "submit", "--module", ReportModule, "--source", hostile, "--manifest", manifest);

        Assert.Equal(ExitCodes.InputError, submitted.ExitCode);
        Assert.Contains("invisible or bidirectional characters", submitted.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fails the test, saying what to install, unless the pinned toolchain is here: verify-build cannot be tested without it,
    /// and a skipped test would hide a broken one.
    /// </summary>
    private static void RequirePinnedToolchain()
    {
        // The README's test command installs it when it can (as samples/build.sh does), so that it works on a fresh clone.
        DataSpace.Tests.Common.Prerequisites.Ensure("clang", "clang", "lld", "wasi-libc", "libclang-rt-14-dev-wasm32");
        DataSpace.Tests.Common.Prerequisites.Ensure("/usr/include/wasm32-wasi/stdint.h", "wasi-libc");
        DataSpace.Tests.Common.Prerequisites.Ensure("wasm-ld", "lld");
        var script = Path.Combine(AppContext.BaseDirectory, "sdk", "c", "dsc-cc");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--toolchain");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"dsc job verify-build is tested with the pinned wasm toolchain, which is not here ({script} --toolchain exited {process.ExitCode}: {output.Trim()}); " +
            "install it: run samples/build.sh as root (CI does), or apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32");
    }

    /// <summary>
    /// A dataset with an int32 region column (custom-report's input; CSV integers are int64, so an Arrow file), a
    /// custom-analysis offer on it, an agreement, and the manifest.
    /// </summary>
    private async Task<string> RegionsAgreementAsync(string name)
    {
        var regions = new Int32Array.Builder();
        for (var i = 0; i < 90; i++)
        {
            regions.Append(1 + (i % 3));
        }

        var batch = new RecordBatch.Builder().Append("region", false, regions.Build()).Build();
        var data = Path.Combine(flow.DatasetsDirectory, name + ".arrow");
        await using (var stream = File.Create(data))
        {
            using var writer = new ArrowFileWriter(stream, batch.Schema);
            await writer.WriteRecordBatchAsync(batch);
            await writer.WriteEndAsync();
        }

        var policy = await flow.WriteAsync(name + "-policy.json", $$"""
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
             "@type": "Offer", "uid": "urn:policy:{{name}}", "target": "{{name}}",
             "permission": [{"action": "dsc:customAnalysis", "constraint": [
               {"leftOperand": "purpose", "operator": "eq", "rightOperand": "regional-report"},
               {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region"]}]}],
             "prohibition": [{"action": "dsc:rawExport"}]}
            """);
        Require(await flow.Supplier("dataset", "add", "--id", name, "--name", "Regions " + name, "--file", data, "--classification", "1"));
        Require(await flow.Supplier("offer", "add", "--id", name, "--dataset", name, "--policy", policy));
        Require(await flow.Operator("agreement", "request", "--id", name, "--offer", name, "--purpose", "regional-report", "--days", "5"));
        return await flow.WriteAsync(name + "-manifest.json", new JsonObject
        {
            ["agreement"] = name,
            ["dataset"] = name,
            ["columns"] = new JsonArray("region"),
            ["output"] = "custom",
            ["recipient"] = await File.ReadAllTextAsync(flow.DataUserKey + ".pub"),
        }.ToJsonString());
    }

    private async Task<string> WaitAsync(string job, params string[] states)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var state = FlowFixture.Json(await flow.Operator("job", "status", job, "--json")).GetProperty("state").GetString()!;
            if (states.Contains(state) || state is "Failed" or "Refused" or "Released")
            {
                return state;
            }

            await Task.Delay(50);
        }

        return "(still waiting)";
    }

    private static void Require(CliResult result) => Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);

    private static string SourceDigest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
