using System.Text;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Reads the WebAssembly binary format (WebAssembly Core Specification 2.0, §5 "Binary Format") from a span:
/// bytes, LEB128 integers (§5.2.2) and names, strictly (no integer longer or wider than its type allows). Every
/// malformed input is a <see cref="ModuleRejectedException"/> naming the byte offset in the module.
/// </summary>
internal ref struct WasmReader(ReadOnlySpan<byte> bytes, int baseOffset)
{
    /// <summary>Longest import or export name, in bytes.</summary>
    public const int MaxNameBytes = 1024;

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private readonly int _base = baseOffset;
    private int _position;

    public readonly bool AtEnd => _position >= _bytes.Length;

    public readonly int Remaining => _bytes.Length - _position;

    /// <summary>The offset of the next byte in the whole module.</summary>
    public readonly int Offset => _base + _position;

    public byte Byte()
    {
        if (_position >= _bytes.Length)
        {
            throw Malformed("the module ends in the middle of an item");
        }

        return _bytes[_position++];
    }

    public readonly byte Peek() =>
        _position < _bytes.Length ? _bytes[_position] : throw Malformed("the module ends in the middle of an item");

    /// <summary>A u32 (§5.2.2: at most 5 bytes, the unused bits of the last zero).</summary>
    public uint U32()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            if (shift == 28 && (b & 0x70) != 0)
            {
                throw Malformed("an unsigned 32-bit integer is too large");
            }

            value |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Malformed("an unsigned 32-bit integer is longer than 5 bytes");
    }

    /// <summary>A u32 that counts items of at least <paramref name="minItemBytes"/> bytes each, checked against what is left.</summary>
    public uint Count(int minItemBytes, string what)
    {
        var offset = Offset;
        var count = U32();
        if ((ulong)count * (ulong)minItemBytes > (ulong)Remaining)
        {
            throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {offset:N0}, {count:N0} {what} cannot fit in the {Remaining:N0} bytes left");
        }

        return count;
    }

    /// <summary>Skips a signed LEB128 integer of at most <paramref name="bits"/> bits (32, 33 or 64).</summary>
    public void SkipSigned(int bits)
    {
        var maxBytes = (bits + 6) / 7;
        for (var i = 0; i < maxBytes; i++)
        {
            var b = Byte();
            if ((b & 0x80) == 0)
            {
                if (i == maxBytes - 1)
                {
                    // The unused bits of the last byte must all equal the sign bit (§5.2.2).
                    var used = bits - (7 * i);
                    var rest = (b & 0x7f) >> (used - 1);
                    if (rest != 0 && rest != (0x7f >> (used - 1)))
                    {
                        throw Malformed($"a signed {bits}-bit integer is too large");
                    }
                }

                return;
            }
        }

        throw Malformed($"a signed {bits}-bit integer is longer than {maxBytes} bytes");
    }

    public void Skip(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Malformed("the module ends in the middle of an item");
        }

        _position += count;
    }

    /// <summary>The next <paramref name="count"/> bytes.</summary>
    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Malformed("the module ends in the middle of an item");
        }

        var slice = _bytes.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>A name (§5.2.4): a length-prefixed UTF-8 string of at most <see cref="MaxNameBytes"/> bytes.</summary>
    public string Name()
    {
        var offset = Offset;
        var length = U32();
        if (length > MaxNameBytes)
        {
            throw new ModuleRejectedException($"the name at byte {offset:N0} is {length:N0} bytes; the limit is {MaxNameBytes:N0}");
        }

        return Encoding.UTF8.GetString(Bytes((int)length));
    }

    public readonly ModuleRejectedException Malformed(string what) =>
        new($"module is not valid WebAssembly: at byte {Offset:N0}, {what}");
}
