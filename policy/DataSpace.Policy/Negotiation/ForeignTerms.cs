using DataSpace.Policy.Model;

namespace DataSpace.Policy.Negotiation;

/// <summary>
/// What to write instead of the left operands other connectors define (EDC, Catena-X, the Mobility Data Space), which
/// this connector cannot evaluate (docs/policy-profile.md, "Compatibility").
/// </summary>
internal static class ForeignTerms
{
    private static readonly (string Suffix, string Instead)[] Known =
    [
        ("inForceDate", "write odrl:dateTime (a fixed end) or odrl:elapsedTime (counted from the agreement) instead"),
        ("POLICY_EVALUATION_TIME", "write odrl:dateTime instead"),
        ("REFERRING_CONNECTOR", "name the party as the rule's assignee instead"),
        ("UsagePurpose", "write odrl:purpose instead"),
        ("BusinessPartnerNumber", "name the party as the rule's assignee instead"),
        ("BusinessPartnerGroup", "name the parties as the rules' assignees instead"),
        ("Membership", "leave it out: this connector admits parties by its trust list"),
        ("FrameworkAgreement", "leave it out, or state the framework in odrl:purpose"),
        ("ContractReference", "leave it out: the agreement itself is the contract"),
    ];

    public static string Advice(string leftOperandIri)
    {
        if (leftOperandIri.StartsWith(PolicyNamespaces.Profile, StringComparison.Ordinal))
        {
            return $"unknown profile left operand 'dsc:{leftOperandIri[PolicyNamespaces.Profile.Length..]}'; the profile defines dsc:column, dsc:groupSize, dsc:epsilon, dsc:delta, dsc:moduleDigest, dsc:outputKind, dsc:classificationLevel and dsc:linkedDataset";
        }

        var known = "this connector evaluates purpose, dateTime, elapsedTime, count, recipient, spatial and the dsc: operands";
        foreach (var (suffix, instead) in Known)
        {
            if (leftOperandIri.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"left operand '{leftOperandIri}' is not one this connector can evaluate: {instead}";
            }
        }

        return $"left operand '{leftOperandIri}' is not one this connector can evaluate; {known}";
    }
}
