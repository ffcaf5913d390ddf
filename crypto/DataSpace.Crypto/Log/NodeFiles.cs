using DataSpace.Crypto.Merkle;
using Microsoft.Win32.SafeHandles;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The log's complete-subtree hashes on disk: one append-only file per tree level (<c>nodes/LL</c>), where
/// level L holds the hash of every complete subtree of 2^L leaves, 32 bytes each, in order. A tree of n leaves
/// keeps fewer than 2n hashes on disk and none in memory. The files are derived from the entries and rebuilt
/// from them after a crash; writes are buffered per commit and flushed before the commit is acknowledged.
/// </summary>
internal sealed class NodeFiles : INodeHashSource, INodeHashSink, IDisposable
{
    private const int MaxLevels = 63;
    private const int HashSize = MerkleHasher.HashSize;

    private readonly string _directory;
    private readonly SafeFileHandle?[] _handles = new SafeFileHandle?[MaxLevels];
    private readonly long[] _stored = new long[MaxLevels];
    private readonly byte[]?[] _pending = new byte[MaxLevels][];
    private readonly int[] _pendingCount = new int[MaxLevels];
    private readonly bool[] _dirty = new bool[MaxLevels];
    private readonly UpperNodeCache _cache;

    public NodeFiles(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        for (var level = 0; level < MaxLevels; level++)
        {
            var path = PathOf(level);
            if (!File.Exists(path))
            {
                break;
            }

            var handle = Open(path);
            _handles[level] = handle;
            _stored[level] = RandomAccess.GetLength(handle) / HashSize;
        }

        _cache = new UpperNodeCache(_stored[0]);
        for (var level = _cache.From; level < MaxLevels && _handles[level] is { } handle; level++)
        {
            var bytes = new byte[checked((int)(_stored[level] * HashSize))];
            var read = RandomAccess.Read(handle, bytes, 0);
            _cache.Load(level, bytes.AsSpan(0, read));
        }
    }

    /// <summary>How many hashes of <paramref name="level"/> are stored (flushed or pending).</summary>
    public long Count(int level) => _stored[level] + _pendingCount[level];

    public void WriteNode(int level, long index, ReadOnlySpan<byte> hash)
    {
        if (index != Count(level))
        {
            throw new InvalidOperationException($"node ({level}, {index}) written out of order: level holds {Count(level)}");
        }

        var buffer = _pending[level] ??= new byte[HashSize * 256];
        var at = _pendingCount[level] * HashSize;
        if (at + HashSize > buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            _pending[level] = buffer;
        }

        hash[..HashSize].CopyTo(buffer.AsSpan(at));
        _pendingCount[level]++;
        _cache.Append(level, index, hash);
    }

    /// <summary>Writes every pending hash to its level file (one write per level); not yet durable.</summary>
    public void Flush()
    {
        for (var level = 0; level < MaxLevels; level++)
        {
            var count = _pendingCount[level];
            if (count == 0)
            {
                continue;
            }

            var handle = _handles[level] ??= Open(PathOf(level));
            RandomAccess.Write(handle, _pending[level].AsSpan(0, count * HashSize), _stored[level] * HashSize);
            _stored[level] += count;
            _pendingCount[level] = 0;
            _dirty[level] = true;
        }
    }

    /// <summary>Makes every flushed hash durable.</summary>
    public void Sync()
    {
        for (var level = 0; level < MaxLevels; level++)
        {
            if (_dirty[level])
            {
                RandomAccess.FlushToDisk(_handles[level]!);
                _dirty[level] = false;
            }
        }
    }

    /// <summary>Makes the next <see cref="Sync"/> fsync every level file, written since the last sync or not.</summary>
    public void MarkAllDirty()
    {
        for (var level = 0; level < MaxLevels; level++)
        {
            _dirty[level] = _handles[level] is not null;
        }
    }

    public void ReadNode(int level, long index, Span<byte> destination)
    {
        if (_cache.TryRead(level, index, destination))
        {
            return;
        }

        var handle = (uint)level < MaxLevels ? _handles[level] : null;
        if (handle is null || index < 0 || index >= Volatile.Read(ref _stored[level]))
        {
            throw new InvalidDataException($"node ({level}, {index}) is not stored");
        }

        var read = RandomAccess.Read(handle, destination[..HashSize], index * HashSize);
        if (read != HashSize)
        {
            throw new InvalidDataException($"node ({level}, {index}) is truncated on disk");
        }
    }

    /// <summary>
    /// Cuts every level back to what a tree of <paramref name="size"/> leaves has (and any bytes a failed write left past
    /// it), and drops pending hashes.
    /// </summary>
    public void Truncate(long size)
    {
        _cache.Truncate(size);
        for (var level = 0; level < MaxLevels; level++)
        {
            _pendingCount[level] = 0;
            var keep = size >> level;
            var handle = _handles[level];
            if (handle is not null && (_stored[level] > keep || RandomAccess.GetLength(handle) > keep * HashSize))
            {
                RandomAccess.SetLength(handle, keep * HashSize);
                _stored[level] = Math.Min(_stored[level], keep);
                _dirty[level] = true;
            }
        }
    }

    public void Dispose()
    {
        foreach (var handle in _handles)
        {
            handle?.Dispose();
        }
    }

    private string PathOf(int level) => Path.Combine(_directory, level.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));

    private static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
}
