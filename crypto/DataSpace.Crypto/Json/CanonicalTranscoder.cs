using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DataSpace.Crypto.Json;

/// <summary>Reads JSON text with <see cref="Utf8JsonReader"/> and writes its RFC 8785 canonical form.</summary>
internal static class CanonicalTranscoder
{
    /// <summary>Nesting limit shared by every reader here (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    public static void Transcode(ReadOnlySpan<byte> json, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        if (json.StartsWith("\xEF\xBB\xBF"u8))
        {
            throw new CanonicalJsonException(path.ToString(), "invalid JSON: a byte order mark is not allowed (RFC 8259 section 8.1)");
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new CanonicalJsonException(path.ToString(), "invalid JSON: no value");
            }

            WriteValue(ref reader, output, path);
            if (reader.Read())
            {
                throw new CanonicalJsonException(path.ToString(), "invalid JSON: content after the value");
            }
        }
        catch (JsonException exception)
        {
            throw new CanonicalJsonException(path.ToString(), "invalid JSON: " + exception.Message, exception);
        }
    }

    private static void WriteValue(ref Utf8JsonReader reader, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output, path);
                break;
            case JsonTokenType.StartArray:
                WriteArray(ref reader, output, path);
                break;
            case JsonTokenType.String:
                WriteString(output, ReadString(ref reader, path), path);
                break;
            case JsonTokenType.Number:
                EcmaScriptNumber.Write(output, ReadNumber(reader.ValueSpan, path));
                break;
            case JsonTokenType.True:
                output.Write("true"u8);
                break;
            case JsonTokenType.False:
                output.Write("false"u8);
                break;
            case JsonTokenType.Null:
                output.Write("null"u8);
                break;
            default:
                throw new CanonicalJsonException(path.ToString(), $"invalid JSON: unexpected {reader.TokenType}");
        }
    }

    // RFC 8785 section 3.2.3: members sorted by the UTF-16 code units of their names.
    private static void WriteObject(ref Utf8JsonReader reader, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        var members = new List<KeyValuePair<string, ArrayBufferWriter<byte>>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = ReadString(ref reader, path);
            path.Push(name);
            if (!names.Add(name))
            {
                throw new CanonicalJsonException(path.ToString(), "duplicate property name (RFC 8785 section 3.1, I-JSON)");
            }

            if (JsonStringEscaper.IndexOfLoneSurrogate(name) >= 0)
            {
                throw new CanonicalJsonException(path.ToString(), "property name contains a lone surrogate (RFC 8785 section 3.2.2.2)");
            }

            reader.Read();
            var value = new ArrayBufferWriter<byte>();
            WriteValue(ref reader, value, path);
            members.Add(new(name, value));
            path.Pop();
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            JsonStringEscaper.Write(output, members[i].Key);
            output.Write(":"u8);
            output.Write(members[i].Value.WrittenSpan);
        }

        output.Write("}"u8);
    }

    private static void WriteArray(ref Utf8JsonReader reader, IBufferWriter<byte> output, JsonPathBuilder path)
    {
        output.Write("["u8);
        for (var index = 0; ; index++)
        {
            path.Push(index);
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                path.Pop();
                break;
            }

            if (index > 0)
            {
                output.Write(","u8);
            }

            WriteValue(ref reader, output, path);
            path.Pop();
        }

        output.Write("]"u8);
    }

    private static string ReadString(ref Utf8JsonReader reader, JsonPathBuilder path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw new CanonicalJsonException(path.ToString(), "string is not valid Unicode (invalid UTF-8 or a lone surrogate)", exception);
        }
    }

    internal static void WriteString(IBufferWriter<byte> output, string value, JsonPathBuilder path)
    {
        if (JsonStringEscaper.IndexOfLoneSurrogate(value) >= 0)
        {
            throw new CanonicalJsonException(path.ToString(), "string contains a lone surrogate (RFC 8785 section 3.2.2.2)");
        }

        JsonStringEscaper.Write(output, value);
    }

    private static double ReadNumber(ReadOnlySpan<byte> text, JsonPathBuilder path)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new CanonicalJsonException(path.ToString(), "number is outside the IEEE-754 double range (RFC 8785 section 3.2.2.3)");
        }

        return value;
    }
}
