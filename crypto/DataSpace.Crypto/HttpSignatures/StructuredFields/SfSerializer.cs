using System.Globalization;
using System.Text;

namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>RFC 8941 section 4.1 serialisation of the values the signatures write; invalid values are refused.</summary>
internal static class SfSerializer
{
    private const long MaxInteger = 999_999_999_999_999;

    // RFC 8941 section 4.1.2
    public static string Dictionary(IReadOnlyList<KeyValuePair<string, SfMember>> members)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            var (key, member) = members[i];
            WriteKey(builder, key);
            if (member is SfItem { Value: true } flag)
            {
                WriteParameters(builder, flag.Parameters);
            }
            else
            {
                builder.Append('=');
                WriteMember(builder, member);
            }
        }

        return builder.ToString();
    }

    public static string Member(SfMember member)
    {
        var builder = new StringBuilder();
        WriteMember(builder, member);
        return builder.ToString();
    }

    private static void WriteMember(StringBuilder builder, SfMember member)
    {
        switch (member)
        {
            case SfInnerList list:
                WriteInnerList(builder, list);
                break;
            case SfItem item:
                WriteBareItem(builder, item.Value);
                WriteParameters(builder, item.Parameters);
                break;
            default:
                throw new ArgumentException("unknown member type", nameof(member));
        }
    }

    // RFC 8941 section 4.1.1.1
    private static void WriteInnerList(StringBuilder builder, SfInnerList list)
    {
        builder.Append('(');
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            WriteBareItem(builder, list.Items[i].Value);
            WriteParameters(builder, list.Items[i].Parameters);
        }

        builder.Append(')');
        WriteParameters(builder, list.Parameters);
    }

    // RFC 8941 section 4.1.1.2
    private static void WriteParameters(StringBuilder builder, SfParameters parameters)
    {
        foreach (var (key, value) in parameters.Entries)
        {
            builder.Append(';');
            WriteKey(builder, key);
            if (value is not true)
            {
                builder.Append('=');
                WriteBareItem(builder, value);
            }
        }
    }

    // RFC 8941 section 4.1.1.3
    private static void WriteKey(StringBuilder builder, string key)
    {
        if (!IsKey(key))
        {
            throw new HttpSignatureException($"'{key}' is not a structured field key: lowercase letters, digits, '_', '-', '.', '*', starting with a letter or '*'");
        }

        builder.Append(key);
    }

    public static bool IsKey(string key)
    {
        if (key.Length == 0 || key[0] is not ('*' or (>= 'a' and <= 'z')))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.' or '*'))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 8941 section 4.1.3
    private static void WriteBareItem(StringBuilder builder, object value)
    {
        switch (value)
        {
            case long integer:
                if (integer is < -MaxInteger or > MaxInteger)
                {
                    throw new HttpSignatureException($"integer {integer} is out of the structured field range");
                }

                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal number:
                var rounded = Math.Round(number, 3, MidpointRounding.ToEven);
                if (Math.Abs(rounded) >= 1_000_000_000_000m)
                {
                    throw new HttpSignatureException($"decimal {number} is out of the structured field range");
                }

                builder.Append(rounded.ToString("0.0##", CultureInfo.InvariantCulture));
                break;
            case string text:
                WriteString(builder, text);
                break;
            case SfToken token:
                WriteToken(builder, token.Value);
                break;
            case byte[] bytes:
                builder.Append(':').Append(Convert.ToBase64String(bytes)).Append(':');
                break;
            case bool boolean:
                builder.Append(boolean ? "?1" : "?0");
                break;
            default:
                throw new ArgumentException($"{value.GetType().Name} is not a structured field bare item", nameof(value));
        }
    }

    // RFC 8941 section 4.1.6
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                throw new HttpSignatureException("a structured field string may hold printable ASCII only");
            }

            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    // RFC 8941 section 4.1.7
    private static void WriteToken(StringBuilder builder, string token)
    {
        if (token.Length == 0 || token[0] is not ('*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')))
        {
            throw new HttpSignatureException($"'{token}' is not a token");
        }

        foreach (var c in token)
        {
            if (!SfParser.IsTChar(c) && c is not (':' or '/'))
            {
                throw new HttpSignatureException($"'{token}' is not a token");
            }
        }

        builder.Append(token);
    }
}
