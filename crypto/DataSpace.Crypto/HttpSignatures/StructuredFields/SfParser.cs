using System.Globalization;

namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>
/// A strict RFC 8941 section 4.2 parser for dictionaries, which is all that <c>Signature-Input</c>, <c>Signature</c>
/// and <c>Content-Digest</c> need. Any deviation is an <see cref="HttpSignatureException"/> naming the field and the
/// character offset. Stricter than the RFC in one place: a repeated dictionary or parameter key is refused rather
/// than the later one silently winning, since two different values for one label can only be an attack or a bug.
/// </summary>
internal ref struct SfParser
{
    private const long MaxInteger = 999_999_999_999_999;

    private readonly ReadOnlySpan<char> _input;
    private readonly string _field;
    private int _position;

    private SfParser(ReadOnlySpan<char> input, string field)
    {
        _input = input;
        _field = field;
        _position = 0;
    }

    /// <summary>Parses a dictionary field value; <paramref name="field"/> names it in error messages.</summary>
    public static IReadOnlyList<KeyValuePair<string, SfMember>> ParseDictionary(ReadOnlySpan<char> input, string field)
    {
        var parser = new SfParser(input, field);
        parser.SkipSpaces();
        var members = parser.ReadDictionary();
        parser.SkipSpaces();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected character after the last member");
        }

        return members;
    }

    private readonly bool AtEnd => _position >= _input.Length;

    private readonly char Peek => AtEnd ? '\0' : _input[_position];

    // RFC 8941 section 4.2.2
    private List<KeyValuePair<string, SfMember>> ReadDictionary()
    {
        var members = new List<KeyValuePair<string, SfMember>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!AtEnd)
        {
            var keyAt = _position;
            var key = ReadKey();
            SfMember member;
            if (Peek == '=')
            {
                _position++;
                member = ReadItemOrInnerList();
            }
            else
            {
                member = new SfItem(true, ReadParameters());
            }

            if (!seen.Add(key))
            {
                throw Error($"dictionary key '{key}' appears twice", keyAt);
            }

            members.Add(new(key, member));
            SkipOptionalWhitespace();
            if (AtEnd)
            {
                return members;
            }

            if (Peek != ',')
            {
                throw Error("expected ',' between dictionary members");
            }

            _position++;
            SkipOptionalWhitespace();
            if (AtEnd)
            {
                throw Error("trailing ',' after the last dictionary member");
            }
        }

        return members;
    }

    private SfMember ReadItemOrInnerList() => Peek == '(' ? ReadInnerList() : ReadItem();

    // RFC 8941 section 4.2.1.2
    private SfInnerList ReadInnerList()
    {
        _position++;
        var items = new List<SfItem>();
        while (!AtEnd)
        {
            SkipSpaces();
            if (Peek == ')')
            {
                _position++;
                return new SfInnerList(items, ReadParameters());
            }

            items.Add(ReadItem());
            if (AtEnd)
            {
                break;
            }

            if (Peek is not ' ' and not ')')
            {
                throw Error("expected ' ' or ')' after an inner list item");
            }
        }

        throw Error("inner list is not closed with ')'");
    }

    // RFC 8941 section 4.2.3
    private SfItem ReadItem()
    {
        var value = ReadBareItem();
        return new SfItem(value, ReadParameters());
    }

    // RFC 8941 section 4.2.3.1
    private object ReadBareItem()
    {
        var c = Peek;
        return c switch
        {
            '-' or (>= '0' and <= '9') => ReadNumber(),
            '"' => ReadString(),
            '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => ReadToken(),
            ':' => ReadByteSequence(),
            '?' => ReadBoolean(),
            _ => throw Error(AtEnd ? "expected a value, found the end" : $"unexpected character '{c}' where a value should start"),
        };
    }

    // RFC 8941 section 4.2.3.2
    private SfParameters ReadParameters()
    {
        List<KeyValuePair<string, object>>? entries = null;
        while (Peek == ';')
        {
            _position++;
            SkipSpaces();
            var keyAt = _position;
            var key = ReadKey();
            object value = true;
            if (Peek == '=')
            {
                _position++;
                value = ReadBareItem();
            }

            entries ??= [];
            foreach (var entry in entries)
            {
                if (entry.Key == key)
                {
                    throw Error($"parameter '{key}' appears twice", keyAt);
                }
            }

            entries.Add(new(key, value));
        }

        return entries is null ? SfParameters.Empty : new SfParameters(entries);
    }

    // RFC 8941 section 4.2.3.3
    private string ReadKey()
    {
        var start = _position;
        if (Peek is not ('*' or (>= 'a' and <= 'z')))
        {
            throw Error(AtEnd ? "expected a key, found the end" : $"a key must start with a lowercase letter or '*', found '{Peek}'");
        }

        _position++;
        while (Peek is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.' or '*')
        {
            _position++;
        }

        return _input[start.._position].ToString();
    }

    // RFC 8941 section 4.2.4
    private object ReadNumber()
    {
        var start = _position;
        var negative = Peek == '-';
        if (negative)
        {
            _position++;
        }

        if (Peek is not (>= '0' and <= '9'))
        {
            throw Error("expected a digit in a number");
        }

        var digitsStart = _position;
        var dot = -1;
        while (!AtEnd)
        {
            var c = Peek;
            if (c is >= '0' and <= '9')
            {
                _position++;
            }
            else if (c == '.' && dot < 0)
            {
                if (_position - digitsStart > 12)
                {
                    throw Error("a decimal has more than 12 integer digits", start);
                }

                dot = _position;
                _position++;
            }
            else
            {
                break;
            }

            var length = _position - digitsStart;
            if (dot < 0 && length > 15)
            {
                throw Error("an integer has more than 15 digits", start);
            }

            if (dot >= 0 && length > 16)
            {
                throw Error("a decimal is longer than 16 characters", start);
            }
        }

        var text = _input[start.._position];
        if (dot < 0)
        {
            var value = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return value is >= -MaxInteger and <= MaxInteger ? value : throw Error("integer out of range", start);
        }

        var fraction = _position - dot - 1;
        if (fraction is < 1 or > 3)
        {
            throw Error("a decimal needs 1 to 3 fractional digits", start);
        }

        return decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    // RFC 8941 section 4.2.5
    private string ReadString()
    {
        var start = _position;
        _position++;
        var builder = new System.Text.StringBuilder();
        while (!AtEnd)
        {
            var c = _input[_position++];
            if (c == '\\')
            {
                if (AtEnd)
                {
                    throw Error("string ends inside an escape", start);
                }

                var escaped = _input[_position++];
                if (escaped is not ('"' or '\\'))
                {
                    throw Error($"string has an invalid escape '\\{escaped}'", _position - 2);
                }

                builder.Append(escaped);
            }
            else if (c == '"')
            {
                return builder.ToString();
            }
            else if (c is < ' ' or > '~')
            {
                throw Error("string holds a character outside printable ASCII", _position - 1);
            }
            else
            {
                builder.Append(c);
            }
        }

        throw Error("string is not closed with '\"'", start);
    }

    // RFC 8941 section 4.2.6
    private SfToken ReadToken()
    {
        var start = _position;
        _position++;
        while (!AtEnd && (IsTChar(Peek) || Peek is ':' or '/'))
        {
            _position++;
        }

        return new SfToken(_input[start.._position].ToString());
    }

    // RFC 8941 section 4.2.7
    private byte[] ReadByteSequence()
    {
        var start = _position;
        _position++;
        var end = _input[_position..].IndexOf(':');
        if (end < 0)
        {
            throw Error("byte sequence is not closed with ':'", start);
        }

        var text = _input.Slice(_position, end);
        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '='))
            {
                throw Error($"byte sequence holds '{c}', which is not base64", start);
            }
        }

        _position += end + 1;
        var bytes = new byte[text.Length / 4 * 3];
        if (text.Length % 4 != 0 || !Convert.TryFromBase64Chars(text, bytes, out var written))
        {
            throw Error("byte sequence is not padded, canonical base64", start);
        }

        return bytes.AsSpan(0, written).ToArray();
    }

    // RFC 8941 section 4.2.8
    private bool ReadBoolean()
    {
        _position++;
        var c = Peek;
        if (c is '0' or '1')
        {
            _position++;
            return c == '1';
        }

        throw Error("a boolean must be ?0 or ?1");
    }

    // RFC 9110 section 5.6.2
    internal static bool IsTChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private void SkipSpaces()
    {
        while (Peek == ' ')
        {
            _position++;
        }
    }

    private void SkipOptionalWhitespace()
    {
        while (Peek is ' ' or '\t')
        {
            _position++;
        }
    }

    private readonly HttpSignatureException Error(string what) => Error(what, _position);

    private readonly HttpSignatureException Error(string what, int at) =>
        new($"{_field}: {what} (at offset {at})");
}
