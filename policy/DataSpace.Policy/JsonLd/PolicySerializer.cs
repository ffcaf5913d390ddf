using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>
/// Writes a policy as compact JSON-LD with the ODRL context and the profile's <c>dsc</c> prefix.
/// <see cref="PolicyParser"/> reads the output back to an equal <see cref="OdrlPolicy"/>.
/// </summary>
public static class PolicySerializer
{
    public static string Serialize(OdrlPolicy policy) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(policy));

    public static byte[] SerializeToUtf8Bytes(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WritePolicy(writer, policy);
        }

        return stream.ToArray();
    }

    private static void WritePolicy(Utf8JsonWriter writer, OdrlPolicy policy)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("@context");
        writer.WriteStringValue(PolicyNamespaces.OdrlContext);
        writer.WriteStartObject();
        writer.WriteString("dsc", PolicyNamespaces.Profile);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("@type", Vocab(Vocabulary.PolicyTypes.IriOf(policy.Type)));
        WriteOptional(writer, "uid", policy.Uid);
        WriteStrings(writer, "profile", policy.Profiles);
        WriteStrings(writer, "inheritFrom", policy.InheritFrom);
        if (policy.Conflict is { } conflict)
        {
            writer.WriteString("conflict", Vocab(Vocabulary.ConflictStrategies.IriOf(conflict)));
        }

        WriteEntity(writer, "assigner", policy.Assigner?.Uid, policy.Assigner?.IsCollection ?? false, "PartyCollection", policy.Assigner?.Source, policy.Assigner?.Refinements);
        WriteEntity(writer, "assignee", policy.Assignee?.Uid, policy.Assignee?.IsCollection ?? false, "PartyCollection", policy.Assignee?.Source, policy.Assignee?.Refinements);
        WriteEntity(writer, "target", policy.Target?.Uid, policy.Target?.IsCollection ?? false, "AssetCollection", policy.Target?.Source, policy.Target?.Refinements);
        WriteRules(writer, "permission", policy.Permissions);
        WriteRules(writer, "prohibition", policy.Prohibitions);
        WriteRules(writer, "obligation", policy.Obligations);
        writer.WriteEndObject();
    }

    private static void WriteRules(Utf8JsonWriter writer, string name, ValueList<Rule> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            WriteOptional(writer, "uid", rule.Uid);
            WriteAction(writer, rule.Action);
            WriteEntity(writer, "target", rule.Target?.Uid, rule.Target?.IsCollection ?? false, "AssetCollection", rule.Target?.Source, rule.Target?.Refinements);
            WriteEntity(writer, "assigner", rule.Assigner?.Uid, rule.Assigner?.IsCollection ?? false, "PartyCollection", rule.Assigner?.Source, rule.Assigner?.Refinements);
            WriteEntity(writer, "assignee", rule.Assignee?.Uid, rule.Assignee?.IsCollection ?? false, "PartyCollection", rule.Assignee?.Source, rule.Assignee?.Refinements);
            WriteConstraints(writer, "constraint", rule.Constraints);
            WriteRules(writer, "duty", rule.Duties);
            WriteRules(writer, "remedy", rule.Remedies);
            WriteRules(writer, "consequence", rule.Consequences);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAction(Utf8JsonWriter writer, RuleAction action)
    {
        if (action.Refinements.Count == 0)
        {
            WriteVocab(writer, "action", action.Iri);
            return;
        }

        writer.WriteStartObject("action");
        writer.WriteStartObject("rdf:value");
        writer.WriteString("@id", Identifier(action.Iri));
        writer.WriteEndObject();
        WriteConstraints(writer, "refinement", action.Refinements);
        writer.WriteEndObject();
    }

    private static void WriteEntity(
        Utf8JsonWriter writer, string name, string? uid, bool isCollection, string collectionClass, string? source, ValueList<ConstraintNode>? refinements)
    {
        if (uid is null && source is null)
        {
            return;
        }

        if (!isCollection && uid is not null)
        {
            writer.WriteString(name, uid);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("@type", collectionClass);
        WriteOptional(writer, "uid", uid);
        WriteOptional(writer, "source", source);
        WriteConstraints(writer, "refinement", refinements ?? []);
        writer.WriteEndObject();
    }

    private static void WriteConstraints(Utf8JsonWriter writer, string name, ValueList<ConstraintNode> constraints)
    {
        if (constraints.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var node in constraints)
        {
            WriteConstraint(writer, node);
        }

        writer.WriteEndArray();
    }

    private static void WriteConstraint(Utf8JsonWriter writer, ConstraintNode node)
    {
        writer.WriteStartObject();
        WriteOptional(writer, "uid", node.Uid);
        switch (node)
        {
            case LogicalConstraint logical:
                WriteConstraints(writer, Vocab(Vocabulary.LogicalOperators.IriOf(logical.Operator)), logical.Operands);
                break;
            case Constraint constraint:
                WriteVocab(writer, "leftOperand", constraint.LeftOperandIri);
                writer.WriteString("operator", Vocab(Vocabulary.Operators.IriOf(constraint.Operator)));
                if (constraint.RightOperand is { } right)
                {
                    writer.WritePropertyName("rightOperand");
                    WriteRightOperand(writer, right);
                }

                WriteOptional(writer, "rightOperandReference", constraint.RightOperandReference);
                WriteOptional(writer, "unit", constraint.Unit);
                WriteOptional(writer, "dataType", constraint.DataType);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteRightOperand(Utf8JsonWriter writer, RightOperand operand)
    {
        if (operand.DataType is { } dataType)
        {
            writer.WriteStartObject();
            writer.WriteString("@value", operand.Lexical);
            writer.WriteString("@type", Vocab(dataType));
            writer.WriteEndObject();
            return;
        }

        switch (operand.Kind)
        {
            case RightOperandKind.Integer:
                writer.WriteNumberValue(operand.Integer);
                break;
            case RightOperandKind.Decimal:
                // Keep a decimal point so the number reads back as a decimal, not an integer.
                var text = operand.Decimal.ToString("R", CultureInfo.InvariantCulture);
                writer.WriteRawValue(text.AsSpan().IndexOfAny(".eE") < 0 ? text + ".0" : text);
                break;
            case RightOperandKind.Boolean:
                writer.WriteBooleanValue(operand.Boolean);
                break;
            case RightOperandKind.Iri:
                writer.WriteStartObject();
                writer.WriteString("@id", operand.Lexical);
                writer.WriteEndObject();
                break;
            case RightOperandKind.List:
                writer.WriteStartArray();
                foreach (var item in operand.Items)
                {
                    WriteRightOperand(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(operand.Lexical);
                break;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, ValueList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes a vocabulary IRI as a term or compact IRI; a relative IRI that a term would capture on reading (an unknown
    /// action written <c>use</c> under a context without ODRL's terms) as <c>{"@id": ...}</c>, which is not term-expanded.
    /// </summary>
    private static void WriteVocab(Utf8JsonWriter writer, string name, string iri)
    {
        if (iri.Contains(':', StringComparison.Ordinal) || JsonLdContext.Default.ExpandVocab(iri) == iri)
        {
            writer.WriteString(name, Vocab(iri));
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("@id", iri);
        writer.WriteEndObject();
    }

    /// <summary>An IRI for an <c>@id</c> position: compact with a predefined prefix, which reads back the same.</summary>
    private static string Identifier(string iri) => Vocab(iri) is var compact && compact.Contains(':', StringComparison.Ordinal) ? compact : iri;

    /// <summary>The compact form of a vocabulary IRI under the context this serialiser writes.</summary>
    private static string Vocab(string iri)
    {
        if (iri.StartsWith(PolicyNamespaces.Odrl, StringComparison.Ordinal))
        {
            var term = iri[PolicyNamespaces.Odrl.Length..];
            return JsonLdContext.Default.ExpandVocab(term) == iri ? term : "odrl:" + term;
        }

        return iri.StartsWith(PolicyNamespaces.Profile, StringComparison.Ordinal) ? "dsc:" + iri[PolicyNamespaces.Profile.Length..]
            : iri.StartsWith(PolicyNamespaces.Xsd, StringComparison.Ordinal) ? "xsd:" + iri[PolicyNamespaces.Xsd.Length..]
            : iri;
    }
}
