using DataSpace.Policy.State;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Policy.Tests.DependencyInjection;

/// <summary><c>AddDataSpacePolicy()</c> registers replaceable defaults.</summary>
public sealed class PolicyServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDataSpacePolicy_Empty_RegistersOneInMemoryLedgerAndTheSystemClock()
    {
        using var provider = new ServiceCollection().AddDataSpacePolicy().BuildServiceProvider();

        var ledger = provider.GetRequiredService<IUsageLedger>();

        Assert.IsType<InMemoryUsageLedger>(ledger);
        Assert.Same(ledger, provider.GetRequiredService<IUsageLedger>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddDataSpacePolicy_LedgerRegisteredBefore_KeepsIt()
    {
        var mine = UsageLedgerFactory.CreateInMemory();
        var services = new ServiceCollection().AddSingleton(mine);

        using var provider = services.AddDataSpacePolicy().AddDataSpacePolicy().BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IUsageLedger>());
        Assert.Single(services, d => d.ServiceType == typeof(IUsageLedger));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }
}
