using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>Parses lexical forms of the XML Schema datatypes policies use (XML Schema 1.1 Part 2 §3) into right operands.</summary>
internal static class TypedValues
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddK"];

    // A documented leniency (docs/policy-profile.md): the Dataspace Protocol's examples write "2023-12-31T06:00Z",
    // which xsd:dateTime does not allow (seconds are required). Read as :00 seconds and written back in full.
    private static readonly string[] MinuteFormats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm"];

    /// <summary>The typed value, or null when <paramref name="text"/> is not a valid lexical form of <paramref name="dataType"/>.</summary>
    public static RightOperand? Parse(string text, string dataType)
    {
        if (!dataType.StartsWith(PolicyNamespaces.Xsd, StringComparison.Ordinal))
        {
            return new RightOperand { Kind = RightOperandKind.String, Lexical = text };
        }

        return dataType[PolicyNamespaces.Xsd.Length..] switch
        {
            "integer" or "int" or "long" or "short" or "byte" or "nonNegativeInteger" or "positiveInteger" or
            "negativeInteger" or "nonPositiveInteger" or "unsignedInt" or "unsignedLong" or "unsignedShort" or "unsignedByte" =>
                long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? new RightOperand { Kind = RightOperandKind.Integer, Integer = l, Lexical = l.ToString(CultureInfo.InvariantCulture) }
                    : null,
            "decimal" or "double" or "float" =>
                double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? new RightOperand { Kind = RightOperandKind.Decimal, Decimal = d, Lexical = d.ToString("R", CultureInfo.InvariantCulture) }
                    : null,
            "boolean" => text switch
            {
                "true" or "1" => new RightOperand { Kind = RightOperandKind.Boolean, Boolean = true, Lexical = "true" },
                "false" or "0" => new RightOperand { Kind = RightOperandKind.Boolean, Boolean = false, Lexical = "false" },
                _ => null,
            },
            "dateTime" or "dateTimeStamp" => ParseInstant(text, DateTimeFormats) ?? ParseInstant(text, DateFormats) ?? ParseMinutes(text),
            "date" => ParseInstant(text, DateFormats),
            "duration" or "dayTimeDuration" or "yearMonthDuration" =>
                XsdDuration.TryParse(text, out var duration)
                    ? new RightOperand { Kind = RightOperandKind.Duration, Duration = duration, Lexical = text }
                    : null,
            "anyURI" => new RightOperand { Kind = RightOperandKind.Iri, Lexical = text },
            _ => new RightOperand { Kind = RightOperandKind.String, Lexical = text },
        };
    }

    private static RightOperand? ParseMinutes(string text) =>
        ParseInstant(text, MinuteFormats) is { } instant
            ? instant with { Lexical = instant.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) }
            : null;

    private static RightOperand? ParseInstant(string text, string[] formats) =>
        DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? new RightOperand { Kind = RightOperandKind.DateTime, DateTime = instant, Lexical = text }
            : null;
}
