using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace DataSpace.Crypto.Json;

/// <summary>
/// Decides whether JSON text is already in RFC 8785 canonical form in one streaming pass, without building
/// the canonical copy: no whitespace, members in order without duplicates, strings and numbers written the
/// canonical way. Tests hold it equal to "Canonicalize(x) equals x".
/// </summary>
internal static class CanonicalValidator
{
    public static bool IsCanonical(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json[0] == 0xEF || HasWhitespaceOutsideStrings(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, CanonicalTranscoder.ReaderOptions);
        Span<int> previousKeyStart = stackalloc int[CanonicalTranscoder.MaxDepth + 2];
        Span<int> previousKeyLength = stackalloc int[CanonicalTranscoder.MaxDepth + 2];
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        previousKeyStart[++depth] = -1;
                        break;
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName:
                        var key = reader.ValueSpan;
                        var start = (int)reader.TokenStartIndex + 1;
                        if (!IsCanonicalString(key)
                            || (previousKeyStart[depth] >= 0
                                && CanonicalKeyOrder.Compare(json.Slice(previousKeyStart[depth], previousKeyLength[depth]), key) >= 0))
                        {
                            return false;
                        }

                        previousKeyStart[depth] = start;
                        previousKeyLength[depth] = key.Length;
                        break;
                    case JsonTokenType.String:
                        if (!IsCanonicalString(reader.ValueSpan))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.Number:
                        if (!IsCanonicalNumber(reader.ValueSpan))
                        {
                            return false;
                        }

                        break;
                    default:
                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasWhitespaceOutsideStrings(ReadOnlySpan<byte> json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                i = JsonText.SkipString(json, i) - 1;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                return true;
            }
        }

        return false;
    }

    // RFC 8785 section 3.2.2.2: valid UTF-8, and only the escapes the canonical writer produces.
    private static bool IsCanonicalString(ReadOnlySpan<byte> raw)
    {
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] < 0x20)
            {
                return false;
            }

            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            var escape = raw[i + 1];
            if (escape is (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i++;
                continue;
            }

            if (escape != (byte)'u' || !IsCanonicalUnicodeEscape(raw.Slice(i + 2, 4)))
            {
                return false;
            }

            i += 5;
        }

        return true;
    }

    // Only \u0000..\u001f without a short form, with lower-case hex.
    private static bool IsCanonicalUnicodeEscape(ReadOnlySpan<byte> hex)
    {
        if (hex[0] != (byte)'0' || hex[1] != (byte)'0' || hex[2] is not ((byte)'0' or (byte)'1'))
        {
            return false;
        }

        var low = hex[3];
        if (!char.IsAsciiDigit((char)low) && low is not (>= (byte)'a' and <= (byte)'f'))
        {
            return false;
        }

        var value = ((hex[2] - '0') << 4) | (low <= '9' ? low - '0' : low - 'a' + 10);
        return value is not ('\b' or '\f' or '\n' or '\r' or '\t');
    }

    private static bool IsCanonicalNumber(ReadOnlySpan<byte> raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }

        Span<byte> canonical = stackalloc byte[EcmaScriptNumber.MaxLength];
        var length = EcmaScriptNumber.Format(value, canonical);
        return canonical[..length].SequenceEqual(raw);
    }
}
