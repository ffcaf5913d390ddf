using Apache.Arrow;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Hosting;

public sealed class SmokeTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static MemoryDataSource Data() => new(
        ("region", new Int32Array.Builder().AppendRange(Enumerable.Range(0, 1000).Select(i => i % 3)).Build()),
        ("income", new DoubleArray.Builder().AppendRange(Enumerable.Range(0, 1000).Select(i => (double)i)).Build()),
        ("secret", new Int64Array.Builder().AppendRange(Enumerable.Range(0, 1000).Select(i => 1_000_000L + i)).Build()));

    private Task<JobOutcome> Run(byte[] wasm, OutputKind kind = OutputKind.Aggregate, JobLimits? limits = null) =>
        fixture.Host.RunAsync(new JobRequest
        {
            JobId = "t",
            Module = fixture.Host.LoadModule(wasm),
            Data = Data(),
            Columns = ["region", "income"],
            OutputKind = kind,
            Limits = limits,
        });

    [Fact]
    public async Task Loop_runs_out_of_fuel()
    {
        var outcome = await Run(Wat.Job("", "(loop $l br $l) i32.const 0"), limits: new JobLimits { Fuel = 10_000_000 });
        Assert.Equal(JobFailureKind.CpuLimit, outcome.Failure);
    }

    [Fact]
    public async Task Ungranted_column_is_denied()
    {
        var outcome = await Run(Wat.Job(
            """(import "dsc" "column_index" (func $ci (param i32 i32) (result i32)))""",
            "i32.const 0 i32.const 6 call $ci drop i32.const 0",
            """(data (i32.const 0) "secret")"""));
        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("'secret' is not granted", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(["secret"], outcome.DeniedColumns);
    }

    [Fact]
    public void Wasi_import_is_refused()
    {
        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.LoadModule(Wat.Job(
            """(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))""", "i32.const 0")));
        Assert.Contains("'wasi_snapshot_preview1'.'fd_write'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recursion_overflows_the_stack()
    {
        var outcome = await Run(Wat.Job("", "call $r i32.const 0", "(func $r call $r)"));
        Assert.Equal(JobFailureKind.StackOverflow, outcome.Failure);
    }

    [Fact]
    public async Task Only_the_granted_columns_are_read_and_copied()
    {
        // Reads every column it can name, batch after batch, into its memory.
        var reader = Wat.Job(
            """
            (import "dsc" "column_count" (func $count (result i32)))
            (import "dsc" "next_batch" (func $next (result i32)))
            (import "dsc" "read_column" (func $read (param i32 i32 i32) (result i32)))
            """,
            """
            (local $c i32)
            (block $done (loop $batch
              (br_if $done (i32.eqz (call $next)))
              (local.set $c (i32.const 0))
              (block $cols (loop $col
                (br_if $cols (i32.ge_s (local.get $c) (call $count)))
                (drop (call $read (local.get $c) (i32.const 1024) (i32.const 65536)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $col)))
              (br $batch)))
            i32.const 0
            """);
        var data = Data();
        var outcome = await fixture.Host.RunAsync(new JobRequest
        {
            JobId = "granted",
            Module = fixture.Host.LoadModule(reader),
            Data = data,
            Columns = ["income"],
            OutputKind = OutputKind.Aggregate,
            Limits = new JobLimits { BatchRows = 100 },
        });

        Assert.Equal(JobStatus.Released, outcome.Status);
        var read = Assert.Single(data.Reads);
        Assert.Equal(["income"], read);
        Assert.Equal(1000 * 8, outcome.Statistics.BytesFed);
    }
}
