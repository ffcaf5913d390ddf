using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The bytes hashed as Merkle leaf i, and line i of an export's entries.jsonl (without the newline):
/// <c>{"entry":&lt;canonical LogEntry&gt;,"index":&lt;i&gt;,"prev":"&lt;base64 leaf hash of entry i-1&gt;"}</c>.
/// The keys are already in RFC 8785 order, so a leaf is itself canonical JSON; "prev" chains the entries so that
/// a verifier can name the first altered one.
/// </summary>
public static class LogLeaf
{
    /// <summary>Size of the previous leaf hash.</summary>
    public const int HashSize = 32;

    /// <summary>
    /// The largest index: 2^53, beyond which not every integer is an IEEE-754 double, so an RFC 8785
    /// number could not hold the index exactly (section 3.2.2.3).
    /// </summary>
    public const long MaxIndex = 1L << 53;

    private const int PrevBase64Length = 44;
    private const int MaxIndexDigits = 16;

    private static ReadOnlySpan<byte> EntryPrefix => "{\"entry\":"u8;

    private static ReadOnlySpan<byte> IndexPrefix => ",\"index\":"u8;

    private static ReadOnlySpan<byte> PrevPrefix => ",\"prev\":\""u8;

    private static ReadOnlySpan<byte> Suffix => "\"}"u8;

    /// <summary>
    /// Splices a leaf around <paramref name="canonicalEntry"/>, which must be <see cref="LogEntry.ToCanonicalJson"/>
    /// output: nothing is parsed and nothing is allocated beyond <paramref name="output"/>'s buffer.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(IBufferWriter<byte> output, ReadOnlySpan<byte> canonicalEntry, long index, ReadOnlySpan<byte> previousLeafHash)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndex);
        if (previousLeafHash.Length != HashSize)
        {
            throw new ArgumentException($"the previous leaf hash must be {HashSize} bytes", nameof(previousLeafHash));
        }

        if (canonicalEntry.Length < 2 || canonicalEntry[0] != (byte)'{' || canonicalEntry[^1] != (byte)'}')
        {
            throw new ArgumentException("the entry must be a canonical JSON object", nameof(canonicalEntry));
        }

        var fixedLength = EntryPrefix.Length + IndexPrefix.Length + PrevPrefix.Length + PrevBase64Length + Suffix.Length;
        var span = output.GetSpan(fixedLength + canonicalEntry.Length + MaxIndexDigits);
        var pos = Append(span, 0, EntryPrefix);
        pos = Append(span, pos, canonicalEntry);
        pos = Append(span, pos, IndexPrefix);
        index.TryFormat(span[pos..], out var digits, default, CultureInfo.InvariantCulture);
        pos = Append(span, pos + digits, PrevPrefix);
        Base64.EncodeToUtf8(previousLeafHash, span[pos..], out _, out var encoded);
        pos = Append(span, pos + encoded, Suffix);
        output.Advance(pos);
        return pos;
    }

    /// <summary>
    /// Reads a leaf strictly: exactly the shape <see cref="Write"/> produces, the entry a canonical JSON object,
    /// index a canonical integer in 0..<see cref="MaxIndex"/>, prev 32 bytes in canonical base64.
    /// The entry's own fields are <see cref="LogEntry.Parse"/>'s business.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> leaf, out LogLeafParts parts, [NotNullWhen(false)] out string? error)
    {
        parts = default;
        if (!leaf.StartsWith(EntryPrefix))
        {
            error = "$: a leaf starts with {\"entry\":";
            return false;
        }

        var entryStart = EntryPrefix.Length;
        var entryLength = ObjectLength(leaf[entryStart..]);
        if (entryLength < 0 || !CanonicalJson.IsCanonical(leaf.Slice(entryStart, entryLength)))
        {
            error = "$.entry: not a canonical JSON object (RFC 8785)";
            return false;
        }

        var rest = leaf[(entryStart + entryLength)..];
        if (!rest.StartsWith(IndexPrefix) || !TryReadIndex(rest[IndexPrefix.Length..], out var index, out var digits))
        {
            error = "$.index: expected \"index\" as a canonical integer in 0..2^53";
            return false;
        }

        rest = rest[(IndexPrefix.Length + digits)..];
        var previous = new byte[HashSize];
        if (!rest.StartsWith(PrevPrefix) || !TryReadHash(rest[PrevPrefix.Length..], previous))
        {
            error = "$.prev: expected \"prev\" as 32 bytes in canonical standard base64";
            return false;
        }

        if (!rest[(PrevPrefix.Length + PrevBase64Length)..].SequenceEqual(Suffix))
        {
            error = "$: expected the leaf to end after \"prev\"";
            return false;
        }

        parts = new LogLeafParts(new Range(entryStart, entryStart + entryLength), index, previous);
        error = null;
        return true;
    }

    /// <summary>
    /// True when <paramref name="leaf"/> has the shape <see cref="Write"/> gives leaf <paramref name="index"/> after a
    /// leaf hashing to <paramref name="previousLeafHash"/>: <c>{"entry":{</c> … <c>},"index":i,"prev":"…"}</c>. Compares
    /// bytes only (no parse, no allocation), for the start-up check of every entry; <see cref="TryParse"/> is the strict reading.
    /// </summary>
    internal static bool HasPosition(ReadOnlySpan<byte> leaf, long index, ReadOnlySpan<byte> previousLeafHash)
    {
        Span<byte> tail = stackalloc byte[IndexPrefix.Length + MaxIndexDigits + 1 + PrevPrefix.Length + PrevBase64Length + Suffix.Length];
        var pos = Append(tail, 0, IndexPrefix);
        index.TryFormat(tail[pos..], out var digits, default, CultureInfo.InvariantCulture);
        pos = Append(tail, pos + digits, PrevPrefix);
        Base64.EncodeToUtf8(previousLeafHash, tail[pos..], out _, out var encoded);
        pos = Append(tail, pos + encoded, Suffix);
        var expected = tail[..pos];
        return leaf.Length >= EntryPrefix.Length + 2 + expected.Length
            && leaf.StartsWith(EntryPrefix)
            && leaf[EntryPrefix.Length] == (byte)'{'
            && leaf.EndsWith(expected)
            && leaf[leaf.Length - expected.Length - 1] == (byte)'}';
    }

    private static int Append(Span<byte> destination, int pos, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[pos..]);
        return pos + bytes.Length;
    }

    // Length of the object at the start of text, found by bracket depth outside strings; -1 if it never closes.
    private static int ObjectLength(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return -1;
        }

        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'"')
            {
                i = JsonText.SkipString(text, i) - 1;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']' && --depth == 0)
            {
                return i + 1;
            }
        }

        return -1;
    }

    // RFC 8785 section 3.2.2.3 integers: no sign, no leading zero, no fraction or exponent.
    private static bool TryReadIndex(ReadOnlySpan<byte> text, out long index, out int digits)
    {
        index = 0;
        digits = 0;
        while (digits < text.Length && digits <= MaxIndexDigits && char.IsAsciiDigit((char)text[digits]))
        {
            index = (index * 10) + (text[digits] - '0');
            digits++;
        }

        return digits is > 0 and <= MaxIndexDigits
            && (digits == 1 || text[0] != (byte)'0')
            && index <= MaxIndex
            && digits < text.Length && text[digits] == (byte)',';
    }

    private static bool TryReadHash(ReadOnlySpan<byte> text, Span<byte> hash)
    {
        if (text.Length < PrevBase64Length)
        {
            return false;
        }

        var base64 = text[..PrevBase64Length];
        if (Base64.DecodeFromUtf8(base64, hash, out _, out var written) != OperationStatus.Done || written != HashSize)
        {
            return false;
        }

        // Refuse non-zero padding bits: only one text may stand for a hash.
        Span<byte> again = stackalloc byte[PrevBase64Length];
        Base64.EncodeToUtf8(hash, again, out _, out _);
        return again.SequenceEqual(base64);
    }
}
