using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Tests.Json;

public sealed class CanonicalJsonNumberTests
{
    // RFC 8785 appendix B: every finite row, IEEE-754 bit pattern -> canonical text.
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Serialize_Rfc8785AppendixBNumber_WritesExpectedText(string ieeeHex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        var actual = CanonicalJson.Serialize(JsonValue.Create(value));

        Assert.Equal(expected, Encoding.UTF8.GetString(actual));
    }

    // RFC 8785 appendix B: NaN and Infinity rows have no JSON form and must be rejected.
    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    [InlineData("fff0000000000000")]
    public void Serialize_Rfc8785AppendixBNonFinite_ThrowsWithPath(string ieeeHex)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        var node = new JsonObject { ["a"] = new JsonArray(1, value) };

        var exception = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(node));

        Assert.Equal("$.a[1]", exception.Path);
    }

    // RFC 8785 section 3.2.2.3: parsed numbers are re-serialised by ECMAScript rules (appendix B text as input).
    [Theory]
    [InlineData("1E30", "1e+30")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000000000000000000000000001", "1e-27")]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("56.0", "56")]
    [InlineData("100", "100")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.0000012345", "0.0000012345")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("9007199254740993", "9007199254740992")]
    public void Canonicalize_NumberText_WritesEcmaScriptForm(string input, string expected)
    {
        var actual = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(actual));
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1e400")]
    public void Canonicalize_NumberOutsideDoubleRange_ThrowsWithPath(string number)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"a":[0,{"b":{{number}}}]}""");

        var exception = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize(json));

        Assert.Equal("$.a[1].b", exception.Path);
        Assert.Contains("IEEE-754", exception.Reason, StringComparison.Ordinal);
    }
}
