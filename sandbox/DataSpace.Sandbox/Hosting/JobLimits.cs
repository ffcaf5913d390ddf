namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// Hard limits on one job run. The configuration sets the defaults and ceilings
/// (<see cref="SandboxOptions.DefaultLimits"/>); a policy or manifest may only lower them
/// (<see cref="Min"/>). Exceeding any of them stops the job with a reason.
/// </summary>
public sealed record JobLimits
{
    /// <summary>
    /// CPU budget in Wasmtime fuel units (about one per WebAssembly instruction). Host work the job
    /// causes is charged too: one unit per 8 bytes fed and per contribution. Applies when
    /// <see cref="SandboxOptions.ConsumeFuel"/> is on.
    /// </summary>
    public long Fuel { get; init; } = 50_000_000_000;

    /// <summary>Wall-clock limit of the whole run, host work included; enforced by epoch interruption.</summary>
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest linear memory, in bytes; growth beyond it fails (memory.grow returns -1).</summary>
    public long MemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest table, in elements.</summary>
    public uint TableElements { get; init; } = 10_000;

    /// <summary>Most bytes a custom-output job may write.</summary>
    public int OutputBytes { get; init; } = 1024 * 1024;

    /// <summary>Most calls into the host.</summary>
    public long HostCalls { get; init; } = 10_000_000;

    /// <summary>Most rows in one batch fed to the job.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>The stricter of two limits, field by field.</summary>
    public JobLimits Min(JobLimits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new JobLimits
        {
            Fuel = Math.Min(Fuel, other.Fuel),
            WallTime = WallTime < other.WallTime ? WallTime : other.WallTime,
            MemoryBytes = Math.Min(MemoryBytes, other.MemoryBytes),
            TableElements = Math.Min(TableElements, other.TableElements),
            OutputBytes = Math.Min(OutputBytes, other.OutputBytes),
            HostCalls = Math.Min(HostCalls, other.HostCalls),
            BatchRows = Math.Min(BatchRows, other.BatchRows),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Fuel > 0, $"Fuel must be positive, not {Fuel}");
        Require(WallTime > TimeSpan.Zero, $"WallTime must be positive, not {WallTime}");
        Require(MemoryBytes >= 65_536, $"MemoryBytes must be at least one 64 KiB page, not {MemoryBytes}");
        Require(TableElements > 0, "TableElements must be positive");
        Require(OutputBytes >= 0, $"OutputBytes must not be negative, not {OutputBytes}");
        Require(HostCalls > 0, $"HostCalls must be positive, not {HostCalls}");
        Require(BatchRows is > 0 and <= 1_048_576, $"BatchRows must be between 1 and 1048576, not {BatchRows}");
    }
}
