namespace DataSpace.Crypto.Tests.Support;

/// <summary>Theory data: the suite names.</summary>
public static class Suites
{
    public static TheoryData<string> Names => ["ed25519", "sm2", "p256"];
}
