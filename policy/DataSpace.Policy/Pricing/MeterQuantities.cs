namespace DataSpace.Policy.Pricing;

/// <summary>
/// The priced quantities of one run, or an agreement's cumulative quantities in a tier period: runs, rows read,
/// CPU milliseconds and releases (the meter's other fields carry no price). None may be negative.
/// </summary>
public readonly record struct MeterQuantities(long Runs, long RowsRead, long CpuMilliseconds, long Releases)
{
    public static MeterQuantities Zero => default;

    /// <summary>One run with these rows, CPU time and releases.</summary>
    public static MeterQuantities OneRun(long rowsRead, long cpuMilliseconds, long releases) => new(1, rowsRead, cpuMilliseconds, releases);

    /// <summary>The quantity <paramref name="basis"/> counts, in its meter unit (runs, rows, CPU ms, releases).</summary>
    public long Of(PriceBasis basis) => basis switch
    {
        PriceBasis.PerRun => Runs,
        PriceBasis.PerTenThousandRows => RowsRead,
        PriceBasis.PerCpuSecond => CpuMilliseconds,
        PriceBasis.PerRelease => Releases,
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "unknown price basis"),
    };

    /// <summary>The sum, checked for overflow.</summary>
    public static MeterQuantities operator +(MeterQuantities left, MeterQuantities right) => new(
        checked(left.Runs + right.Runs),
        checked(left.RowsRead + right.RowsRead),
        checked(left.CpuMilliseconds + right.CpuMilliseconds),
        checked(left.Releases + right.Releases));

    /// <summary>Throws when a quantity is negative: the meter never counts below zero.</summary>
    public void ThrowIfNegative(string paramName)
    {
        if (Runs < 0 || RowsRead < 0 || CpuMilliseconds < 0 || Releases < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, this, "meter quantities cannot be negative");
        }
    }
}
