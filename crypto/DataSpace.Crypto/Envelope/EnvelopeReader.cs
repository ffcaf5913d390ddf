using System.Buffers.Binary;

namespace DataSpace.Crypto.Envelope;

/// <summary>Reads the fields of a serialized envelope in order; running out of bytes is an <see cref="EnvelopeException"/>.</summary>
internal ref struct EnvelopeReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _offset;

    public byte ReadByte(string field) => Read(1, field)[0];

    /// <summary>A 2-byte big-endian length.</summary>
    public int ReadLength(string field) => BinaryPrimitives.ReadUInt16BigEndian(Read(2, field));

    public ReadOnlySpan<byte> Read(int length, string field)
    {
        var left = _input.Length - _offset;
        if (length > left)
        {
            throw new EnvelopeException(
                $"envelope is truncated: the {field} needs {length} bytes at offset {_offset}, {left} left");
        }

        var slice = _input.Slice(_offset, length);
        _offset += length;
        return slice;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _input[_offset..];
        _offset = _input.Length;
        return rest;
    }
}
