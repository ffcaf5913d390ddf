namespace DataSpace.Sandbox.Modules;

/// <summary>
/// How approved modules are compiled (docs/connector-service.md, "Module compilation"): in a child process, the
/// compiler worker, that bounds itself with <c>setrlimit</c> (CPU time and data segment) before it reads the module,
/// within a wall-clock deadline, at most <see cref="MaxConcurrent"/> at a time. A module the worker cannot compile within
/// them is refused with the limit named; the host process never compiles untrusted code itself.
/// </summary>
public sealed record ModuleCompilerOptions
{
    /// <summary>CPU time one compilation may use, all threads together (<c>RLIMIT_CPU</c>).</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory the worker may allocate, its runtime included (<c>RLIMIT_DATA</c>).</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Wall-clock deadline of one compilation, start-up included; the worker is killed after it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Compilations at a time; others wait their turn.</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>Largest compiled module (its serialized native code); a larger one is refused rather than cached.</summary>
    public long MaxCompiledBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>The worker's assembly; by default <c>DataSpace.Sandbox.Compiler.dll</c> beside the application.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>
    /// Compile in the host process, without any limit: only for modules the host trusts (the sandbox's own tests and
    /// benchmarks). The connector never sets it.
    /// </summary>
    public bool InProcess { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (CpuTime < TimeSpan.FromSeconds(1) || CpuTime > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Compiler:CpuTime must be between 1 s and 1 h, not {CpuTime}");
        }

        if (MemoryBytes is < 128L * 1024 * 1024 or > 64L * 1024 * 1024 * 1024)
        {
            throw new ArgumentException($"Compiler:MemoryBytes must be between 128 MiB and 64 GiB, not {MemoryBytes}");
        }

        if (Timeout < CpuTime)
        {
            throw new ArgumentException($"Compiler:Timeout must be at least Compiler:CpuTime ({CpuTime}), not {Timeout}");
        }

        if (MaxConcurrent is < 1 or > 64)
        {
            throw new ArgumentException($"Compiler:MaxConcurrent must be between 1 and 64, not {MaxConcurrent}");
        }

        if (MaxCompiledBytes < 1024 * 1024 || MaxCompiledBytes > MemoryBytes)
        {
            throw new ArgumentException($"Compiler:MaxCompiledBytes must be between 1 MiB and Compiler:MemoryBytes, not {MaxCompiledBytes}");
        }
    }
}
