namespace DataSpace.Connector.Model;

/// <summary>The configured limits of a dataset's accounts that no agreement sets, and the current period.</summary>
public sealed record BudgetLimits
{
    /// <summary>Most epsilon one data user may spend on the dataset over all its agreements (never above its agreement's own limit).</summary>
    public double DataUserEpsilon { get; init; }

    public double DataUserDelta { get; init; }

    /// <summary>Most epsilon all data users together may spend on the dataset in one period.</summary>
    public double DatasetEpsilon { get; init; }

    public double DatasetDelta { get; init; }

    public TimeSpan Period { get; init; }

    /// <summary>When the current period began (UTC).</summary>
    public DateTimeOffset PeriodStart { get; init; }
}
