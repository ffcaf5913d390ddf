using DataSpace.Sandbox.Hosting;

namespace DataSpace.Sandbox.Tests.Support;

/// <summary>One sandbox host shared by the tests of a class (the engine is thread-safe).</summary>
public sealed class SandboxFixture : IDisposable
{
    public SandboxFixture()
    {
        Host = new SandboxHost(new SandboxOptions
        {
            DefaultLimits = new JobLimits { WallTime = TimeSpan.FromSeconds(20), Fuel = 5_000_000_000 },
        });
    }

    public SandboxHost Host { get; }

    public void Dispose() => Host.Dispose();
}
