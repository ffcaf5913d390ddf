using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>
/// The Dataspace Protocol's examples write dateTimes without seconds ("2023-12-31T06:00Z"), which xsd:dateTime does
/// not allow; the parser accepts them as a documented leniency and writes them back in full.
/// </summary>
public sealed class DateTimeLeniencyTests
{
    private static RightOperand Bound(string lexical) =>
        ((Constraint)TestDocuments.Parse($$"""
            {"permission": [{"action": "use", "constraint": [{"leftOperand": "dateTime", "operator": "lt", "rightOperand": {"@value": "{{lexical}}", "@type": "xsd:dateTime"} }]}]}
            """).Permissions[0].Constraints[0]).RightOperand!;

    [Theory]
    [InlineData("2023-12-31T06:00Z", "2023-12-31T06:00:00Z")]
    [InlineData("2023-12-31T06:00", "2023-12-31T06:00:00Z")]
    [InlineData("2023-12-31T06:00+08:00", "2023-12-30T22:00:00Z")]
    public void Parse_DateTimeWithoutSeconds_IsReadAsWholeMinuteAndWrittenInFull(string written, string canonical)
    {
        var bound = Bound(written);

        Assert.Equal(DateTimeOffset.Parse(canonical, System.Globalization.CultureInfo.InvariantCulture), bound.DateTime);
        Assert.Equal(canonical, bound.Lexical);
    }

    [Theory]
    [InlineData("2023-12-31T6:00Z")]
    [InlineData("2023-12-31T06Z")]
    [InlineData("2023-12-31 06:00Z")]
    public void Parse_OtherMalformedDateTimes_AreStillRefused(string written)
    {
        var result = PolicyParser.Parse($$"""
            {"permission": [{"action": "use", "constraint": [{"leftOperand": "dateTime", "operator": "lt", "rightOperand": {"@value": "{{written}}", "@type": "xsd:dateTime"} }]}]}
            """);

        Assert.Contains(result.Errors, e => e.Reason.Contains("is not a valid xsd:dateTime", StringComparison.Ordinal));
    }
}
