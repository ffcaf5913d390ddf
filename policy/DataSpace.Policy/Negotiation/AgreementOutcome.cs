using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Negotiation;

/// <summary>The result of <see cref="AgreementBuilder.Build"/>: the agreement policy, or why there is none.</summary>
public sealed record AgreementOutcome
{
    /// <summary>The agreement, of type Agreement; null when refused.</summary>
    public OdrlPolicy? Agreement { get; init; }

    /// <summary>Why the agreement was refused; null when concluded.</summary>
    public AgreementRefusal? Refusal { get; init; }

    /// <summary>The reasons of a refusal, each at its path in the offer's model (<c>permission[0].constraint[1]</c>).</summary>
    public ValueList<DecisionReason> Reasons { get; init; } = [];

    public bool IsConcluded => Agreement is not null;

    internal static AgreementOutcome Refused(AgreementRefusal refusal, ValueList<DecisionReason> reasons) => new() { Refusal = refusal, Reasons = reasons };
}
