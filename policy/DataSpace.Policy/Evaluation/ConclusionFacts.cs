namespace DataSpace.Policy.Evaluation;

/// <summary>
/// What is fixed when an agreement is concluded, and so the same for every job under it: the party, the dataset,
/// the purpose and the window of validity [<see cref="From"/>, <see cref="Until"/>).
/// </summary>
public sealed record ConclusionFacts
{
    public required string Assignee { get; init; }

    public required string Target { get; init; }

    public required string Purpose { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset Until { get; init; }

    /// <summary>A request with only the fixed facts, at the start of the window.</summary>
    internal EvaluationRequest Request => field ??= new EvaluationRequest { Assignee = Assignee, Target = Target, Purpose = Purpose, Now = From };
}
