using DataSpace.Connector.Model;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// Every run's end is metered (docs/metering.md, "Meter record"), on the real log, store, ledger and sandbox: the entry
/// that ends it carries the published meter, the job stores it whole, and the billable rule holds: refused before
/// reading, or failed by the connector's fault, is not billable; released, or failed by the job's own doing, is.
/// Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class JobMeteringContract
{
    /// <summary>"Sqlite" or "Postgres".</summary>
    protected abstract string Engine { get; }

    private static async Task<Job> StartedAsync(LifecycleHarness harness, string id, byte[]? module = null)
    {
        var job = await harness.SubmitAsync(id, preApproved: true, module: module);
        var started = await harness.Lifecycle.StartAsync(job, CancellationToken.None);
        Assert.True(started.Made);
        return started.Job!;
    }

    private static MeterRecord Logged(LifecycleHarness harness, string action) =>
        MeterRecord.Parse(harness.Entries().Single(e => e.Action == action).Details![ResultReceipts.MeterDetail]);

    [Fact]
    public async Task Run_Released_TheReleaseEntryCarriesThePublishedMeterAndTheJobStoresItWhole()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await StartedAsync(harness, "j-m");

        await harness.Executor.RunAsync(harness.Execution(job), CancellationToken.None);

        var logged = Logged(harness, ResultReceipts.ReleaseAction);
        var stored = (await harness.Store.GetJobAsync("j-m", CancellationToken.None))!.Meter!;
        Assert.Equal(stored.Published(), logged);
        // The agreement puts no price on CPU time: the published meter bills none, and only the supplier sees the CPU time.
        Assert.Equal((MeterOutcome.Released, true, LifecycleHarness.Rows, 3L, 0L, 0m), (logged.Outcome, logged.Billable, logged.RowsRead, logged.ColumnsRead, logged.CpuSeconds, logged.Epsilon));
        var usage = stored.Usage!;
        Assert.Equal((LifecycleHarness.Rows, 4L, 0L), (usage.RowsPulled, usage.GroupsReleased, usage.ModelTrainings));
        Assert.True(usage.Fuel > 0 && usage.BytesFed > 0 && usage.OutputBytes > 0, stored.ToJson());
    }

    [Fact]
    public async Task Run_UnderAPricePerCpuSecond_BillsTheCpuTimeRoundedUpToWholeSeconds()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await StartedAsync(harness, "j-c");

        await harness.Executor.RunAsync(harness.Execution(job, CpuPriced()), CancellationToken.None);

        var logged = Logged(harness, ResultReceipts.ReleaseAction);
        var stored = (await harness.Store.GetJobAsync("j-c", CancellationToken.None))!.Meter!;
        Assert.Equal(MeterOutcome.Released, logged.Outcome);
        Assert.True(logged.CpuSeconds >= 1 && logged.CpuSeconds * 1000 >= stored.Usage!.CpuMs && (logged.CpuSeconds - 1) * 1000 <= stored.Usage.CpuMs, stored.ToJson());
    }

    /// <summary>The harness's agreement with a price of 0.0125 CNY per CPU-second (docs/metering.md, "Price profile").</summary>
    private static string CpuPriced()
    {
        var policy = System.Text.Json.Nodes.JsonNode.Parse(LifecycleHarness.AgreementPolicy())!;
        policy["permission"]![0]!["duty"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"action": "compensate", "constraint": [
              {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "0.0125", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
              {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perCpuSecond"}}]}]
            """);
        return policy.ToJsonString();
    }

    [Fact]
    public async Task Run_RefusedByThePolicyBeforeReading_IsMeteredAsNothingUsedAndNotBillable()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await StartedAsync(harness, "j-r");

        await harness.Executor.RunAsync(harness.Execution(job, LifecycleHarness.AgreementPolicy("[\"region\", \"income\"]")), CancellationToken.None);

        var expected = new MeterRecord { Outcome = MeterOutcome.Refused, Billable = false };
        Assert.Equal(expected, Logged(harness, "job.refuse"));
        Assert.Equal(expected, (await harness.Store.GetJobAsync("j-r", CancellationToken.None))!.Meter);
    }

    [Fact]
    public async Task Run_FailedByTheJobAfterReading_IsMeteredAndBillable()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var returnCode = Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Attacks", "return-code.wat")));
        var job = await StartedAsync(harness, "j-f", returnCode);

        await harness.Executor.RunAsync(harness.Execution(job, module: returnCode), CancellationToken.None);

        var logged = Logged(harness, "job.fail");
        Assert.Equal((MeterOutcome.Failed, true, LifecycleHarness.Rows), (logged.Outcome, logged.Billable, logged.RowsRead));
        Assert.Null(logged.Usage);
    }

    [Fact]
    public async Task Run_FailedBecauseTheHostCouldNotReadTheData_IsMeteredAndNotBillable()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await StartedAsync(harness, "j-h");

        await harness.Executor.RunAsync(harness.Execution(job, data: new UnreadableSource(DataSources.Open(harness.CsvPath))), CancellationToken.None);

        var logged = Logged(harness, "job.fail");
        Assert.Equal((MeterOutcome.Failed, false, LifecycleHarness.Rows), (logged.Outcome, logged.Billable, logged.RowsRead));
    }

    [Fact]
    public async Task Recover_RunInterruptedByTheConnectorStopping_FailsItMeteredAndNotBillable()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        await StartedAsync(harness, "j-i");

        Assert.Equal(1, await harness.Lifecycle.RecoverAsync(CancellationToken.None));

        Assert.Equal(new MeterRecord { Outcome = MeterOutcome.Failed, Billable = false }, Logged(harness, "job.fail"));
    }

    /// <summary>A dataset whose file breaks under the host while the job reads it.</summary>
    private sealed class UnreadableSource(IDataSource inner) : IDataSource
    {
        public DatasetSchema Schema => inner.Schema;

        public IEnumerable<Apache.Arrow.RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default) =>
            throw new DataSourceException("the file changed under the reader");

        public void Dispose() => inner.Dispose();
    }
}

public sealed class SqliteJobMeteringTests : JobMeteringContract
{
    protected override string Engine => "Sqlite";
}

public sealed class PostgresJobMeteringTests : JobMeteringContract
{
    protected override string Engine => "Postgres";
}
