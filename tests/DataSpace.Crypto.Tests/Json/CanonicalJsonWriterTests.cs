using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Tests.Json;

/// <summary>The streaming canonical writer gives the bytes <see cref="CanonicalJson.Serialize(JsonNode?)"/> gives, and refuses members out of order.</summary>
public sealed class CanonicalJsonWriterTests
{
    [Fact]
    public void Writer_MixedDocument_IsWhatTheTreeSerialisesTo()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new CanonicalJsonWriter(output);
        writer.StartObject();
        writer.Name("a");
        writer.StartArray();
        writer.Number(1);
        writer.Number(-9_007_199_254_740_993);
        writer.Number(long.MaxValue);
        writer.Boolean(false);
        writer.Null();
        writer.StartObject();
        writer.EndObject();
        writer.EndArray();
        writer.Name("b\u00e9");
        writer.String("quote \" backslash \\ tab \t bell \u0007 é 😀 + / <");
        writer.Name("c");
        writer.Utf8String(Encoding.UTF8.GetBytes("{\"x\":\"\\u0001\"} é"));
        writer.EndObject();
        var tree = new JsonObject
        {
            ["c"] = "{\"x\":\"\\u0001\"} é",
            ["b\u00e9"] = "quote \" backslash \\ tab \t bell \u0007 é 😀 + / <",
            ["a"] = new JsonArray(1, -9_007_199_254_740_993, long.MaxValue, false, null, new JsonObject()),
        };

        Assert.Equal(Encoding.UTF8.GetString(CanonicalJson.Serialize(tree)), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Name_OutOfCanonicalOrder_Throws()
    {
        var writer = new CanonicalJsonWriter(new ArrayBufferWriter<byte>());
        writer.StartObject();
        writer.Name("b");
        writer.Number(1);

        var error = Assert.Throws<InvalidOperationException>(() => writer.Name("a"));
        Assert.Contains("not canonical order", error.Message, StringComparison.Ordinal);
    }
}
