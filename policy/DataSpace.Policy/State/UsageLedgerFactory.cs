namespace DataSpace.Policy.State;

/// <summary>Creates the built-in <see cref="IUsageLedger"/>; with dependency injection, <c>AddDataSpacePolicy()</c> registers it.</summary>
public static class UsageLedgerFactory
{
    /// <summary>A ledger held in memory, atomic per agreement, lost when the process ends.</summary>
    public static IUsageLedger CreateInMemory() => new InMemoryUsageLedger();
}
