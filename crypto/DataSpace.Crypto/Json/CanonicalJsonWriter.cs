using System.Buffers;
using System.Buffers.Text;

namespace DataSpace.Crypto.Json;

/// <summary>
/// Writes RFC 8785 canonical JSON straight to UTF-8, for documents too large to build as <c>JsonNode</c> trees first
/// (a settlement statement lists a month's runs). The caller writes each object's members in canonical order (UTF-16
/// code units, ordinal); the writer checks that order, escapes strings as <see cref="CanonicalJson"/> does and writes
/// integers as ECMAScript writes the double they are, so the bytes are those <see cref="CanonicalJson.Serialize(System.Text.Json.Nodes.JsonNode?)"/>
/// gives for the same value.
/// </summary>
public sealed class CanonicalJsonWriter(IBufferWriter<byte> output)
{
    private const long MaxExactInteger = 1L << 53;

    /// <summary>Printable ASCII but '"' and '\\': written as is.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");
    private readonly IBufferWriter<byte> _output = output ?? throw new ArgumentNullException(nameof(output));
    private Scope[] _scopes = new Scope[16];
    private int _depth;
    private bool _afterName;

    public void StartObject()
    {
        BeforeValue();
        WriteByte((byte)'{');
        Push(true);
    }

    public void EndObject() => End(true, (byte)'}');

    public void StartArray()
    {
        BeforeValue();
        WriteByte((byte)'[');
        Push(false);
    }

    public void EndArray() => End(false, (byte)']');

    /// <summary>The next member's name; throws when it does not sort after the previous member's.</summary>
    public void Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_depth == 0 || !_scopes[_depth - 1].IsObject || _afterName)
        {
            throw new InvalidOperationException($"member '{name}' outside an object");
        }

        ref var scope = ref _scopes[_depth - 1];
        if (scope.LastName is { } last)
        {
            if (string.CompareOrdinal(last, name) >= 0)
            {
                throw new InvalidOperationException($"member '{name}' written after '{last}': not canonical order");
            }

            WriteByte((byte)',');
        }

        scope.LastName = name;
        WriteEscaped(name);
        WriteByte((byte)':');
        _afterName = true;
    }

    public void String(ReadOnlySpan<char> value)
    {
        BeforeValue();
        WriteEscaped(value);
    }

    /// <summary>A string given as UTF-8 the caller wrote (valid UTF-8, e.g. canonical JSON text or invariant formatting), escaped as <see cref="String"/> escapes.</summary>
    public void Utf8String(ReadOnlySpan<byte> value)
    {
        BeforeValue();
        WriteByte((byte)'"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b >= 0x20 && b != '"' && b != '\\')
            {
                continue;
            }

            _output.Write(value[runStart..i]);
            if (b is (byte)'"' or (byte)'\\')
            {
                var escape = _output.GetSpan(2);
                escape[0] = (byte)'\\';
                escape[1] = b;
                _output.Advance(2);
            }
            else
            {
                JsonStringEscaper.Write(_output, [(char)b], quoted: false);
            }

            runStart = i + 1;
        }

        _output.Write(value[runStart..]);
        WriteByte((byte)'"');
    }

    public void Number(long value)
    {
        BeforeValue();
        if (value is > -MaxExactInteger and < MaxExactInteger)
        {
            var span = _output.GetSpan(20);
            Utf8Formatter.TryFormat(value, span, out var written);
            _output.Advance(written);
        }
        else
        {
            EcmaScriptNumber.Write(_output, value);
        }
    }

    public void Boolean(bool value)
    {
        BeforeValue();
        _output.Write(value ? "true"u8 : "false"u8);
    }

    public void Null()
    {
        BeforeValue();
        _output.Write("null"u8);
    }

    /// <summary>A value already in canonical form (e.g. a signed statement's canonical JSON), copied as is.</summary>
    public void Canonical(ReadOnlySpan<byte> canonicalValue)
    {
        BeforeValue();
        _output.Write(canonicalValue);
    }

    private void WriteEscaped(ReadOnlySpan<char> value)
    {
        // Most names and values are short printable ASCII: copied as bytes, nothing to escape.
        if (value.Length <= 256 && !value.ContainsAnyExcept(PlainAscii))
        {
            var span = _output.GetSpan(value.Length + 2);
            span[0] = (byte)'"';
            System.Text.Ascii.FromUtf16(value, span[1..], out var written);
            span[written + 1] = (byte)'"';
            _output.Advance(written + 2);
            return;
        }

        if (JsonStringEscaper.IndexOfLoneSurrogate(value) is var at and >= 0)
        {
            throw new CanonicalJsonException($"string[{at}]", "lone surrogate (RFC 8785 section 3.2.2.2)");
        }

        JsonStringEscaper.Write(_output, value);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_depth > 0)
        {
            ref var scope = ref _scopes[_depth - 1];
            if (scope.IsObject)
            {
                throw new InvalidOperationException("a value in an object without a member name");
            }

            if (scope.HasItems)
            {
                WriteByte((byte)',');
            }

            scope.HasItems = true;
        }
    }

    private void End(bool isObject, byte close)
    {
        if (_afterName || _depth == 0 || _scopes[_depth - 1].IsObject != isObject)
        {
            throw new InvalidOperationException(isObject ? "no object to end" : "no array to end");
        }

        _depth--;
        WriteByte(close);
    }

    private void Push(bool isObject)
    {
        if (_depth == _scopes.Length)
        {
            Array.Resize(ref _scopes, _depth * 2);
        }

        _scopes[_depth++] = new Scope { IsObject = isObject };
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private struct Scope
    {
        public bool IsObject;
        public bool HasItems;
        public string? LastName;
    }
}
