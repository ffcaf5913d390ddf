using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>Short names for reasons: ODRL terms bare, profile terms as <c>dsc:</c>, anything else as its IRI.</summary>
internal static class Terms
{
    public static string Compact(string iri) =>
        iri.StartsWith(PolicyNamespaces.Odrl, StringComparison.Ordinal) ? iri[PolicyNamespaces.Odrl.Length..]
        : iri.StartsWith(PolicyNamespaces.Profile, StringComparison.Ordinal) ? "dsc:" + iri[PolicyNamespaces.Profile.Length..]
        : iri;

    public static string Operator(ConstraintOperator op) => Compact(Vocabulary.Operators.IriOf(op));

    public static string Action(ActionKind action) => action == ActionKind.Unknown ? "unknown" : Compact(Vocabulary.Actions.IriOf(action));

    public static string Value(RightOperand? value) => value switch
    {
        null => "(none)",
        { Kind: RightOperandKind.List } => "[" + string.Join(", ", value.Items.Select(Value)) + "]",
        _ => value.Lexical,
    };

    /// <summary>Equal strings, or the same profile/ODRL term written compact on one side and as a full IRI on the other.</summary>
    public static bool SameTerm(string policyValue, string requestValue) =>
        string.Equals(policyValue, requestValue, StringComparison.Ordinal)
        || SameExpanded(policyValue, requestValue, "dsc:", PolicyNamespaces.Profile)
        || SameExpanded(requestValue, policyValue, "dsc:", PolicyNamespaces.Profile)
        || SameExpanded(policyValue, requestValue, "odrl:", PolicyNamespaces.Odrl)
        || SameExpanded(requestValue, policyValue, "odrl:", PolicyNamespaces.Odrl);

    private static bool SameExpanded(string compact, string full, string prefix, string ns) =>
        compact.StartsWith(prefix, StringComparison.Ordinal)
        && full.StartsWith(ns, StringComparison.Ordinal)
        && compact.AsSpan(prefix.Length).SequenceEqual(full.AsSpan(ns.Length));
}
