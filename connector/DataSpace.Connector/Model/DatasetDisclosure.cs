namespace DataSpace.Connector.Model;

/// <summary>
/// The use of one dataset, for the disclosure report (public-data specification art. 18, 19): the agreements on it,
/// how many jobs ran, how many rows they processed, how many results were released and refused, and how much privacy
/// budget each data user has spent on it.
/// </summary>
public sealed record DatasetDisclosure
{
    public required string DatasetId { get; init; }

    public required string DatasetName { get; init; }

    public required IReadOnlyList<AgreementDisclosure> Agreements { get; init; }

    /// <summary>Jobs under the dataset's agreements that started running at least once.</summary>
    public long JobsRun { get; init; }

    /// <summary>Rows processed by those jobs, summed from each job's counter.</summary>
    public long RowsProcessed { get; init; }

    public long ResultsReleased { get; init; }

    public long ResultsRefused { get; init; }

    /// <summary>Privacy budget spent on the dataset per data user, over all its agreements (docs/privacy-budget.md).</summary>
    public IReadOnlyList<DataUserBudgetDisclosure> Budget { get; init; } = [];

    /// <summary>Revenue per closed settlement period and operator, and the supplier's share (articles 18 and 19; docs/metering.md).</summary>
    public IReadOnlyList<RevenueDisclosure> Revenue { get; init; } = [];
}
