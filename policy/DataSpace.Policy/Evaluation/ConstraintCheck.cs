namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A constraint compiled once per policy. <see cref="Test"/> is the hot path and must not allocate;
/// <see cref="Explain"/> runs only when building a denial and may.
/// </summary>
internal abstract class ConstraintCheck(string path, string expected)
{
    /// <summary>The constraint's JSON path, e.g. <c>permission[0].constraint[1]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The constraint as written, e.g. <c>dsc:groupSize gteq 10</c>.</summary>
    public string Expected { get; } = expected;

    public abstract CheckOutcome Test(EvaluationRequest request);

    /// <summary>
    /// What the check gives for every request an agreement with <paramref name="facts"/> can make: Satisfied or
    /// Violated when that is the same for all of them, Unsupported when it can never be decided; null when it depends on
    /// what a job asks (the default). Adds a reason when the answer is Violated or Unsupported. Never guesses: a
    /// non-null answer holds for every request, so refusing an agreement on it refuses nothing that could be permitted.
    /// </summary>
    public virtual CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons) => null;

    /// <summary>Adds a reason for each way this check is not satisfied by <paramref name="request"/>.</summary>
    public virtual void Explain(EvaluationRequest request, List<DecisionReason> reasons)
    {
        var outcome = Test(request);
        switch (outcome)
        {
            case CheckOutcome.Violated:
                reasons.Add(new DecisionReason(Path, ReasonKind.ConstraintNotSatisfied, $"{Expected}, actual {Actual(request)}"));
                break;
            case CheckOutcome.Missing:
                reasons.Add(new DecisionReason(Path, ReasonKind.ValueMissing, $"{Expected}, actual missing: the request has no value for it; denied (fail closed)"));
                break;
            case CheckOutcome.Unsupported:
                reasons.Add(new DecisionReason(Path, ReasonKind.Unsupported, $"{UnsupportedReason(request)}; denied (fail closed)"));
                break;
            default:
                break;
        }
    }

    /// <summary>The request's value, as text for a reason.</summary>
    protected abstract string Actual(EvaluationRequest request);

    protected virtual string UnsupportedReason(EvaluationRequest request) => $"{Expected} cannot be evaluated";
}
