using DataSpace.Sandbox.Modules;

namespace DataSpace.Sandbox.Hosting;

/// <summary>Configuration of the sandbox host; engine-wide settings are fixed when the host starts.</summary>
public sealed record SandboxOptions
{
    /// <summary>Where compiled modules are cached (created with mode 0700); null keeps them in memory only.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Largest module accepted, in bytes.</summary>
    public int MaxModuleBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest WebAssembly stack, in bytes; deeper recursion traps with a stack overflow.</summary>
    public int MaxStackBytes { get; init; } = 512 * 1024;

    /// <summary>Meter CPU with Wasmtime fuel (deterministic, a little slower than running unmetered).</summary>
    public bool ConsumeFuel { get; init; } = true;

    /// <summary>Period of the epoch ticker that enforces wall time and cancellation.</summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Batches read ahead on a second thread while the job works (decoding overlaps with the job); 0 reads on
    /// the job's thread. Memory grows by this many batches.
    /// </summary>
    public int PrefetchBatches { get; init; } = 1;

    /// <summary>
    /// Compiled modules kept in memory, in bytes of native code (least recently used are dropped first; a running job
    /// keeps its own module alive until it ends).
    /// </summary>
    public long MemoryCacheBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Compiled modules kept on disk in <see cref="CacheDirectory"/>, in bytes (least recently used are deleted first).</summary>
    public long DiskCacheBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>What a submitted module may declare, checked before anything compiles it.</summary>
    public ModuleLimits ModuleLimits { get; init; } = new();

    /// <summary>How approved modules are compiled: a bounded worker process.</summary>
    public ModuleCompilerOptions Compiler { get; init; } = new();

    /// <summary>Defaults and ceilings of every job's limits.</summary>
    public JobLimits DefaultLimits { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxModuleBytes is < 8 or > 256 * 1024 * 1024)
        {
            throw new ArgumentException($"MaxModuleBytes must be between 8 and 268435456, not {MaxModuleBytes}");
        }

        if (MaxStackBytes is < 16 * 1024 or > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"MaxStackBytes must be between 16 KiB and 64 MiB, not {MaxStackBytes}");
        }

        if (EpochTick < TimeSpan.FromMilliseconds(1) || EpochTick > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"EpochTick must be between 1 ms and 1 s, not {EpochTick}");
        }

        if (PrefetchBatches is < 0 or > 16)
        {
            throw new ArgumentException($"PrefetchBatches must be between 0 and 16, not {PrefetchBatches}");
        }

        if (MemoryCacheBytes < 0)
        {
            throw new ArgumentException($"MemoryCacheBytes must not be negative, not {MemoryCacheBytes}");
        }

        if (DiskCacheBytes < 0)
        {
            throw new ArgumentException($"DiskCacheBytes must not be negative, not {DiskCacheBytes}");
        }

        ModuleLimits.Validate();
        Compiler.Validate();

        DefaultLimits.Validate();
    }
}
