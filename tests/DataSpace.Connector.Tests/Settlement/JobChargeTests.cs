using DataSpace.Connector.Settlement;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// The job view's charge reads the log from the start of the run's tier period, not from the first entry (issue 15,
/// item 6): <see cref="JobCharge.FirstIndexFrom"/> finds that start by binary search over the entries' times.
/// </summary>
public sealed class JobChargeTests : IAsyncLifetime
{
    private SettlementLogBuilder _log = null!;

    public async Task InitializeAsync()
    {
        _log = SettlementLogBuilder.Create();
        await _log.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-09-20T09:00:00+08:00"));
        for (var day = 1; day <= 30; day++)
        {
            await _log.RunAsync("agr-1", $"oct-{day}", SettlementLogBuilder.At($"2026-10-{day:00}T09:00:00+08:00"), 100);
        }

        for (var day = 1; day <= 20; day++)
        {
            await _log.RunAsync("agr-1", $"nov-{day}", SettlementLogBuilder.At($"2026-11-{day:00}T09:00:00+08:00"), 100);
        }
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    [Fact]
    public void FirstIndexFrom_StartOfNovember_SkipsOctoberButNoRunOfNovember()
    {
        var start = JobCharge.FirstIndexFrom(_log.Log, _log.Log.Head.Size, SettlementLogBuilder.At("2026-11-01T00:00:00+08:00"));

        // Entry 0 is the agreement, 1 to 30 October's runs, 31 the first of November's.
        Assert.InRange(start, 29, 31);
    }

    [Fact]
    public void FirstIndexFrom_BeforeTheLog_IsZero_AndAfterIt_IsNearTheHead()
    {
        var size = _log.Log.Head.Size;

        Assert.Equal(0, JobCharge.FirstIndexFrom(_log.Log, size, SettlementLogBuilder.At("2026-01-01T00:00:00+08:00")));
        Assert.Equal(size - 1, JobCharge.FirstIndexFrom(_log.Log, size, SettlementLogBuilder.At("2027-01-01T00:00:00+08:00")));
        Assert.Equal(0, JobCharge.FirstIndexFrom(_log.Log, 0, SettlementLogBuilder.At("2027-01-01T00:00:00+08:00")));
    }
}
