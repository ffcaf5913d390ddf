using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Models;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>
/// Hostile jobs that try to signal through how their run ends (issue 13, item 5): the reason the operator and the data
/// user see is fixed by the kind of end, whatever the job returned, wrote, trapped on or asked for; what it chose is in
/// the outcome's detail and message, for the supplier; a model job cannot choose its model at run time.
/// </summary>
public sealed class SideChannelTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    /// <summary>The model the train attacks' manifest declares.</summary>
    private static readonly ModelSpec Declared = new() { Trainer = ModelTrainerKind.LinearRegression, Label = "tax", Features = ["income", "region"] };

    private Task<JobOutcome> Run(byte[] module, OutputKind kind = OutputKind.Aggregate) => fixture.Host.RunAsync(new JobRequest
    {
        JobId = "side-channel",
        Module = fixture.Host.LoadModule(module),
        Data = Samples.TaxData(2_000),
        Columns = ["region", "income", "tax"],
        OutputKind = kind,
        Limits = new JobLimits { BatchRows = 512 },
        Vetting = new JobVetting { Model = kind == OutputKind.Model ? Declared : null },
    });

    private static byte[] Attack(string name) => Wat.File(Path.Combine("TestData", "attacks", name + ".wat"));

    [Fact]
    public async Task Run_JobReturningAValueItRead_ReasonIsFixedAndTheCodeIsHeldForTheSupplier()
    {
        var outcome = await Run(Attack("return-code"));

        Assert.Equal((JobStatus.Failed, JobFailureKind.JobError), (outcome.Status, outcome.Failure));
        Assert.Equal(JobReasons.JobError, outcome.Reason);
        Assert.DoesNotContain("397263", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("dsc_run returned 397263", outcome.Detail);
    }

    [Fact]
    public async Task Run_JobWritingAValueIntoItsErrorMessage_MessageIsOnlyForTheSupplier()
    {
        var outcome = await Run(Attack("error-message"));

        Assert.Equal(JobFailureKind.JobError, outcome.Failure);
        Assert.Equal(JobReasons.JobError, outcome.Reason);
        Assert.Equal("target income 397263", outcome.JobMessage);
        Assert.DoesNotContain("397263", outcome.Reason + outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public async Task Run_AnyNonZeroReturn_GivesTheSameReason(int code)
    {
        var outcome = await Run(Wat.Job("", $"i32.const {code}"));

        Assert.Equal(code == 0 ? JobStatus.Released : JobStatus.Failed, outcome.Status);
        Assert.Equal(code == 0 ? null : JobReasons.JobError, outcome.Reason);
    }

    [Theory]
    [InlineData("unreachable")]
    [InlineData("i32.const 1 i32.const 0 i32.div_s drop i32.const 0")]
    [InlineData("i32.const 1 i32.const 0 i32.rem_u drop i32.const 0")]
    [InlineData("i32.const -1 i32.load drop i32.const 0")]
    [InlineData("f64.const nan i32.trunc_f64_s drop i32.const 0")]
    public async Task Run_WhicheverTrapTheJobChooses_TheReasonIsTheSame(string body)
    {
        var outcome = await Run(Wat.Job("", body));

        Assert.Equal(JobFailureKind.Trap, outcome.Failure);
        Assert.Equal(JobReasons.Trap, outcome.Reason);
        Assert.StartsWith("the job trapped: ", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""(import "dsc" "column_index" (func $f (param i32 i32) (result i32)))""", "i32.const 0 i32.const 6 call $f drop i32.const 0", "column_index")]
    [InlineData("""(import "dsc" "column_type" (func $f (param i32) (result i32)))""", "i32.const 97 call $f drop i32.const 0", "column_type")]
    [InlineData("""(import "dsc" "column_size" (func $f (param i32) (result i32)))""", "i32.const 0 call $f drop i32.const 0", "column_size")]
    [InlineData("""(import "dsc" "output" (func $f (param i32 i32)))""", "i32.const 0 i32.const 1 call $f i32.const 0", "output")]
    [InlineData("""(import "dsc" "train" (func $f (param i32 i32)))""", "i32.const 0 i32.const 1 call $f i32.const 0", "train")]
    public async Task Run_WhicheverCallTheJobBreaksARuleIn_TheReasonIsTheSame(string import, string body, string call)
    {
        var outcome = await Run(Wat.Job(import, body, """(data (i32.const 0) "secret")"""));

        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Equal(JobReasons.Violation, outcome.Reason);
        Assert.StartsWith(call + ": ", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JobPullingOneBatchOfFour_ReleasesTheDatasetsRowsAsItsTotal()
    {
        var outcome = await Run(Attack("one-batch"));

        Assert.Equal(JobStatus.Released, outcome.Status);
        Assert.Equal((512L, 1), (outcome.Statistics.RowsRead, outcome.Statistics.Batches));
        Assert.Equal(2_000, outcome.Aggregate!.TotalRows);
    }

    [Theory]
    [InlineData("train-other-trainer", "logistic-regression")]
    [InlineData("train-reordered-features", "[\"region\",\"income\"]")]
    public async Task Run_TrainAskingForAnotherModelThanDeclared_FailsWithTheFixedReasonAndTrainsNothing(string attack, string asked)
    {
        var outcome = await Run(Attack(attack), OutputKind.Model);

        Assert.Equal((JobStatus.Failed, JobFailureKind.ModelMismatch), (outcome.Status, outcome.Failure));
        Assert.Equal(JobReasons.ModelMismatch, outcome.Reason);
        Assert.Contains(asked, outcome.Detail, StringComparison.Ordinal);
        Assert.Null(outcome.Model);
    }

    [Fact]
    public async Task Run_TrainAskingForTheDeclaredModel_ReleasesItStatingTheDeclaredSpec()
    {
        var outcome = await Run(Attack("train-declared"), OutputKind.Model);

        Assert.Equal(JobStatus.Released, outcome.Status);
        var model = Assert.IsType<ModelResult>(outcome.Model);
        Assert.Equal((ModelTrainerKind.LinearRegression, "tax", (int?)null), (model.Trainer, model.Label, model.Clusters));
        Assert.Equal(["income", "region"], model.Features);
    }

    [Fact]
    public void Failures_OneFixedReasonPerKind_NamingOnlyHostLimits()
    {
        var limits = new JobLimits { Fuel = 1_000, WallTime = TimeSpan.FromSeconds(2) };

        var reasons = JobReasons.Failures(limits);

        Assert.Equal(Enum.GetValues<JobFailureKind>().Length, reasons.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("the job used up its CPU budget of 1,000 fuel", reasons);
        Assert.Contains("the job ran longer than its wall-time limit of 2 s", reasons);
    }
}
