using DataSpace.Policy.Negotiation;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>Terms of an agreement for the tests: the operator, the dataset, a purpose and a 90-day window.</summary>
internal static class Agreements
{
    public const string Operator = "urn:party:operator";
    public const string Rival = "urn:party:rival";
    public const string Dataset = "tax-2024";

    public static DateTimeOffset Start { get; } = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static AgreementTerms Terms(string purpose = "research", string assignee = Operator, DateTimeOffset? start = null, TimeSpan? length = null) => new()
    {
        Uid = "urn:agreement:agr-1",
        Assignee = assignee,
        Assigner = "urn:party:supplier",
        Target = Dataset,
        Purpose = purpose,
        ValidFrom = start ?? Start,
        ValidUntil = (start ?? Start) + (length ?? TimeSpan.FromDays(90)),
    };
}
