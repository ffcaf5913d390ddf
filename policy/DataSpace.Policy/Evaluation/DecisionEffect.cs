namespace DataSpace.Policy.Evaluation;

/// <summary>The outcome of a decision.</summary>
public enum DecisionEffect
{
    /// <summary>Nothing permits the request, or something forbids it.</summary>
    Deny,

    /// <summary>A permission applies and no prohibition does; the obligations must be carried out.</summary>
    Permit,
}
