using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataSpace.Crypto.Json;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that values can be
/// hashed and signed. Members are sorted by UTF-16 code units, strings and numbers are written the way
/// ECMAScript's JSON.stringify writes them, and there is no whitespace.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical UTF-8 form of <paramref name="node"/>; a null node is JSON <c>null</c>.</summary>
    /// <exception cref="CanonicalJsonException">A lone surrogate, NaN or Infinity, or a value with no JSON form.</exception>
    public static byte[] Serialize(JsonNode? node)
    {
        var output = new ArrayBufferWriter<byte>(256);
        NodeCanonicalizer.Write(node, output, new JsonPathBuilder());
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical form of <paramref name="element"/>; nothing is written when it has none.</summary>
    /// <exception cref="CanonicalJsonException">A duplicate property name, a lone surrogate or an out-of-range number.</exception>
    public static void Serialize(JsonElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("the element holds no value", nameof(element));
        }

        var canonical = new ArrayBufferWriter<byte>(256);
        CanonicalTranscoder.Transcode(JsonMarshal.GetRawUtf8Value(element), canonical, new JsonPathBuilder());
        output.Write(canonical.WrittenSpan);
    }

    /// <summary>Parses UTF-8 JSON text and returns its canonical form.</summary>
    /// <exception cref="CanonicalJsonException">
    /// Invalid JSON, a duplicate property name, a lone surrogate, or a number outside the IEEE-754 double range;
    /// the exception names the JSON path.
    /// </exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(utf8Json.Length, 16));
        CanonicalTranscoder.Transcode(utf8Json, output, new JsonPathBuilder());
        return output.WrittenSpan.ToArray();
    }

    /// <summary>True exactly when <see cref="Canonicalize"/> would return <paramref name="utf8Json"/> unchanged.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json) => CanonicalValidator.IsCanonical(utf8Json);
}
