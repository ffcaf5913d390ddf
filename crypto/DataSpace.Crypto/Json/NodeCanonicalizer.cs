using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataSpace.Crypto.Json;

/// <summary>Writes a <see cref="JsonNode"/> tree in RFC 8785 canonical form.</summary>
internal static class NodeCanonicalizer
{
    public static void Write(JsonNode? node, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        switch (node)
        {
            case null:
                output.Write("null"u8);
                break;
            case JsonObject obj:
                WriteObject(obj, output, path);
                break;
            case JsonArray array:
                WriteArray(array, output, path);
                break;
            case JsonValue value:
                WriteValue(value, output, path);
                break;
            default:
                throw new CanonicalJsonException(path.ToString(), $"unsupported node {node.GetType().Name}");
        }
    }

    private static void WriteObject(JsonObject obj, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        var members = new KeyValuePair<string, JsonNode?>[obj.Count];
        var count = 0;
        foreach (var member in obj)
        {
            members[count++] = member;
        }

        // RFC 8785 section 3.2.3: sort by UTF-16 code units, which is what ordinal comparison of strings does.
        Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        output.Write("{"u8);
        for (var i = 0; i < members.Length; i++)
        {
            if (i > 0)
            {
                if (members[i].Key == members[i - 1].Key)
                {
                    path.Push(members[i].Key);
                    throw new CanonicalJsonException(path.ToString(), "duplicate property name (RFC 8785 section 3.1, I-JSON)");
                }

                output.Write(","u8);
            }

            path.Push(members[i].Key);
            CanonicalTranscoder.WriteString(output, members[i].Key, path);
            output.Write(":"u8);
            Write(members[i].Value, output, path);
            path.Pop();
        }

        output.Write("}"u8);
    }

    private static void WriteArray(JsonArray array, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        output.Write("["u8);
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            path.Push(i);
            Write(array[i], output, path);
            path.Pop();
        }

        output.Write("]"u8);
    }

    private static void WriteValue(JsonValue value, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        if (value.TryGetValue<string>(out var text))
        {
            CanonicalTranscoder.WriteString(output, text, path);
        }
        else if (value.TryGetValue<double>(out var number) || TryGetSingle(value, out number))
        {
            if (!double.IsFinite(number))
            {
                throw new CanonicalJsonException(path.ToString(), "number is outside the IEEE-754 double range (RFC 8785 section 3.2.2.3)");
            }

            EcmaScriptNumber.Write(output, number);
        }
        else
        {
            // Anything else (integers, decimals, dates, wrapped elements): let System.Text.Json write it, then read it back.
            var raw = new ArrayBufferWriter<byte>();
            try
            {
                using var writer = new Utf8JsonWriter(raw);
                value.WriteTo(writer);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NotSupportedException or JsonException)
            {
                throw new CanonicalJsonException(path.ToString(), "value has no JSON form: " + exception.Message, exception);
            }

            CanonicalTranscoder.Transcode(raw.WrittenSpan, output, path);
        }
    }

    private static bool TryGetSingle(JsonValue value, out double number)
    {
        var found = value.TryGetValue<float>(out var single);
        number = single;
        return found;
    }
}
