using System.Collections.Frozen;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>ODRL 2.2's property names (ODRL Vocabulary §4) and what the parser makes of each.</summary>
internal static class OdrlPropertyTerms
{
    private static readonly FrozenDictionary<string, PropertyTerm> ByName = new Dictionary<string, PropertyTerm>
    {
        ["uid"] = PropertyTerm.Uid,
        ["profile"] = PropertyTerm.Profile,
        ["inheritFrom"] = PropertyTerm.InheritFrom,
        ["conflict"] = PropertyTerm.Conflict,
        ["assigner"] = PropertyTerm.Assigner,
        ["assignee"] = PropertyTerm.Assignee,
        ["target"] = PropertyTerm.Target,
        ["source"] = PropertyTerm.Source,
        ["permission"] = PropertyTerm.Permission,
        ["prohibition"] = PropertyTerm.Prohibition,
        ["obligation"] = PropertyTerm.Obligation,
        ["duty"] = PropertyTerm.Duty,
        ["remedy"] = PropertyTerm.Remedy,
        ["consequence"] = PropertyTerm.Consequence,
        ["action"] = PropertyTerm.Action,
        ["constraint"] = PropertyTerm.Constraint,
        ["refinement"] = PropertyTerm.Refinement,
        ["leftOperand"] = PropertyTerm.LeftOperand,
        ["operator"] = PropertyTerm.Operator,
        ["rightOperand"] = PropertyTerm.RightOperand,
        ["rightOperandReference"] = PropertyTerm.RightOperandReference,
        ["unit"] = PropertyTerm.Unit,
        ["dataType"] = PropertyTerm.DataType,
        ["and"] = PropertyTerm.And,
        ["or"] = PropertyTerm.Or,
        ["xone"] = PropertyTerm.Xone,
        ["andSequence"] = PropertyTerm.AndSequence,
        ["partOf"] = PropertyTerm.Descriptive,
        ["hasPolicy"] = PropertyTerm.Descriptive,
        ["assigneeOf"] = PropertyTerm.Descriptive,
        ["assignerOf"] = PropertyTerm.Descriptive,
        ["function"] = PropertyTerm.Descriptive,
        ["attributedParty"] = PropertyTerm.Descriptive,
        ["attributingParty"] = PropertyTerm.Descriptive,
        ["compensatedParty"] = PropertyTerm.Descriptive,
        ["compensatingParty"] = PropertyTerm.Descriptive,
        ["consentingParty"] = PropertyTerm.Descriptive,
        ["consentedParty"] = PropertyTerm.Descriptive,
        ["contractingParty"] = PropertyTerm.Descriptive,
        ["contractedParty"] = PropertyTerm.Descriptive,
        ["informedParty"] = PropertyTerm.Descriptive,
        ["informingParty"] = PropertyTerm.Descriptive,
        ["trackingParty"] = PropertyTerm.Descriptive,
        ["trackedParty"] = PropertyTerm.Descriptive,
        ["payeeParty"] = PropertyTerm.Descriptive,
        ["failure"] = PropertyTerm.Unsupported,
        ["implies"] = PropertyTerm.Unsupported,
        ["includedIn"] = PropertyTerm.Unsupported,
        ["inheritAllowed"] = PropertyTerm.Unsupported,
        ["inheritRelation"] = PropertyTerm.Unsupported,
        ["output"] = PropertyTerm.Unsupported,
        ["relation"] = PropertyTerm.Unsupported,
        ["scope"] = PropertyTerm.Unsupported,
        ["status"] = PropertyTerm.Unsupported,
        ["timedCount"] = PropertyTerm.Unsupported,
        ["proximity"] = PropertyTerm.Unsupported,
        ["undefined"] = PropertyTerm.Unsupported,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsOdrlProperty(string name) => ByName.ContainsKey(name);

    /// <summary>The term an expanded key names; null for keys outside ODRL that the parser ignores (extensions such as <c>dct:title</c>).</summary>
    public static PropertyTerm? Resolve(string expanded) => expanded switch
    {
        "@context" => PropertyTerm.Context,
        "@id" => PropertyTerm.Uid,
        "@type" => PropertyTerm.Type,
        PolicyNamespaces.Rdf + "value" => PropertyTerm.Value,
        _ when expanded.StartsWith(PolicyNamespaces.Odrl, StringComparison.Ordinal) =>
            ByName.TryGetValue(expanded[PolicyNamespaces.Odrl.Length..], out var term) ? term : PropertyTerm.Unsupported,
        _ when expanded.StartsWith('@') => PropertyTerm.Unsupported,
        _ => null,
    };
}
