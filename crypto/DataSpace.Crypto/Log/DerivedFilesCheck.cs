using System.Buffers.Binary;
using System.Globalization;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Log;

/// <summary>
/// Compares the derived files (<c>index</c>, <c>nodes/LL</c>) with the offsets and node hashes the entries give, as
/// the check recomputes them, up to the size recovery would trust them; past that recovery rebuilds them anyway.
/// Each file is read once, sequentially: nodes of a level are emitted in index order.
/// </summary>
internal sealed class DerivedFilesCheck : INodeHashSink, IDisposable
{
    private const int MaxLevels = 63;
    private const int BufferSize = 1 << 16;

    private readonly long _trusted;
    private readonly string _nodesDirectory;
    private readonly FileStream? _index;
    private readonly FileStream?[] _levels = new FileStream?[MaxLevels];

    public DerivedFilesCheck(string indexPath, string nodesDirectory, long trusted)
    {
        _trusted = trusted;
        _nodesDirectory = nodesDirectory;
        _index = trusted > 0 ? OpenRead(indexPath) : null;
    }

    /// <summary>The first derived value that disagrees with the entries, or null.</summary>
    public string? Stale { get; private set; }

    /// <summary>Checks that the index holds <paramref name="offset"/> for entry <paramref name="index"/>.</summary>
    public void CheckOffset(long index, long offset)
    {
        if (Stale is not null || index >= _trusted)
        {
            return;
        }

        Span<byte> stored = stackalloc byte[EntryFile.OffsetSize];
        if (_index is null || _index.ReadAtLeast(stored, stored.Length, throwOnEndOfStream: false) != stored.Length
            || BinaryPrimitives.ReadInt64LittleEndian(stored) != offset)
        {
            Stale = string.Create(CultureInfo.InvariantCulture, $"the index's offset of entry {index}");
        }
    }

    public void WriteNode(int level, long index, ReadOnlySpan<byte> hash)
    {
        if (Stale is not null || index >= _trusted >> level)
        {
            return;
        }

        var stream = _levels[level] ??= OpenRead(Path.Combine(_nodesDirectory, level.ToString("D2", CultureInfo.InvariantCulture)));
        Span<byte> stored = stackalloc byte[MerkleHasher.HashSize];
        if (stream is null || stream.ReadAtLeast(stored, stored.Length, throwOnEndOfStream: false) != stored.Length
            || !stored.SequenceEqual(hash[..MerkleHasher.HashSize]))
        {
            Stale = string.Create(CultureInfo.InvariantCulture, $"node ({level}, {index})");
        }
    }

    public void Dispose()
    {
        _index?.Dispose();
        foreach (var level in _levels)
        {
            level?.Dispose();
        }
    }

    private static FileStream? OpenRead(string path) =>
        File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan) : null;
}
