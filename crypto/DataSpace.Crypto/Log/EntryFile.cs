using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The log's entries on disk. <c>entries</c> is the source of truth: records of
/// <c>[u32 LE length][leaf bytes][first 8 bytes of the leaf hash]</c>, appended in commits and made durable
/// with fsync before a commit is acknowledged. <c>index</c> holds each record's u64 LE offset; it is derived
/// and rebuilt from <c>entries</c> after a crash. The entries file is held with an exclusive lock: one writer.
/// </summary>
internal sealed class EntryFile : IDisposable
{
    public const int HeaderSize = 4;
    public const int TrailerSize = 8;
    public const int OffsetSize = 8;

    private readonly SafeFileHandle _data;
    private readonly SafeFileHandle _index;
    private long _dataLength;
    private long _count;
    private bool _indexDirty;

    public EntryFile(string dataPath, string indexPath)
    {
        try
        {
            _data = File.OpenHandle(dataPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the log file {dataPath} is in use by another process (the log has one writer)", e);
        }

        _index = File.OpenHandle(indexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _dataLength = RandomAccess.GetLength(_data);
        _count = RandomAccess.GetLength(_index) / OffsetSize;
    }

    /// <summary>Bytes in the entries file, including any torn tail not yet recovered.</summary>
    public long DataLength => _dataLength;

    /// <summary>Records the index knows.</summary>
    public long IndexedCount => _count;

    public SafeFileHandle DataHandle => _data;

    /// <summary>Appends whole records and their offsets, then makes the records durable.</summary>
    public void Append(ReadOnlySpan<byte> records, ReadOnlySpan<byte> offsets)
    {
        RandomAccess.Write(_data, records, _dataLength);
        RandomAccess.Write(_index, offsets, _count * OffsetSize);
        RandomAccess.FlushToDisk(_data);
        _dataLength += records.Length;
        _count += offsets.Length / OffsetSize;
        _indexDirty = true;
    }

    /// <summary>Appends offsets of records already in the entries file (recovery).</summary>
    public void AppendIndex(ReadOnlySpan<byte> offsets)
    {
        RandomAccess.Write(_index, offsets, _count * OffsetSize);
        _count += offsets.Length / OffsetSize;
        _indexDirty = true;
    }

    public long OffsetOf(long index)
    {
        Span<byte> buffer = stackalloc byte[OffsetSize];
        if (RandomAccess.Read(_index, buffer, index * OffsetSize) != OffsetSize)
        {
            throw new InvalidDataException($"log index is truncated at entry {index}");
        }

        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    /// <summary>Reads the leaf bytes of record <paramref name="index"/>.</summary>
    public byte[] ReadLeaf(long index)
    {
        var offset = OffsetOf(index);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (RandomAccess.Read(_data, header, offset) != HeaderSize)
        {
            throw new InvalidDataException($"log entry {index} is truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || offset + HeaderSize + length > _dataLength)
        {
            throw new InvalidDataException($"log entry {index} has a bad length");
        }

        var leaf = new byte[length];
        if (RandomAccess.Read(_data, leaf, offset + HeaderSize) != length)
        {
            throw new InvalidDataException($"log entry {index} is truncated");
        }

        return leaf;
    }

    /// <summary>Cuts the index to <paramref name="count"/> records.</summary>
    public void TruncateIndex(long count)
    {
        if (_count > count)
        {
            RandomAccess.SetLength(_index, count * OffsetSize);
            _count = count;
            _indexDirty = true;
        }
    }

    /// <summary>Cuts a torn tail off the entries file and makes the cut durable.</summary>
    public void TruncateData(long length)
    {
        if (_dataLength != length)
        {
            RandomAccess.SetLength(_data, length);
            RandomAccess.FlushToDisk(_data);
            _dataLength = length;
        }
    }

    /// <summary>
    /// Cuts both files back to the records and offsets acknowledged so far, dropping what a failed append wrote past
    /// them, and makes the cut of <c>entries</c> durable.
    /// </summary>
    public void RollBack()
    {
        RandomAccess.SetLength(_index, _count * OffsetSize);
        RandomAccess.SetLength(_data, _dataLength);
        RandomAccess.FlushToDisk(_data);
        _indexDirty = true;
    }

    /// <summary>Makes the next <see cref="SyncIndex"/> fsync the index even if nothing was written since the last.</summary>
    public void MarkIndexDirty() => _indexDirty = true;

    public void SyncIndex()
    {
        if (_indexDirty)
        {
            RandomAccess.FlushToDisk(_index);
            _indexDirty = false;
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _data.Dispose();
    }
}
