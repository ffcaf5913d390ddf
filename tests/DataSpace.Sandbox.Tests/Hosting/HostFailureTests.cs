using Apache.Arrow;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>When the host's own part fails (the data cannot be read), the job fails, the supplier gets the detail, and nothing else is hurt.</summary>
public sealed class HostFailureTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData(true, "data: /data/x.parquet: row group 2 is corrupt")]
    [InlineData(false, "the host failed: InvalidOperationException: disk went away")]
    public async Task A_data_source_failing_mid_stream_fails_the_job_with_the_detail_for_the_supplier(bool dataError, string detail)
    {
        var outcome = await fixture.Host.RunAsync(new JobRequest
        {
            JobId = "broken",
            Module = fixture.Host.LoadModule(Wat.File(Path.Combine("TestData", "attacks", "trap-mid-aggregation.wat"))),
            Data = new FailingSource(afterBatches: 2, dataError),
            Columns = ["id"],
            OutputKind = OutputKind.Aggregate,
            Vetting = new JobVetting { Measures = [new("ones", 0, 1)], GroupKeys = ["all"] },
        });

        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Equal(JobFailureKind.HostError, outcome.Failure);
        Assert.Equal(JobReasons.HostError, outcome.Reason);
        Assert.Equal(detail, outcome.Detail);
        Assert.Equal(2, outcome.Statistics.Batches);
        Assert.Null(outcome.Aggregate);
    }

    [Fact]
    public async Task Disposing_the_host_cancels_running_jobs_first()
    {
        var host = new SandboxHost(new SandboxOptions { ConsumeFuel = false });
        var running = host.RunAsync(new JobRequest
        {
            JobId = "loop",
            Module = host.LoadModule(Wat.File(Path.Combine("TestData", "attacks", "infinite-loop.wat"))),
            Data = Samples.TaxData(10),
            Columns = ["region"],
            OutputKind = OutputKind.Aggregate,
        });
        await Task.Delay(100);

        host.Dispose();

        var outcome = await running;
        Assert.Equal(JobFailureKind.Cancelled, outcome.Failure);
        Assert.Throws<ObjectDisposedException>(() => host.LoadModule(Wat.Job("", "i32.const 0")));
    }

    private sealed class FailingSource(int afterBatches, bool dataError) : IDataSource
    {
        public DatasetSchema Schema { get; } = new([new ColumnSchema("id", ColumnType.Int64, false)]);

        public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
        {
            var schema = new Schema.Builder().Field(f => f.Name("id").DataType(Apache.Arrow.Types.Int64Type.Default)).Build();
            for (var i = 0; i < afterBatches; i++)
            {
                yield return new RecordBatch(schema, [new Int64Array.Builder().AppendRange([1, 2, 3]).Build()], 3);
            }

            throw dataError
                ? new DataSourceException("/data/x.parquet: row group 2 is corrupt")
                : new InvalidOperationException("disk went away");
        }

        public void Dispose()
        {
        }
    }
}
