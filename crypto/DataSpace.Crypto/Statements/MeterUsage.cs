namespace DataSpace.Crypto.Statements;

/// <summary>
/// The fine-grained counters of one run (docs/metering.md, "Meter record"): each can depend on data values through
/// what the job does (how many rows it pulls, how long it loops, how much it writes), so they are for the supplier and
/// the auditor only. They are never in the log entry or the receipt (<see cref="MeterRecord.Published"/>).
/// </summary>
public sealed record MeterUsage
{
    /// <summary>Rows the job pulled from the host (its choice; a plan's: the rows it scanned).</summary>
    public long RowsPulled { get; init; }

    /// <summary>Bytes copied into the job's linear memory.</summary>
    public long BytesFed { get; init; }

    /// <summary>WebAssembly fuel consumed (0 for a plan, or when fuel metering is off).</summary>
    public long Fuel { get; init; }

    /// <summary>CPU time of the run's thread, in milliseconds (docs/metering.md, "CPU time").</summary>
    public long CpuMs { get; init; }

    /// <summary>Wall time of the run, from its start to its end (before the publication grid), in milliseconds.</summary>
    public long WallMs { get; init; }

    /// <summary>Bytes of the output: the sealed envelope released, or the custom output held; 0 when nothing was produced.</summary>
    public long OutputBytes { get; init; }

    /// <summary>Groups in the released aggregate.</summary>
    public long GroupsReleased { get; init; }

    /// <summary>Groups suppressed by the minimum group size.</summary>
    public long GroupsSuppressed { get; init; }

    /// <summary>Models trained (0 or 1 for a model job).</summary>
    public long ModelTrainings { get; init; }
}
