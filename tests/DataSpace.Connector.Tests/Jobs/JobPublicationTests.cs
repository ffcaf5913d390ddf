using DataSpace.Connector.Hosting;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Sandbox.Data;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The publication grid (docs/connector-service.md, "Publication grid"): a job that runs long or short, as a value it
/// read says, ends visibly (state, finish time, log entry) only on the next point of the default 10-s grid counted from
/// its start, so its duration shows only as a bucket. On a fake clock: the run's duration is the time its data source
/// moves the clock on while the job reads, which stands for a job that spins that long.
/// </summary>
public sealed class JobPublicationTests
{
    private static readonly TimeSpan Grid = ConnectorJobsOptions.DefaultPublishGrid;

    [Theory]
    [InlineData(0, 0, 10)]
    [InlineData(0, 1, 10)]
    [InlineData(0, 9_999, 10)]
    [InlineData(0, 10_000, 10)]
    [InlineData(0, 10_001, 20)]
    [InlineData(3_000, 1, 10)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 12_345, 0)]
    public void PointAfter_IsTheFirstGridPointNotBeforeTheEnd(int startMs, int elapsedMs, int expectedSeconds)
    {
        var start = DateTimeOffset.UnixEpoch.AddMilliseconds(startMs);
        var grid = new JobPublishGrid(expectedSeconds == 0 ? TimeSpan.Zero : Grid, TimeProvider.System);

        var point = grid.PointAfter(start, start.AddMilliseconds(elapsedMs));

        Assert.Equal(expectedSeconds == 0 ? start.AddMilliseconds(elapsedMs) : start.AddSeconds(expectedSeconds), point);
    }

    /// <summary>A clock at a whole second, so that grid points survive the log's millisecond and the store's microsecond precision.</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(300, 1)]
    [InlineData(9_700, 1)]
    [InlineData(10_000, 1)]
    [InlineData(10_300, 2)]
    [InlineData(23_500, 3)]
    public async Task RunAsync_JobRunningLongOrShort_EndsVisiblyOnlyOnTheDefaultGrid(int runMs, int bucket)
    {
        var clock = Clock();
        await using var harness = await LifecycleHarness.StartAsync(time: clock, publishGrid: Grid);
        var job = (await harness.Lifecycle.StartAsync(await harness.SubmitAsync("j-grid", preApproved: true), CancellationToken.None)).Job!;
        var start = job.StartedAt!.Value;
        var point = start + (Grid * bucket);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var execution = harness.Execution(job, JobSideChannelTests.ExactPolicy, new SlowSource(DataSources.Open(harness.CsvPath), clock, TimeSpan.FromMilliseconds(runMs)))
            with { RunEnded = ran.SetResult };

        var run = harness.Executor.RunAsync(execution, CancellationToken.None);
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(start.AddMilliseconds(runMs), clock.GetUtcNow());
        if (point - clock.GetUtcNow() > TimeSpan.FromMilliseconds(1))
        {
            // Just before the grid point nothing of the end is visible yet: the job is still Running, nothing is logged.
            clock.SetUtcNow(point - TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(run, Task.Delay(300));
            Assert.False(run.IsCompleted, "the end was published before its grid point");
            Assert.Equal(JobState.Running, (await harness.Store.GetJobAsync("j-grid", CancellationToken.None))?.State);
            Assert.DoesNotContain(harness.Entries(), e => e.Action == "result.release");
            clock.SetUtcNow(point);
        }

        // Under load the executor can read the clock before the test moves it and set its timer from that older time (a
        // timer is relative): then it is due after the point. Moving the clock on within the bucket fires it too. The end
        // is published at the clock's time once the point has come, as a real clock gives the point plus the host's own
        // milliseconds: then it is some time up to where the test moved the clock, still in the point's bucket, never a
        // later one. (CI once saw the finish time at point + 9.999 s this way, after the executor had waited only to the point.)
        var latest = point;
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2))) != run)
        {
            latest = point + Grid - TimeSpan.FromMilliseconds(1);
            clock.SetUtcNow(latest);
        }

        var end = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Released, end.Job?.State);
        Assert.InRange((await harness.Store.GetJobAsync("j-grid", CancellationToken.None))!.FinishedAt!.Value, point, latest);
        Assert.InRange(harness.Entries().Single(e => e.Action == "result.release").When, point, latest);
    }

    [Fact]
    public async Task RunAsync_ConnectorStoppingWhileTheEndWaitsForTheGrid_PublishesNothingAndRecoveryFailsTheJob()
    {
        var clock = Clock();
        await using var harness = await LifecycleHarness.StartAsync(time: clock, publishGrid: Grid);
        var job = (await harness.Lifecycle.StartAsync(await harness.SubmitAsync("j-stop", preApproved: true), CancellationToken.None)).Job!;
        using var stopping = new CancellationTokenSource();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = harness.Executor.RunAsync(harness.Execution(job, JobSideChannelTests.ExactPolicy) with { RunEnded = ran.SetResult }, stopping.Token);
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(JobState.Running, (await harness.Store.GetJobAsync("j-stop", CancellationToken.None))?.State);
        Assert.DoesNotContain(harness.Entries(), e => e.Action is "result.release" or "job.fail");
        Assert.Null(await harness.Store.GetResultAsync("j-stop", CancellationToken.None));

        Assert.Equal(1, await harness.Lifecycle.RecoverAsync(CancellationToken.None));
        var recovered = (await harness.Store.GetJobAsync("j-stop", CancellationToken.None))!;
        Assert.Equal((JobState.Failed, JobLifecycle.InterruptedReason), (recovered.State, recovered.Reason));
    }

    [Fact]
    public void Options_DefaultGridIsTenSeconds_AndANegativeOneIsRefused()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new ConnectorOptions().Jobs.PublishGrid);

        var refused = new ConnectorOptionsValidator().Validate(null, new ConnectorOptions { Jobs = new ConnectorJobsOptions { PublishGrid = TimeSpan.FromSeconds(-1) } });

        Assert.Contains(refused.Failures!, f => f.StartsWith("Connector:Jobs:PublishGrid", StringComparison.Ordinal));
    }

    /// <summary>A data source whose first read takes <paramref name="duration"/> on the fake clock: a run that long.</summary>
    private sealed class SlowSource(IDataSource inner, FakeTimeProvider clock, TimeSpan duration) : IDataSource
    {
        public DatasetSchema Schema => inner.Schema;

        public IEnumerable<Apache.Arrow.RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
        {
            clock.Advance(duration);
            foreach (var batch in inner.ReadBatches(columns, maxRows, cancellationToken))
            {
                yield return batch;
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
