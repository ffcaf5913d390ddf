using Apache.Arrow;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>
/// Every hostile module of TestData/attacks is contained: refused at submission, or stopped with a
/// reason, with nothing released, while the host and other jobs carry on.
/// </summary>
public sealed class AttackCorpusTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const int Rows = 1_000;

    private static MemoryDataSource Data() => new(
        ("id", new Int64Array.Builder().AppendRange(Enumerable.Range(0, Rows).Select(i => 7_000_000_000L + i)).Build()),
        ("value", new DoubleArray.Builder().AppendRange(Enumerable.Range(0, Rows).Select(i => i / 10.0)).Build()));

    private static byte[] Attack(string name) => name switch
    {
        "minimal" => Wat.File(Path.Combine("TestData", "minimal.wat")),
        _ when name.EndsWith(".wasm", StringComparison.Ordinal) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "attacks", name)),
        _ => Wat.File(Path.Combine("TestData", "attacks", name + ".wat")),
    };

    private Task<JobOutcome> Run(string attack, OutputKind kind = OutputKind.Aggregate, JobLimits? limits = null, SandboxHost? host = null)
    {
        host ??= fixture.Host;
        return host.RunAsync(new JobRequest
        {
            JobId = attack,
            Module = host.LoadModule(Attack(attack)),
            Data = Data(),
            Columns = ["id", "value"],
            OutputKind = kind,
            Limits = (limits ?? new JobLimits()) with { BatchRows = 100 },
            Vetting = Manifest,
        });
    }

    /// <summary>What the attacks' manifests would have declared, so that they get as far as they can.</summary>
    private static readonly JobVetting Manifest = new()
    {
        Measures = [new("x", 0, 1), new("id", 0, 1e12), new("ones", 0, 1)],
        GroupKeys = ["a", "all"],
        GroupKeyColumn = "id",
    };

    /// <summary>
    /// Failed for the expected reason, with nothing released: the operator's reason is the fixed one of the kind, what the
    /// job did (which rule, which trap, what it returned) is in <see cref="JobOutcome.Detail"/>, for the supplier.
    /// </summary>
    private static void AssertFailed(JobOutcome outcome, JobFailureKind kind, string reasonContains, JobLimits? limits = null)
    {
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Equal(kind, outcome.Failure);
        Assert.Equal(JobReasons.For(kind, limits ?? new JobLimits()), outcome.Reason);
        Assert.Contains(reasonContains, outcome.Detail ?? outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Aggregate);
        Assert.Null(outcome.Model);
        Assert.Null(outcome.CustomOutput);
    }

    [Fact]
    public async Task Infinite_loop_runs_out_of_fuel()
    {
        var outcome = await Run("infinite-loop", limits: new JobLimits { Fuel = 50_000_000 });
        AssertFailed(outcome, JobFailureKind.CpuLimit, "CPU budget", new JobLimits { Fuel = 50_000_000 });
    }

    [Fact]
    public async Task Infinite_loop_without_fuel_metering_hits_the_wall_time_limit()
    {
        using var host = new SandboxHost(new SandboxOptions { ConsumeFuel = false });
        var outcome = await Run("infinite-loop", limits: new JobLimits { WallTime = TimeSpan.FromMilliseconds(300) }, host: host);
        AssertFailed(outcome, JobFailureKind.WallTime, "wall-time limit", new JobLimits { WallTime = TimeSpan.FromMilliseconds(300) });
        Assert.InRange(outcome.Statistics.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancellation_stops_a_running_job()
    {
        using var host = new SandboxHost(new SandboxOptions { ConsumeFuel = false });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var outcome = await host.RunAsync(
            new JobRequest { JobId = "c", Module = host.LoadModule(Attack("infinite-loop")), Data = Data(), Columns = ["id"], OutputKind = OutputKind.Aggregate },
            cancel.Token);
        AssertFailed(outcome, JobFailureKind.Cancelled, "cancelled");
    }

    [Fact]
    public async Task Memory_bomb_is_capped_at_the_memory_limit()
    {
        var outcome = await Run("memory-bomb", limits: new JobLimits { MemoryBytes = 64L * 1024 * 1024 });

        // The job sees memory.grow fail and carries on; it never gets more than its limit and the host is fine.
        Assert.True(outcome.Status is JobStatus.Released or JobStatus.Failed, $"{outcome.Status}: {outcome.Reason}");
        Assert.Null(outcome.Model);
        var after = await Run("memory-bomb", limits: new JobLimits { MemoryBytes = 64L * 1024 * 1024 });
        Assert.Equal(outcome.Status, after.Status);
    }

    [Fact]
    public void Huge_initial_memory_is_refused_at_submission()
    {
        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.LoadModule(Attack("huge-initial-memory")));
        Assert.Contains("initial memory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_recursion_overflows_the_stack()
    {
        var outcome = await Run("deep-recursion");
        AssertFailed(outcome, JobFailureKind.StackOverflow, "stack");
    }

    [Fact]
    public async Task Huge_output_is_stopped_at_the_output_limit()
    {
        var outcome = await Run("huge-output", OutputKind.Custom, new JobLimits { OutputBytes = 512 * 1024 });
        AssertFailed(outcome, JobFailureKind.Violation, "output: the job wrote more than its limit of 524,288 bytes");
        Assert.Null(outcome.LeakCheck);
    }

    [Fact]
    public async Task Output_from_an_aggregate_job_is_refused_at_the_first_call()
    {
        var outcome = await Run("huge-output");
        AssertFailed(outcome, JobFailureKind.Violation, "only custom jobs may write output");
    }

    [Fact]
    public async Task Ungranted_column_is_denied_and_reported()
    {
        var outcome = await Run("ungranted-column");
        AssertFailed(outcome, JobFailureKind.Violation, "column_index: column 'national_id' is not granted");
        Assert.Equal(["national_id"], outcome.DeniedColumns);
        Assert.Equal(JobReasons.Violation, outcome.Reason);
    }

    [Fact]
    public async Task A_column_of_the_dataset_that_is_not_granted_is_denied_too()
    {
        var outcome = await fixture.Host.RunAsync(new JobRequest
        {
            JobId = "g",
            Module = fixture.Host.LoadModule(Attack("one-group-per-row")),
            Data = Data(),
            Columns = ["value"],
            OutputKind = OutputKind.Aggregate,
        });
        AssertFailed(outcome, JobFailureKind.Violation, "column 'id' is not granted");
    }

    [Theory]
    [InlineData("undeclared-import", "import 'dsc'.'exfiltrate' is not a function of ABI v1")]
    [InlineData("wasi-file", "import 'wasi_snapshot_preview1'.'path_open' is not allowed")]
    [InlineData("missing-run", "does not export 'dsc_run'")]
    [InlineData("malformed.wasm", "not valid WebAssembly")]
    public void Bad_modules_are_refused_at_submission(string attack, string message)
    {
        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.LoadModule(Attack(attack)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_over_the_size_limit_is_refused()
    {
        using var host = new SandboxHost(new SandboxOptions { MaxModuleBytes = 1024 });
        var padded = Wat.Compile("""
            (module (memory (export "memory") 1)
              (func (export "dsc_abi_version") (result i32) i32.const 1)
              (func (export "dsc_run") (result i32) i32.const 0)
              (data (i32.const 0) "
            """ + new string('x', 2000) + "\"))");
        var e = Assert.Throws<ModuleRejectedException>(() => host.LoadModule(padded));
        Assert.Contains("the limit is 1,024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_group_per_row_releases_nothing()
    {
        var outcome = await Run("one-group-per-row");
        Assert.Equal(JobStatus.Released, outcome.Status);
        var aggregate = Assert.IsType<DataSpace.Sandbox.Aggregation.AggregateResult>(outcome.Aggregate);
        Assert.Empty(aggregate.Groups);
        Assert.Equal(Rows, aggregate.SuppressedGroups);
    }

    [Theory]
    [InlineData("nan-contribution", "NaN")]
    [InlineData("infinity-contribution", "nfinit")]
    public async Task Non_finite_contributions_stop_the_job(string attack, string message)
    {
        var outcome = await Run(attack);
        AssertFailed(outcome, JobFailureKind.Violation, message);
        Assert.StartsWith("contribute: ", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(message, outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trap_in_the_middle_of_aggregation_releases_nothing()
    {
        var outcome = await Run("trap-mid-aggregation");
        AssertFailed(outcome, JobFailureKind.Trap, "unreachable");
        Assert.True(outcome.Statistics.Batches >= 3);
    }

    [Fact]
    public async Task A_module_of_another_abi_version_never_runs()
    {
        var outcome = await Run("bad-abi-version");
        AssertFailed(outcome, JobFailureKind.AbiVersion, "ABI version 2");
        Assert.Equal(0, outcome.Statistics.HostCalls);
    }

    [Fact]
    public async Task A_host_call_flood_is_stopped()
    {
        var outcome = await Run("host-call-flood", limits: new JobLimits { HostCalls = 1_000_000 });
        AssertFailed(outcome, JobFailureKind.Violation, "more than its limit of 1,000,000 host calls");
    }

    [Fact]
    public async Task An_out_of_bounds_buffer_is_refused_without_wrapping()
    {
        var outcome = await Run("out-of-bounds-buffer");
        AssertFailed(outcome, JobFailureKind.Violation, "read_column: buffer [4294967040, 4294967552) lies outside");
    }

    [Fact]
    public void A_table_bomb_is_refused_at_submission()
    {
        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(Attack("table-bomb")));
        Assert.Equal("module asks for a table of 1,000,000,000 elements; the limit is 10,000", e.Message);
    }

    [Fact]
    public async Task A_table_over_the_jobs_own_limit_cannot_instantiate()
    {
        var limits = new JobLimits { TableElements = 10 };
        var outcome = await fixture.Host.RunAsync(new JobRequest
        {
            JobId = "table",
            Module = fixture.Host.LoadModule(Wat.Compile("""
                (module (table 100 funcref) (memory (export "memory") 1)
                  (func (export "dsc_abi_version") (result i32) (i32.const 1))
                  (func (export "dsc_run") (result i32) (i32.const 0)))
                """)),
            Data = Data(),
            Columns = ["id"],
            OutputKind = OutputKind.Aggregate,
            Limits = limits,
        });
        AssertFailed(outcome, JobFailureKind.Instantiation, "could not start", limits);
    }

    [Fact]
    public async Task A_start_function_that_loops_is_stopped()
    {
        var outcome = await Run("start-loop", limits: new JobLimits { Fuel = 50_000_000 });
        AssertFailed(outcome, JobFailureKind.CpuLimit, "CPU budget", new JobLimits { Fuel = 50_000_000 });
    }

    [Fact]
    public async Task Hostile_jobs_in_parallel_do_not_disturb_a_good_one()
    {
        var limits = new JobLimits { Fuel = 2_000_000_000 };
        var attacks = new[] { "infinite-loop", "deep-recursion", "memory-bomb", "trap-mid-aggregation", "host-call-flood" }
            .Select(a => Run(a, limits: limits)).ToList();
        var good = Run("minimal");
        var outcomes = await Task.WhenAll(attacks);
        Assert.All(outcomes.Where(o => o.JobId != "memory-bomb"), o => Assert.Equal(JobStatus.Failed, o.Status));
        var ok = await good;
        Assert.Equal(JobStatus.Released, ok.Status);
    }
}
