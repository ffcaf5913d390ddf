using DataSpace.Policy.Model;

namespace DataSpace.Policy.Negotiation;

/// <summary>
/// What to write instead of the left operands other connectors define (EDC, the Mobility Data Space, Tractus-X and
/// Catena-X), which this connector cannot evaluate (docs/policy-profile.md, "Compatibility"). Matched on the operand's
/// local name, so the same advice serves every namespace the term appears in.
/// </summary>
internal static class ForeignTerms
{
    private const string Evaluated = "this connector evaluates purpose, dateTime, elapsedTime, count, recipient, spatial and the dsc: operands";

    private static readonly (string[] Names, string Instead)[] Known =
    [
        (["inForceDate", "DataUsageEndDate", "DataProvisioningEndDate", "POLICY_EVALUATION_TIME"],
            "write odrl:dateTime (a fixed instant, for example lt 2027-01-01T00:00:00Z) instead"),
        (["DataUsageEndDurationDays", "DataProvisioningEndDurationDays"],
            "write odrl:elapsedTime (counted from the agreement, for example lteq P90D) instead"),
        (["UsagePurpose"], "write odrl:purpose instead"),
        (["BusinessPartnerNumber", "BusinessPartnerGroup", "ManagedLegalEntityBpnl", "AffiliatesBpnl", "REFERRING_CONNECTOR"],
            "name the party as the rule's assignee instead (parties are ids on this connector's trust list)"),
        (["Membership", "MembershipCredential"], "leave it out: this connector admits parties by its trust list"),
        (["FrameworkAgreement", "ContractReference"], "leave it out: the agreement itself is the contract; state the framework in odrl:purpose if it matters"),
        (["location", "AffiliatesRegion", "JurisdictionLocation", "ManagedLegalEntityRegion"], "write odrl:spatial instead"),
        (["DataAccess.level"], "write dsc:classificationLevel instead"),
    ];

    public static string Advice(string leftOperandIri)
    {
        if (leftOperandIri.StartsWith(PolicyNamespaces.Profile, StringComparison.Ordinal))
        {
            return $"unknown profile left operand 'dsc:{leftOperandIri[PolicyNamespaces.Profile.Length..]}'; the profile defines dsc:column, " +
                "dsc:groupSize, dsc:epsilon, dsc:delta, dsc:moduleDigest, dsc:outputKind, dsc:classificationLevel, dsc:linkedDataset, dsc:filterColumn and dsc:filterOperator";
        }

        var name = LocalName(leftOperandIri);
        foreach (var (names, instead) in Known)
        {
            if (names.Any(known => name == known || name.StartsWith(known + ".", StringComparison.Ordinal)))
            {
                return $"left operand '{leftOperandIri}' is not one this connector can evaluate: {instead}";
            }
        }

        return $"left operand '{leftOperandIri}' is not one this connector can evaluate; {Evaluated}";
    }

    private static string LocalName(string iri)
    {
        var cut = iri.LastIndexOfAny(['/', '#', ':']);
        return cut < 0 ? iri : iri[(cut + 1)..];
    }
}
