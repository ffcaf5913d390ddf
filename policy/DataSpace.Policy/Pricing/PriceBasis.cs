namespace DataSpace.Policy.Pricing;

/// <summary>What a price component charges for (<c>dsc:priceBasis</c>), and the meter quantity it counts.</summary>
public enum PriceBasis
{
    /// <summary><c>dsc:perRun</c>: per job run; counts runs.</summary>
    PerRun,

    /// <summary><c>dsc:perTenThousandRows</c>: per 10,000 rows read; counts rows (a run of 12,345 rows pays 1.2345 units).</summary>
    PerTenThousandRows,

    /// <summary><c>dsc:perCpuSecond</c>: per CPU-second; counts CPU milliseconds.</summary>
    PerCpuSecond,

    /// <summary><c>dsc:perRelease</c>: per released result; counts releases.</summary>
    PerRelease,
}
