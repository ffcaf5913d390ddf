using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Api;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Envelope;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// Hostile jobs that signal through how their run ends (issue 13, item 5), run through the real executor, lifecycle,
/// log and store: the operator and the data user see no number or text the job chose, the log holds nothing an attacker
/// can match against candidate values, the rows processed are the dataset's, and the model is the manifest's.
/// </summary>
public sealed class JobSideChannelTests
{
    private static byte[] Attack(string name) =>
        Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Attacks", name + ".wat")));

    private static async Task<(Job Job, byte[] Module)> StartedAsync(LifecycleHarness harness, string id, string attack, string? manifestJson = null)
    {
        var module = Attack(attack);
        var job = await harness.SubmitAsync(id, preApproved: true, module, manifestJson);
        var started = await harness.Lifecycle.StartAsync(job, CancellationToken.None);
        Assert.True(started.Made);
        return (started.Job!, module);
    }

    /// <summary>Every string of every log entry: what anyone who reads or exports the log gets.</summary>
    private static List<string> LogStrings(LifecycleHarness harness) =>
        [.. harness.Entries().SelectMany(e => new[] { e.Actor, e.Action, e.Resource, e.Decision ?? "", e.Signature ?? "" }
            .Concat(e.Details?.Keys ?? []).Concat(e.Details?.Values ?? []).Concat(e.Digests?.Keys ?? []).Concat(e.Digests?.Values ?? []))];

    /// <summary>What the operator and the data user get from <c>GET /api/v1/jobs/{id}</c>.</summary>
    private static string VisibleView(Job job) => JsonSerializer.Serialize(JobsApi.View(job));

    [Fact]
    public async Task RunAsync_JobReturningAValueItRead_OperatorAndDataUserSeeNothingOfIt()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var (job, _) = await StartedAsync(harness, "j-code", "return-code");
        var execution = await JobExecutions.BuildAsync(harness.Store, harness.Sandbox, job, harness.Agreement with { PolicyJson = ExactPolicy }, harness.DatasetSources, CancellationToken.None);

        using (execution.Data)
        {
            await harness.Executor.RunAsync(execution, CancellationToken.None);
        }

        var stored = (await harness.Store.GetJobAsync("j-code", CancellationToken.None))!;
        Assert.Equal((JobState.Failed, JobReasons.JobError), (stored.State, stored.Reason));
        Assert.DoesNotContain("397263", VisibleView(stored), StringComparison.Ordinal);
        Assert.DoesNotContain(LogStrings(harness), s => s.Contains("397263", StringComparison.Ordinal));
        var held = (await harness.Store.GetHeldDetailAsync("j-code", CancellationToken.None))!;
        Assert.Contains("dsc_run returned 397263", held.Text, StringComparison.Ordinal);
        var fail = Assert.Single(harness.Entries(), e => e.Action == "job.fail");
        Assert.True(held.Binds(fail.Digests!["detail"]));
    }

    [Fact]
    public async Task RunAsync_ErrorMessageOneOfAMillionCandidates_TheLogHoldsNothingToMatchAndTheSupplierReadsIt()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var (job, module) = await StartedAsync(harness, "j-message", "error-message");

        await harness.Executor.RunAsync(harness.Execution(job, ExactPolicy, module: module), CancellationToken.None);

        // The attacker hashes every candidate message and looks for any of them anywhere in the log.
        var logged = LogStrings(harness).Select(s => s.StartsWith("sha256:", StringComparison.Ordinal) ? s["sha256:".Length..] : s).ToHashSet(StringComparer.Ordinal);
        var hash = new byte[32];
        var matches = new List<string>();
        for (var value = 0; value < 1_000_000; value++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"target income {value:D6}");
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate), hash);
            if (logged.Contains(Convert.ToHexStringLower(hash)))
            {
                matches.Add(candidate);
            }
        }

        Assert.Empty(matches);
        Assert.DoesNotContain(LogStrings(harness), s => s.Contains("397263", StringComparison.Ordinal));
        var stored = (await harness.Store.GetJobAsync("j-message", CancellationToken.None))!;
        Assert.Equal(JobReasons.JobError, stored.Reason);
        Assert.DoesNotContain("397263", VisibleView(stored), StringComparison.Ordinal);
        var held = (await harness.Store.GetHeldDetailAsync("j-message", CancellationToken.None))!;
        Assert.Contains("message from the job (dsc_error): target income 397263", held.Text, StringComparison.Ordinal);
        Assert.True(held.Binds(Assert.Single(harness.Entries(), e => e.Action == "job.fail").Digests!["detail"]));
    }

    [Fact]
    public async Task RunAsync_JobPullingOneBatchOfSeveral_RowsProcessedAreTheDatasetsRows()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var (job, module) = await StartedAsync(harness, "j-batch", "one-batch");
        const int rows = 70_000; // more than one batch of 65,536
        var csv = Path.Combine(Path.GetDirectoryName(harness.CsvPath)!, "big.csv");
        var text = new StringBuilder("region,income,tax\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{11 + (i % 4)},{1000 + i}.25,{100 + (i % 7)}.5\n");
        }

        await File.WriteAllTextAsync(csv, text.ToString());

        var end = await harness.Executor.RunAsync(harness.Execution(job, ExactPolicy, DataSources.Open(csv), module) with { DatasetRows = rows }, CancellationToken.None);

        Assert.Equal(JobState.Released, end.Job?.State);
        Assert.Equal(rows, (await harness.Store.GetJobAsync("j-batch", CancellationToken.None))!.RowsProcessed);
    }

    [Fact]
    public async Task RunAsync_JobAskingForAColumnTheDatasetLacks_LogsTheDenyWithNeitherTheNameNorItsDigest()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var name = "income of 310000007";
        var module = Wasmtime.Module.ConvertText($$"""
            (module
              (import "dsc" "column_index" (func $column_index (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "{{name}}")
              (func (export "dsc_abi_version") (result i32) (i32.const 1))
              (func (export "dsc_run") (result i32) (drop (call $column_index (i32.const 16) (i32.const {{name.Length}}))) (i32.const 0)))
            """);
        var job = await harness.SubmitAsync("j-column", preApproved: true, module);
        job = (await harness.Lifecycle.StartAsync(job, CancellationToken.None)).Job!;

        await harness.Executor.RunAsync(harness.Execution(job, ExactPolicy, module: module), CancellationToken.None);

        var deny = Assert.Single(harness.Entries(), e => e.Action == "dataset.read" && e.Decision == "deny");
        Assert.Equal("(not a column of the dataset)", deny.Details!["column"]);
        Assert.Null(deny.Digests);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        Assert.DoesNotContain(LogStrings(harness), s => s.Contains(digest, StringComparison.Ordinal) || s.Contains(name, StringComparison.Ordinal));
        Assert.Equal(JobReasons.Violation, (await harness.Store.GetJobAsync("j-column", CancellationToken.None))!.Reason);
        Assert.Contains("column asked for and denied: " + name, (await harness.Store.GetHeldDetailAsync("j-column", CancellationToken.None))!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train-other-trainer")]
    [InlineData("train-reordered-features")]
    public async Task RunAsync_TrainAskingForAnotherModelThanTheManifestDeclares_FailsWithTheFixedReason(string attack)
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var (job, module) = await StartedAsync(harness, "j-model", attack, ModelManifest(harness));

        var end = await harness.Executor.RunAsync(harness.Execution(job, ModelPolicy, module: module), CancellationToken.None);

        Assert.Equal((JobState.Failed, JobReasons.ModelMismatch), (end.Job?.State, end.Job?.Reason));
        Assert.Null(await harness.Store.GetResultAsync("j-model", CancellationToken.None));
        Assert.Contains("the approved manifest declares {\"trainer\":\"linear-regression\",\"label\":\"tax\",\"features\":[\"income\",\"region\"]}",
            (await harness.Store.GetHeldDetailAsync("j-model", CancellationToken.None))!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TrainAskingForTheDeclaredModel_ReleasesAModelThatStatesTheDeclaredSpec()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var (job, module) = await StartedAsync(harness, "j-model", "train-declared", ModelManifest(harness));

        var end = await harness.Executor.RunAsync(harness.Execution(job, ModelPolicy, module: module), CancellationToken.None);

        Assert.True(end.Job?.State == JobState.Released, end.Job?.Reason);
        var result = (await harness.Store.GetResultAsync("j-model", CancellationToken.None))!;
        using var document = JsonDocument.Parse(Envelopes.Open(harness.DataUserKey, "j-model", SealedEnvelope.Parse(result.Envelope.ToArray())));
        var model = document.RootElement.GetProperty("model");
        Assert.Equal(("LinearRegression", "tax"), (model.GetProperty("Trainer").GetString(), model.GetProperty("Label").GetString()));
        Assert.Equal(["income", "region"], model.GetProperty("Features").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Binding_IsAKeyedHmacUnderARandomKey_NeverTheTextsDigest()
    {
        var first = HeldDetail.Create("j", "target income 397263", DateTimeOffset.UnixEpoch);
        var second = HeldDetail.Create("j", "target income 397263", DateTimeOffset.UnixEpoch);

        Assert.NotEqual(first.Binding, second.Binding);
        Assert.Equal(HeldDetail.BindingPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(first.Key.Span, "target income 397263"u8)), first.Binding);
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData("target income 397263"u8)), first.Binding, StringComparison.Ordinal);
        Assert.True(first.Binds(first.Binding));
        Assert.False(first.Binds(second.Binding));
    }

    /// <summary>A model manifest declaring a linear regression of tax on income and region.</summary>
    private static string ModelManifest(LifecycleHarness harness) => JsonSerializer.Serialize(new
    {
        agreement = "a-1",
        dataset = LifecycleHarness.Dataset,
        columns = new[] { "region", "income", "tax" },
        output = "model",
        recipient = harness.DataUserKey.PublicKey.ExportPem(),
        model = new { trainer = "linear-regression", label = "tax", features = new[] { "income", "region" } },
    });

    /// <summary>
    /// The harness's agreement without differential privacy: a WebAssembly module runs only under a policy that asks for
    /// no noise (docs/module-review.md), and these jobs are modules.
    /// </summary>
    internal static string ExactPolicy => LifecycleHarness.AgreementPolicy(noise: false);

    /// <summary>The same, permitting model training instead of aggregates.</summary>
    private static string ModelPolicy => ExactPolicy.Replace("dsc:computeAggregate", "dsc:trainModel", StringComparison.Ordinal);
}
