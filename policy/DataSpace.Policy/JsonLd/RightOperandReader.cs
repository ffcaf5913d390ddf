using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>
/// Reads a right operand into a typed value once, at parse time: by its <c>@type</c>, else the constraint's
/// <c>dataType</c>, else what the left operand compares with, else the JSON value's own type.
/// </summary>
internal sealed class RightOperandReader(ParseSession session)
{
    public RightOperand? Read(JsonElement value, string path, LeftOperand leftOperand, string? dataType)
    {
        var expected = Vocabulary.ExpectedKind(leftOperand);
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                return ReadList(value, path, leftOperand, dataType);
            case JsonValueKind.Object when value.TryGetProperty("@list", out _) || value.TryGetProperty("@set", out _):
                return ReadList(value, path, leftOperand, dataType);
            case JsonValueKind.Object when value.TryGetProperty("@id", out _):
                return session.ReadId(value, path) is { } iri ? Check(new RightOperand { Kind = RightOperandKind.Iri, Lexical = iri }, path, leftOperand) : null;
            case JsonValueKind.Object when value.TryGetProperty("@value", out var inner):
                var typed = value.TryGetProperty("@type", out var type) ? session.ReadVocab(type, ParseSession.Child(path, "@type")) : null;
                if (inner.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                {
                    session.Error(ParseSession.Child(path, "@value"), PolicyErrorKind.InvalidValue, $"@value must be a string, number or boolean, found {ParseSession.Describe(inner)}");
                    return null;
                }

                return typed is null
                    ? Read(inner, ParseSession.Child(path, "@value"), leftOperand, dataType)
                    : ReadTyped(inner, ParseSession.Child(path, "@value"), typed, leftOperand, explicitType: true);
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                if (dataType is not null)
                {
                    return ReadTyped(value, path, dataType, leftOperand, explicitType: false);
                }

                return expected switch
                {
                    RightOperandKind.DateTime => ReadTyped(value, path, PolicyNamespaces.Xsd + "dateTime", leftOperand, explicitType: false),
                    RightOperandKind.Duration => ReadTyped(value, path, PolicyNamespaces.Xsd + "duration", leftOperand, explicitType: false),
                    RightOperandKind.Integer => ReadTyped(value, path, PolicyNamespaces.Xsd + "integer", leftOperand, explicitType: false),
                    RightOperandKind.Decimal => ReadTyped(value, path, PolicyNamespaces.Xsd + "decimal", leftOperand, explicitType: false),
                    _ => ReadPlain(value, path),
                };
            default:
                session.Error(path, PolicyErrorKind.InvalidValue,
                    $"expected a value, {{\"@value\": ...}}, {{\"@id\": ...}} or a list as rightOperand, found {ParseSession.Describe(value)}");
                return null;
        }
    }

    private RightOperand? ReadList(JsonElement value, string path, LeftOperand leftOperand, string? dataType)
    {
        var items = new List<RightOperand>();
        var ok = true;
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            if (Read(item, itemPath, leftOperand, dataType) is { } read)
            {
                items.Add(read);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? new RightOperand { Kind = RightOperandKind.List, Items = ValueList.Create<RightOperand>(items.ToArray()) } : null;
    }

    private RightOperand? ReadPlain(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            var b = value.ValueKind == JsonValueKind.True;
            return new RightOperand { Kind = RightOperandKind.Boolean, Boolean = b, Lexical = b ? "true" : "false" };
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            var raw = value.GetRawText();
            return raw.AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt64(out _)
                ? ReadTyped(value, path, PolicyNamespaces.Xsd + "integer", LeftOperand.Unknown, explicitType: false)
                : ReadTyped(value, path, PolicyNamespaces.Xsd + "double", LeftOperand.Unknown, explicitType: false);
        }

        if (!ParseSession.TryGetString(value, out var text))
        {
            session.Error(path, PolicyErrorKind.InvalidValue, "a string right operand is not valid UTF-16 text");
            return null;
        }

        return new RightOperand { Kind = RightOperandKind.String, Lexical = text };
    }

    private RightOperand? ReadTyped(JsonElement value, string path, string dataType, LeftOperand leftOperand, bool explicitType)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => ParseSession.TryGetString(value, out var s) ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"expected a value of type {Compact(dataType)}, found {ParseSession.Describe(value)}");
            return null;
        }

        var parsed = TypedValues.Parse(text, dataType);
        if (parsed is null)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"'{text}' is not a valid {Compact(dataType)}");
            return null;
        }

        return Check(parsed with { DataType = explicitType ? dataType : null }, path, leftOperand);
    }

    private RightOperand? Check(RightOperand operand, string path, LeftOperand leftOperand)
    {
        var expected = Vocabulary.ExpectedKind(leftOperand);
        var fits = expected switch
        {
            null => true,
            RightOperandKind.Decimal => operand.Kind is RightOperandKind.Decimal or RightOperandKind.Integer,
            _ => operand.Kind == expected,
        };
        if (fits)
        {
            return operand;
        }

        var name = Vocabulary.LeftOperands.IriOf(leftOperand);
        session.Error(path, PolicyErrorKind.InvalidValue,
            $"leftOperand '{Compact(name)}' compares with a {expected.ToString()!.ToLowerInvariant()} value; '{operand.Lexical}' is a {operand.Kind.ToString().ToLowerInvariant()}");
        return null;
    }

    private static string Compact(string iri) =>
        iri.StartsWith(PolicyNamespaces.Xsd, StringComparison.Ordinal) ? "xsd:" + iri[PolicyNamespaces.Xsd.Length..]
        : iri.StartsWith(PolicyNamespaces.Odrl, StringComparison.Ordinal) ? iri[PolicyNamespaces.Odrl.Length..]
        : iri.StartsWith(PolicyNamespaces.Profile, StringComparison.Ordinal) ? "dsc:" + iri[PolicyNamespaces.Profile.Length..]
        : iri;
}
