namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Tests that measure process-wide figures such as allocated bytes: run after, not beside, the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Data: not in parallel";
}
