using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Hosting;

/// <summary>The <c>Connector:Sandbox</c> section: the ceilings of every job run (a policy may only lower them).</summary>
public sealed class ConnectorSandboxOptions
{
    public int MaxModuleBytes { get; set; } = 16 * 1024 * 1024;

    public long Fuel { get; set; } = 50_000_000_000;

    public TimeSpan WallTime { get; set; } = TimeSpan.FromSeconds(60);

    public long MemoryBytes { get; set; } = 256L * 1024 * 1024;

    public int OutputBytes { get; set; } = 1024 * 1024;

    /// <summary>The sandbox host's options, with compiled modules cached in <paramref name="cacheDirectory"/>.</summary>
    internal SandboxOptions ToSandboxOptions(string cacheDirectory) => new()
    {
        CacheDirectory = cacheDirectory,
        MaxModuleBytes = MaxModuleBytes,
        DefaultLimits = new JobLimits
        {
            Fuel = Fuel,
            WallTime = WallTime,
            MemoryBytes = MemoryBytes,
            OutputBytes = OutputBytes,
        },
    };
}
