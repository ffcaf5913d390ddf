using System.Buffers.Binary;
using DataSpace.Crypto.Merkle;
using Microsoft.Win32.SafeHandles;

namespace DataSpace.Crypto.Log;

/// <summary>
/// Reads entry records sequentially from an offset with large buffered reads, checking each record's length
/// and its 8-byte leaf-hash check; stops at the end or at the first record that is torn or corrupt.
/// </summary>
internal sealed class RecordReader(SafeFileHandle handle, long offset, long end, MerkleHasher hasher, int maxLeafBytes)
{
    private byte[] _buffer = new byte[1 << 20];
    private long _bufferStart = offset;
    private int _bufferLength;
    private int _position;
    private long _offset = offset;

    /// <summary>The offset just past the last good record returned.</summary>
    public long Offset => _offset;

    /// <summary>True when the reader stopped before <c>end</c> at a bad record.</summary>
    public bool StoppedAtBadRecord => Damage != RecordDamage.None;

    /// <summary>What was wrong with the record the reader stopped at.</summary>
    public RecordDamage Damage { get; private set; }

    /// <summary>Reads the next record; <paramref name="leaf"/> and <paramref name="leafHash"/> are valid until the next call.</summary>
    public bool TryNext(out ReadOnlySpan<byte> leaf, Span<byte> leafHash)
    {
        leaf = default;
        if (_offset >= end)
        {
            return false;
        }

        if (!Ensure(EntryFile.HeaderSize))
        {
            return Stop(RecordDamage.Truncated);
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_position));
        if (length <= 0 || length > maxLeafBytes)
        {
            return Stop(RecordDamage.BadLength);
        }

        if (!Ensure(EntryFile.HeaderSize + length + EntryFile.TrailerSize))
        {
            return Stop(RecordDamage.Truncated);
        }

        leaf = _buffer.AsSpan(_position + EntryFile.HeaderSize, length);
        hasher.HashLeaf(leaf, leafHash);
        var check = _buffer.AsSpan(_position + EntryFile.HeaderSize + length, EntryFile.TrailerSize);
        if (!check.SequenceEqual(leafHash[..EntryFile.TrailerSize]))
        {
            leaf = default;
            return Stop(RecordDamage.BadCheck);
        }

        var recordLength = EntryFile.HeaderSize + length + EntryFile.TrailerSize;
        _position += recordLength;
        _offset += recordLength;
        return true;
    }

    private bool Stop(RecordDamage damage)
    {
        Damage = damage;
        return false;
    }

    private bool Ensure(int count)
    {
        if (_offset + count > end)
        {
            return false;
        }

        if (_position + count <= _bufferLength)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            _buffer = new byte[count];
        }

        _bufferStart = _offset;
        _position = 0;
        var want = (int)Math.Min(_buffer.Length, end - _offset);
        _bufferLength = 0;
        while (_bufferLength < want)
        {
            var read = RandomAccess.Read(handle, _buffer.AsSpan(_bufferLength, want - _bufferLength), _bufferStart + _bufferLength);
            if (read == 0)
            {
                break;
            }

            _bufferLength += read;
        }

        return count <= _bufferLength;
    }
}
