using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.HttpSignatures.StructuredFields;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>The RFC 8941 dictionary parser and serialiser: accepted forms, refused forms, and round trips.</summary>
public sealed class StructuredFieldTests
{
    [Fact]
    public void ParseDictionary_SignatureInput_ReadsInnerListAndParametersInOrder()
    {
        var members = SfParser.ParseDictionary("sig1=(\"@method\" \"content-type\");created=1618884473;keyid=\"k\";alg=\"ed25519\"", "f");

        var list = Assert.IsType<SfInnerList>(Assert.Single(members).Value);
        Assert.Equal(["@method", "content-type"], list.Items.Select(i => (string)i.Value));
        Assert.Equal(["created", "keyid", "alg"], list.Parameters.Entries.Select(e => e.Key));
        Assert.Equal(1618884473L, list.Parameters.Entries[0].Value);
    }

    [Theory]
    [InlineData("a=1, b=2", 2)]
    [InlineData("a=1,b=2", 2)]
    [InlineData("a=1 ,\tb=2", 2)]
    [InlineData("  a=1  ", 1)]
    [InlineData("a, b;x=?0", 2)]
    [InlineData("", 0)]
    [InlineData("a=()", 1)]
    [InlineData("a=(  1   2  )", 1)]
    [InlineData("a=-999999999999999, b=999999999999999", 2)]
    [InlineData("a=1.5, b=-0.125, c=123456789012.123", 3)]
    [InlineData("a=tok/en:x, b=*t", 2)]
    [InlineData("a=::, b=:AQID:", 2)]
    [InlineData("a=\"q\\\"b\\\\s\"", 1)]
    public void ParseDictionary_ValidInput_Parses(string input, int count)
    {
        Assert.Equal(count, SfParser.ParseDictionary(input, "f").Count);
    }

    [Theory]
    [InlineData("A=1", "a key must start with a lowercase letter")]
    [InlineData("a=1,", "trailing ','")]
    [InlineData("a=1 b=2", "expected ','")]
    [InlineData("a=1;", "expected a key, found the end")]
    [InlineData("a=", "expected a value, found the end")]
    [InlineData("a=1000000000000000", "more than 15 digits")]
    [InlineData("a=1.", "1 to 3 fractional digits")]
    [InlineData("a=1.1234", "1 to 3 fractional digits")]
    [InlineData("a=1234567890123.1", "more than 12 integer digits")]
    [InlineData("a=-", "expected a digit")]
    [InlineData("a=\"open", "not closed")]
    [InlineData("a=\"bad\\n\"", "invalid escape")]
    [InlineData("a=\"tab\there\"", "outside printable ASCII")]
    [InlineData("a=\"é\"", "outside printable ASCII")]
    [InlineData("a=:AQID", "byte sequence is not closed")]
    [InlineData("a=:AQ-D:", "not base64")]
    [InlineData("a=:AQI:", "not padded")]
    [InlineData("a=?2", "?0 or ?1")]
    [InlineData("a=(1 2", "inner list is not closed")]
    [InlineData("a=(1,2)", "expected ' ' or ')'")]
    [InlineData("a=1;p=1;p=2", "parameter 'p' appears twice")]
    [InlineData("a=1, a=2", "dictionary key 'a' appears twice")]
    [InlineData("a=@x", "unexpected character '@'")]
    [InlineData("a=1 x", "expected ','")]
    public void ParseDictionary_InvalidInput_ThrowsNamingTheProblem(string input, string expected)
    {
        var error = Assert.Throws<HttpSignatureException>(() => SfParser.ParseDictionary(input, "Example-Field"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Example-Field: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(at offset ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@path\");created=1;keyid=\"k\\\"q\"")]
    [InlineData("a=:AQID:, b=?0, c=tok;p, d=-12;x=1.5")]
    [InlineData("a, b=(1 2);q=\"s\"")]
    [InlineData("a=()")]
    public void SerializeDictionary_ParsedCanonicalInput_RoundTrips(string input)
    {
        Assert.Equal(input, SfSerializer.Dictionary(SfParser.ParseDictionary(input, "f")));
    }

    [Fact]
    public void SerializeDictionary_NonCanonicalSpacing_IsNormalised()
    {
        Assert.Equal("a=1, b=(1 2)", SfSerializer.Dictionary(SfParser.ParseDictionary("a=1 ,b=(  1 2 )", "f")));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("中文")]
    public void Serialize_StringOutsidePrintableAscii_Throws(string value)
    {
        Assert.Throws<HttpSignatureException>(() => SfSerializer.Member(new SfItem(value)));
    }

    [Fact]
    public void Serialize_IntegerOutOfRange_Throws()
    {
        Assert.Throws<HttpSignatureException>(() => SfSerializer.Member(new SfItem(1_000_000_000_000_000L)));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("9lives")]
    [InlineData("with space")]
    public void Serialize_InvalidKey_Throws(string key)
    {
        Assert.Throws<HttpSignatureException>(() => SfSerializer.Dictionary([new(key, new SfItem(1L))]));
    }
}
