using System.Globalization;

namespace DataSpace.Policy.State;

/// <summary>
/// Names one privacy-budget account: its kind, the dataset it belongs to and its subject (the agreement's id, the
/// data user's id, or the start of the period in UTC as <c>yyyy-MM-ddTHH:mm:ssZ</c>). <see cref="ToString"/> is the
/// account's unique key.
/// </summary>
public sealed record BudgetAccountKey
{
    private BudgetAccountKey(BudgetAccountKind kind, string datasetId, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetId);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a budget account kind");
        }

        (Kind, DatasetId, Subject) = (kind, datasetId, subject);
    }

    public BudgetAccountKind Kind { get; }

    public string DatasetId { get; }

    /// <summary>The agreement id, the data user id, or the period's start (UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>).</summary>
    public string Subject { get; }

    /// <summary>The account of an agreement on a dataset.</summary>
    public static BudgetAccountKey Agreement(string datasetId, string agreementId) => new(BudgetAccountKind.Agreement, datasetId, agreementId);

    /// <summary>The account of a data user on a dataset, across all its agreements.</summary>
    public static BudgetAccountKey DataUser(string datasetId, string dataUserId) => new(BudgetAccountKind.DataUser, datasetId, dataUserId);

    /// <summary>The dataset's total for the period starting at <paramref name="periodStart"/>, shared by all data users.</summary>
    public static BudgetAccountKey DatasetPeriod(string datasetId, DateTimeOffset periodStart) =>
        new(BudgetAccountKind.DatasetPeriod, datasetId, periodStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>An account as a store keeps it (kind, dataset, subject).</summary>
    public static BudgetAccountKey Of(BudgetAccountKind kind, string datasetId, string subject) => new(kind, datasetId, subject);

    /// <summary>The unique key: <c>agreement/ID</c>, <c>dataset/ID/user/ID</c> or <c>dataset/ID/period/START</c>.</summary>
    public override string ToString() => Kind switch
    {
        BudgetAccountKind.Agreement => "agreement/" + Subject,
        BudgetAccountKind.DataUser => $"dataset/{DatasetId}/user/{Subject}",
        _ => $"dataset/{DatasetId}/period/{Subject}",
    };
}
