namespace DataSpace.WebConsole.Supplier;

/// <summary>The registration form as the supplier filled it in, kept for the page to show again after a refusal (<see cref="Operator.Drafts{T}"/>).</summary>
internal sealed record DatasetDraft(string Id, string Name, string Location, string Classification, string Columns, string Entity, string EntityMaxRows)
{
    /// <summary>An empty form.</summary>
    public static DatasetDraft Empty { get; } = new("", "", "", "", "", "", "1");
}
