using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// The <c>Connector:Sandbox</c> section: the ceilings of every job run (a policy may only lower them), what a submitted
/// module may declare (<see cref="ModuleLimits"/>), how approved modules are compiled, and how many bytes of compiled
/// modules are kept (docs/connector-service.md, "Module compilation").
/// </summary>
public sealed class ConnectorSandboxOptions
{
    public int MaxModuleBytes { get; set; } = 16 * 1024 * 1024;

    public long Fuel { get; set; } = 50_000_000_000;

    public TimeSpan WallTime { get; set; } = TimeSpan.FromSeconds(60);

    public long MemoryBytes { get; set; } = 256L * 1024 * 1024;

    public int OutputBytes { get; set; } = 1024 * 1024;

    /// <summary>What a submitted module may declare (<c>Connector:Sandbox:ModuleLimits:MaxFunctions</c>, ...).</summary>
    public ModuleLimits ModuleLimits { get; set; } = new();

    /// <summary>CPU time the compiler worker may use on one module.</summary>
    public TimeSpan CompileCpuTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory the compiler worker may allocate, its runtime included.</summary>
    public long CompileMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Wall-clock deadline of one compilation.</summary>
    public TimeSpan CompileTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Compiled modules kept in memory, in bytes of native code.</summary>
    public long MemoryCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Compiled modules kept on disk (<c>modules/</c> in the data directory), in bytes.</summary>
    public long DiskCacheBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The sandbox host's options, with compiled modules cached in <paramref name="cacheDirectory"/>.</summary>
    internal SandboxOptions ToSandboxOptions(string cacheDirectory) => new()
    {
        CacheDirectory = cacheDirectory,
        MaxModuleBytes = MaxModuleBytes,
        ModuleLimits = ModuleLimits,
        MemoryCacheBytes = MemoryCacheBytes,
        DiskCacheBytes = DiskCacheBytes,
        Compiler = new ModuleCompilerOptions
        {
            CpuTime = CompileCpuTime,
            MemoryBytes = CompileMemoryBytes,
            Timeout = CompileTimeout,
            MaxCompiledBytes = Math.Min(new ModuleCompilerOptions().MaxCompiledBytes, CompileMemoryBytes),
        },
        DefaultLimits = new JobLimits
        {
            Fuel = Fuel,
            WallTime = WallTime,
            MemoryBytes = MemoryBytes,
            OutputBytes = OutputBytes,
        },
    };
}
