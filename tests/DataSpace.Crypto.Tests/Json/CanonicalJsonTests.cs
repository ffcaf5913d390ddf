using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Tests.Json;

public sealed class CanonicalJsonTests
{
    // RFC 8785 section 3.2.4: the sample input and its canonical output.
    [Fact]
    public void Canonicalize_Rfc8785Section324Sample_ProducesSampleOutput()
    {
        const string Input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string Expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";

        var actual = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(Input));

        Assert.Equal(Expected, Encoding.UTF8.GetString(actual));
    }

    // RFC 8785 section 3.2.2.2: short escapes, \u00xx in lower case for other controls, everything else literal.
    [Theory]
    [InlineData("\"\\u0008\\u0009\\u000A\\u000c\\u000D\"", "\"\\b\\t\\n\\f\\r\"")]
    [InlineData("\"\\u001F\\u0000\\u007f\"", "\"\\u001f\\u0000\u007f\"")]
    [InlineData("\"\\/\\u002f\"", "\"//\"")]
    [InlineData("\"\\u00e9\\ud83d\\ude02\"", "\"é😂\"")]
    [InlineData("\"\\\"\\\\\"", "\"\\\"\\\\\"")]
    public void Canonicalize_String_EscapesPerSection3222(string input, string expected)
    {
        var actual = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(actual));
    }

    // RFC 8785 section 3.2.3: U+1F602 (high surrogate D83D) sorts before U+FB33, unlike code point order.
    [Fact]
    public void Canonicalize_SupplementaryAndPrivateUseKeys_SortsByUtf16CodeUnits()
    {
        var actual = CanonicalJson.Canonicalize("""{"\ufb33":1,"\ud83d\ude02":2,"\u00f6":3}"""u8);

        Assert.Equal("{\"\u00f6\":3,\"\U0001F602\":2,\"\ufb33\":1}", Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Canonicalize_NestedArraysAndObjects_KeepsArrayOrderSortsMembers()
    {
        var actual = CanonicalJson.Canonicalize("""[56, {"d": true, "10": null, "1": [ ]}]"""u8);

        Assert.Equal("""[56,{"1":[],"10":null,"d":true}]""", Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Canonicalize_CanonicalOutput_IsFixedPoint()
    {
        var once = CanonicalJson.Canonicalize("""{"b":[1.50,{"z":"\u00e9","a":-0}],"a":"x\ty"}"""u8);

        var twice = CanonicalJson.Canonicalize(once);

        Assert.Equal(once, twice);
    }

    [Theory]
    [InlineData("""{"a":[0,1,{"b":1,"b":2}]}""", "$.a[2].b", "duplicate")]
    [InlineData("""{"a":{"x y":["\ud800"]}}""", "$.a['x y'][0]", "surrogate")]
    [InlineData("""{"a":{"\udc00":1}}""", "$.a", "")]
    [InlineData("""{"a":[1,2,}""", "$.a[2]", "invalid JSON")]
    [InlineData("""{"a":1} x""", "$", "invalid JSON")]
    [InlineData("""{"a":NaN}""", "$.a", "invalid JSON")]
    [InlineData("", "$", "invalid JSON")]
    public void Canonicalize_InvalidInput_ThrowsNamingPathAndReason(string json, string path, string reason)
    {
        var exception = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith(path, exception.Path, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(exception);
    }

    [Fact]
    public void Canonicalize_InvalidUtf8_Throws()
    {
        byte[] json = [(byte)'"', 0xC3, 0x28, (byte)'"'];

        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize(json));
    }

    [Fact]
    public void Serialize_NodeWithLoneSurrogate_ThrowsWithPath()
    {
        var node = new JsonObject { ["list"] = new JsonArray("ok", "\ud800") };

        var exception = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(node));

        Assert.Equal("$.list[1]", exception.Path);
    }

    [Fact]
    public void Serialize_NodeWithClrValues_WritesCanonicalForms()
    {
        var node = new JsonObject { ["i"] = 42, ["m"] = 1.10m, ["f"] = 0.5f, ["n"] = null, ["b"] = false, ["s"] = "/" };

        var actual = CanonicalJson.Serialize(node);

        Assert.Equal("""{"b":false,"f":0.5,"i":42,"m":1.1,"n":null,"s":"/"}""", Encoding.UTF8.GetString(actual));
    }

    [Theory]
    [InlineData("""{"a":1, "b":2}""")]
    [InlineData(" {}")]
    [InlineData("{}\n")]
    [InlineData("""{"b":1,"a":2}""")]
    [InlineData("""{"a":1,"a":1}""")]
    [InlineData("1.0")]
    [InlineData("1E+30")]
    [InlineData("-0")]
    [InlineData("\"\\u001F\"")]
    [InlineData("\"\\u000a\"")]
    [InlineData("\"\\/\"")]
    [InlineData("\"\\u0041\"")]
    [InlineData("\"\\ud83d\\ude02\"")]
    [InlineData("[1,]")]
    [InlineData("")]
    [InlineData("\uFEFF{}")]
    [InlineData("""{"\ufb33":1,"\ud83d\ude02":2}""")]
    public void IsCanonical_NonCanonicalText_ReturnsFalse(string json)
    {
        Assert.False(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"":0,"a":[true,false,null],"b":{"c":"\u001f\n"}}""")]
    [InlineData("{\"\U0001F602\":1,\"\ufb33\":2}")]
    [InlineData("""{"\n":1,"a":2}""")]
    [InlineData("[1e+21,1e-7,0.000001,-5e-324]")]
    [InlineData("\"a b\\t/é\"")]
    public void IsCanonical_CanonicalText_ReturnsTrue(string json)
    {
        Assert.True(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
    }

    // IsCanonical is a streaming check; it must agree with "Canonicalize(x) equals x" everywhere.
    [Theory]
    [InlineData("""{"a":1, "b":2}""")]
    [InlineData("""{"b":1,"a":2}""")]
    [InlineData("""{"a":{"y":1,"x":2},"b":[{"d":1,"c":2}]}""")]
    [InlineData("""{"a":{"x":1,"y":2},"b":[{"c":1,"d":2}]}""")]
    [InlineData("""{"\n":1,"\t":2}""")]
    [InlineData("""{"\t":1,"\n":2}""")]
    [InlineData("""{"ab":1,"a":2}""")]
    [InlineData("""{"a":1,"ab":2}""")]
    [InlineData("[1.5,2.50]")]
    [InlineData("\"\\u007f\"")]
    [InlineData("\"\u007f\"")]
    public void IsCanonical_AnyText_AgreesWithCanonicalize(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var expected = CanonicalJson.Canonicalize(bytes).AsSpan().SequenceEqual(bytes);

        Assert.Equal(expected, CanonicalJson.IsCanonical(bytes));
    }
}
