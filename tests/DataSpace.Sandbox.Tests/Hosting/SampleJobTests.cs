using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Models;
using DataSpace.Sandbox.Tests.Support;
using DataSpace.Sandbox.Vetting;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>The committed sample jobs, end to end through the real Wasmtime host and the real vetting.</summary>
public sealed class SampleJobTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private Task<JobOutcome> Run(byte[] wasm, OutputKind kind, IReadOnlyList<string> columns, int rows = 2_000, JobVetting? vetting = null) =>
        fixture.Host.RunAsync(new JobRequest
        {
            JobId = "sample",
            Module = fixture.Host.LoadModule(wasm),
            Data = Samples.TaxData(rows),
            Columns = columns,
            OutputKind = kind,
            Limits = new JobLimits { BatchRows = 512 },
            Vetting = vetting ?? new JobVetting { IdentifyingColumns = ["taxpayer_id"] },
        });

    /// <summary>The model train-model asks for, as its manifest declares it.</summary>
    private static readonly ModelSpec Declared = new() { Trainer = ModelTrainerKind.LinearRegression, Label = "tax", Features = ["income", "employees"] };

    private static JobVetting ModelVetting(ModelSpec? model = null) => new() { Model = model ?? Declared };

    [Fact]
    public async Task Train_model_releases_only_parameters_and_metrics()
    {
        var outcome = await Run(Samples.Module("train-model"), OutputKind.Model, ["income", "tax", "employees"], vetting: ModelVetting());

        Assert.Equal(JobStatus.Released, outcome.Status);
        var model = Assert.IsType<ModelResult>(outcome.Model);
        Assert.Equal(ModelTrainerKind.LinearRegression, model.Trainer);
        Assert.Equal(["income", "employees"], model.Features);
        Assert.Equal("tax", model.Label);
        Assert.InRange(model.Weights[0], 0.099, 0.101);
        Assert.InRange(model.Weights[1], 195, 205);
        Assert.True(model.Metrics["r2"] > 0.99, $"R² {model.Metrics["r2"]}");
        Assert.Null(outcome.Aggregate);
        Assert.Null(outcome.CustomOutput);
    }

    [Fact]
    public async Task A_model_on_too_few_rows_is_refused()
    {
        var outcome = await Run(Samples.Module("train-model"), OutputKind.Model, ["income", "tax", "employees"], rows: 60, vetting: ModelVetting());

        Assert.Equal(JobStatus.Refused, outcome.Status);
        Assert.Contains("at least 100", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Model);
    }

    [Fact]
    public async Task A_declared_model_over_a_column_not_granted_is_a_bad_request()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Run(Samples.Module("train-model"), OutputKind.Model, ["income", "tax"], vetting: ModelVetting()));

        Assert.Contains("'employees' is not among the granted columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_job_without_a_declared_model_is_a_bad_request()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Run(Samples.Module("train-model"), OutputKind.Model, ["income", "tax", "employees"]));

        Assert.Contains("declares", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_job_that_never_asks_for_a_model_fails()
    {
        var outcome = await Run(Wat.Job("", "i32.const 0"), OutputKind.Model, ["income", "tax"],
            vetting: ModelVetting(new ModelSpec { Trainer = ModelTrainerKind.LinearRegression, Label = "tax", Features = ["income"] }));

        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("must call train", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_report_passes_the_leak_check_and_waits_for_review()
    {
        var outcome = await Run(Samples.Module("custom-report"), OutputKind.Custom, ["region"]);

        Assert.Equal(JobStatus.PendingReview, outcome.Status);
        var text = System.Text.Encoding.UTF8.GetString(outcome.CustomOutput!.Value.Span);
        Assert.Contains("region 11", text, StringComparison.Ordinal);
        Assert.True(Assert.IsType<CustomOutputVerdict>(outcome.LeakCheck).Passed);
    }

    [Fact]
    public async Task Custom_output_with_identifying_values_is_refused_and_not_kept()
    {
        // Copies the first batch of taxpayer ids (offsets and bytes) straight into its output.
        var leak = Wat.Job(
            """
            (import "dsc" "column_index" (func $index (param i32 i32) (result i32)))
            (import "dsc" "next_batch" (func $next (result i32)))
            (import "dsc" "read_column" (func $read (param i32 i32 i32) (result i32)))
            (import "dsc" "output" (func $output (param i32 i32)))
            """,
            """
            (local $col i32) (local $size i32)
            (local.set $col (call $index (i32.const 0) (i32.const 11)))
            (drop (call $next))
            (local.set $size (call $read (local.get $col) (i32.const 1024) (i32.const 60000)))
            (call $output (i32.const 1024) (local.get $size))
            i32.const 0
            """,
            """(data (i32.const 0) "taxpayer_id")""");

        var outcome = await Run(leak, OutputKind.Custom, ["taxpayer_id", "region"]);

        Assert.Equal(JobStatus.Refused, outcome.Status);
        Assert.Equal(JobReasons.CustomOutputRefused, outcome.Reason);
        Assert.Contains("identifying column 'taxpayer_id'", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(outcome.CustomOutput);
        Assert.False(outcome.LeakCheck!.Passed);
        Assert.DoesNotContain("TP-", outcome.Reason, StringComparison.Ordinal);
    }
}
