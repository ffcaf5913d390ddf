using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>Something the connector must carry out when it acts on a permit, and where the policy asks for it.</summary>
public sealed record Obligation
{
    public ObligationKind Kind { get; init; }

    /// <summary>The JSON path of the constraint or duty it comes from, e.g. <c>permission[0].duty[1]</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The bound: minimum group size, or the epsilon or delta budget; null for duties.</summary>
    public double? Value { get; init; }

    /// <summary>The duty's action IRI; null for obligations that come from constraints.</summary>
    public string? ActionIri { get; init; }

    /// <summary>The duty itself, with its constraints and consequences; null for obligations from constraints.</summary>
    public Rule? Duty { get; init; }

    public override string ToString() => Value is { } value ? $"{Source}: {Kind} {value}" : $"{Source}: {Kind} {ActionIri}";
}
