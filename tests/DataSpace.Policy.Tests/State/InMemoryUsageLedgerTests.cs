using DataSpace.Policy.State;

namespace DataSpace.Policy.Tests.State;

/// <summary>The in-memory ledger keeps the <see cref="UsageLedgerContract"/>.</summary>
public sealed class InMemoryUsageLedgerTests : UsageLedgerContract
{
    protected override IUsageLedger CreateLedger() => UsageLedgerFactory.CreateInMemory();

    [Fact]
    public void CreateInMemory_Twice_GivesIndependentLedgers()
    {
        var first = UsageLedgerFactory.CreateInMemory();
        var second = UsageLedgerFactory.CreateInMemory();

        Assert.NotSame(first, second);
        Assert.IsType<InMemoryUsageLedger>(first);
    }

    [Fact]
    public async Task TryReserveUse_CancelledToken_ThrowsAndReservesNothing()
    {
        var ledger = CreateLedger();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await ledger.TryReserveUseAsync("urn:agreement:a", 1, cancellation.Token));

        Assert.Equal(0, (await ledger.GetAsync("urn:agreement:a", Token)).Uses);
    }
}
