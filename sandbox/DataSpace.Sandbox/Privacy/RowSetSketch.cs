using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DataSpace.Sandbox.Privacy;

/// <summary>
/// A compact, keyed fingerprint of a set of row ids, for query-set overlap control of exact (noise-free)
/// releases. Once an exact statistic over a group of rows is released, no other exact release may be made over
/// a group whose row set differs from it by fewer than k rows, or subtracting the two releases reveals single
/// rows ("differencing attack"). A sketch of each released group is kept, and <see cref="Compare"/> tells how
/// many rows two sketched sets differ by, as long as that is at most <see cref="Capacity"/> (use k - 1).
/// </summary>
/// <remarks>
/// <para>
/// <b>Structure.</b> An invertible Bloom lookup table (Goodrich and Mitzenmacher, "Invertible Bloom Lookup
/// Tables", 2011), used for set reconciliation as in Eppstein, Goodrich, Uyeda and Varghese, "What's the
/// Difference? Efficient Set Reconciliation without Prior Context" (SIGCOMM 2011). There are h = 6 disjoint
/// subtables of m cells each; a row goes into one cell of every subtable. A cell holds the number of rows in it,
/// the XOR of their ids and the XOR of a keyed checksum of each id. Subtracting one sketch from another cancels
/// the rows both sets share, leaving a table of the symmetric difference (rows of the first set count +1, rows
/// of the second -1). A cell is pure when its count is +1 or -1, its checksum XOR is the checksum of its id XOR,
/// its id XOR is a valid (non-negative) row id, and that row belongs in this cell; a pure cell names one row of
/// the difference, which is removed from all its cells, possibly making others pure ("peeling"). The difference
/// is decoded when peeling empties the table. Peeling gets stuck exactly when some nonempty subset of the
/// difference is a stopping set: every cell it touches holds at least two of its rows.
/// </para>
/// <para>
/// <b>Cell count.</b> A failure to decode reads as "differs by many", which lets a release through, so for a
/// difference within capacity it must be rare: below 1e-6. The asymptotic threshold the papers build on (about
/// 1.22 cells per element with 3 hash functions, hence "1.5 times the difference" with slack) bounds the load,
/// but says nothing about that rate in small tables. What sets it there is the smallest stopping set: two rows
/// that share their cell in every subtable, probability C(d, 2) / m^h for d rows. With 3 subtables of
/// about 3 * capacity cells in all, that is 5 % at capacity 9 (a simulation agrees: 5.3 %); meeting 1e-6 with 3
/// hash functions takes 993 cells at capacity 9 and about 61,000 at capacity 4096. Six hash functions need far
/// fewer: m = max(4, ceil(1.1 * (C(c, 2) * 1e6)^(1/6)), ceil(0.35 * c)) cells per subtable for capacity c,
/// computed in integers (2 m^6 &gt;= 11^6 c (c - 1), 20 m &gt;= 7 c) so that every platform gets the same size.
/// The first term keeps the two-row term below 1e-6 / 1.1^6 and leaves the rest of the budget to larger
/// stopping sets; the second keeps the table below the load where larger stopping sets take over (from about
/// capacity 150 on). Checked for every capacity 1 .. 4096 against the union bound over stopping sets of every
/// size, sum over s of C(c, s) * q(s, m)^6 with q(s, m) the probability that s rows leave no subtable cell
/// with exactly one of them: at most 5.7e-7 everywhere. Simulated with this hashing, differences of 9 rows at
/// capacity 9 failed 56 times in 1e8 (5.6e-7), each time two rows sharing all their cells. Sizes: 24 cells at
/// capacity 1, 120 at 9, 234 at 63, 8,604 at 4096 (24 bytes a cell).
/// </para>
/// <para>
/// <b>Safety.</b> When the difference is decoded, the reported size is exact (a wrong decoding needs a 64-bit
/// checksum collision under the secret key), so a large difference never looks small. The key makes cell
/// positions and checksums unpredictable to whoever chooses the rows. Two sketches are comparable only under
/// the same capacity and key. A sketch is of a set: add each row id once. Not thread-safe.
/// </para>
/// <para>
/// <b>Byte format</b> (<see cref="ToBytes"/>, version 1, little-endian): byte 0 the version (1); bytes 1-4 the
/// capacity (int32); bytes 5-12 the row count (int64); bytes 13-20 a key check (uint64, a SipHash output under a
/// key derived from the sketch key, so that a sketch is never read under another key); then 6 * m cells, subtable
/// by subtable, each 24 bytes: count (int64), id XOR (int64), checksum XOR (uint64). The length is therefore
/// 21 + 144 * m bytes, m being fixed by the capacity as above. The key itself is not stored.
/// </para>
/// </remarks>
public sealed class RowSetSketch
{
    /// <summary>Number of hash functions, one per disjoint subtable.</summary>
    private const int HashCount = 6;

    /// <summary>Longs per cell: count, id XOR, checksum XOR.</summary>
    private const int Fields = 3;

    private const int MinCapacity = 1;
    private const int MaxCapacity = 4096;
    private const byte FormatVersion = 1;
    private const int HeaderBytes = 21;
    private const int CellBytes = 8 * Fields;

    /// <summary>The splitmix64 increment (2^64 / golden ratio).</summary>
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15UL;

    private readonly ulong _key;
    private readonly ulong _indexKey0;
    private readonly ulong _indexKey1;
    private readonly ulong _checkKey0;
    private readonly ulong _checkKey1;
    private readonly ulong _keyCheck;
    private readonly int _subtableSize;
    private readonly long[] _cells;
    private long _count;

    private RowSetSketch(int capacity, ulong key, long count, long[] cells)
    {
        Capacity = capacity;
        _key = key;
        _subtableSize = SubtableSize(capacity);
        _cells = cells;
        _count = count;

        // Three independent-looking 128-bit SipHash keys from the 64-bit sketch key (a splitmix64 stream).
        var state = key;
        _indexKey0 = Next(ref state);
        _indexKey1 = Next(ref state);
        _checkKey0 = Next(ref state);
        _checkKey1 = Next(ref state);
        var keyCheckKey0 = Next(ref state);
        var keyCheckKey1 = Next(ref state);
        _keyCheck = SipHash.Hash(keyCheckKey0, keyCheckKey1, 0UL);
    }

    /// <summary>The largest symmetric difference <see cref="Compare"/> is sized to decode.</summary>
    public int Capacity { get; }

    /// <summary>Number of row ids added.</summary>
    public long Count => _count;

    /// <summary>Number of cells (all subtables).</summary>
    internal int CellCount => _cells.Length / Fields;

    /// <summary>An empty sketch.</summary>
    /// <param name="capacity">The largest symmetric difference to decode, 1 .. 4096; for a minimum group size k, k - 1.</param>
    /// <param name="key">Secret key of the hash functions (per connector or per dataset); sketches compare only under the same key.</param>
    public static RowSetSketch Create(int capacity, ulong key)
    {
        if (capacity is < MinCapacity or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"The capacity must be {MinCapacity} .. {MaxCapacity}.");
        }

        return new RowSetSketch(capacity, key, 0, new long[Fields * HashCount * SubtableSize(capacity)]);
    }

    /// <summary>Adds a row id (a non-negative row position). Add each row once.</summary>
    public void Add(long rowId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowId);
        Insert(_cells, rowId);
        _count++;
    }

    /// <summary>Adds row ids (non-negative row positions), each once. When one is negative, nothing is added.</summary>
    public void AddRange(ReadOnlySpan<long> rowIds)
    {
        var negative = rowIds.IndexOfAnyInRange(long.MinValue, -1L);
        if (negative >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rowIds), rowIds[negative], $"Row id at index {negative} is negative.");
        }

        var cells = _cells.AsSpan();
        foreach (var rowId in rowIds)
        {
            Insert(cells, rowId);
        }

        _count += rowIds.Length;
    }

    /// <summary>
    /// Decodes the symmetric difference of the sets sketched by <paramref name="a"/> and <paramref name="b"/>:
    /// its exact size when it can be decoded, which it can (with probability above 1 - 1e-6) whenever it is at
    /// most <see cref="Capacity"/>. When the counts alone differ by more than the capacity, it is not decoded.
    /// </summary>
    /// <exception cref="ArgumentException">The sketches differ in capacity or key.</exception>
    public static SketchDifference Compare(RowSetSketch a, RowSetSketch b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Capacity != b.Capacity)
        {
            throw new ArgumentException($"Sketches of capacity {a.Capacity} and {b.Capacity} cannot be compared.", nameof(b));
        }

        if (a._key != b._key)
        {
            throw new ArgumentException("Sketches under different keys cannot be compared.", nameof(b));
        }

        var countDifference = Math.Abs(a._count - b._count);
        var lowerBound = (int)Math.Min(countDifference, int.MaxValue);
        if (countDifference > a.Capacity)
        {
            return new SketchDifference(false, lowerBound);
        }

        var cells = (long[])a._cells.Clone();
        var other = b._cells;
        for (var i = 0; i < cells.Length; i += Fields)
        {
            cells[i] -= other[i];
            cells[i + 1] ^= other[i + 1];
            cells[i + 2] ^= other[i + 2];
        }

        var peeled = a.Peel(cells);
        return peeled >= 0 ? new SketchDifference(true, peeled) : new SketchDifference(false, lowerBound);
    }

    /// <summary>The sketch in the versioned byte format described on the class.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderBytes + (CellBytes * CellCount)];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), Capacity);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(5), _count);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(13), _keyCheck);
        for (var i = 0; i < _cells.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(HeaderBytes + (8 * i)), _cells[i]);
        }

        return bytes;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/> under the same <paramref name="key"/>.</summary>
    /// <exception cref="FormatException">The bytes are truncated, of another version, of the wrong length, or inconsistent.</exception>
    /// <exception cref="ArgumentException">The sketch was written under another key.</exception>
    public static RowSetSketch FromBytes(ReadOnlySpan<byte> bytes, ulong key)
    {
        if (bytes.Length < HeaderBytes)
        {
            throw new FormatException($"Row-set sketch truncated: {bytes.Length} bytes, shorter than the {HeaderBytes}-byte header.");
        }

        if (bytes[0] != FormatVersion)
        {
            throw new FormatException($"Row-set sketch has format version {bytes[0]}; only version {FormatVersion} is known.");
        }

        var capacity = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        if (capacity is < MinCapacity or > MaxCapacity)
        {
            throw new FormatException($"Row-set sketch has capacity {capacity}, outside {MinCapacity} .. {MaxCapacity}.");
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes[5..]);
        if (count < 0)
        {
            throw new FormatException($"Row-set sketch has a negative row count ({count}).");
        }

        var subtableSize = SubtableSize(capacity);
        var expected = HeaderBytes + (CellBytes * HashCount * subtableSize);
        if (bytes.Length != expected)
        {
            throw new FormatException(
                $"Row-set sketch has the wrong length: {bytes.Length} bytes where capacity {capacity} takes {expected}.");
        }

        var cells = new long[Fields * HashCount * subtableSize];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(HeaderBytes + (8 * i))..]);
        }

        var sketch = new RowSetSketch(capacity, key, count, cells);
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[13..]) != sketch._keyCheck)
        {
            throw new ArgumentException("The row-set sketch was written under a different key.", nameof(key));
        }

        CheckCells(cells, subtableSize, count);
        return sketch;
    }

    /// <summary>Cells per subtable for a capacity; see the class remarks.</summary>
    internal static int SubtableSize(int capacity)
    {
        // Smallest m with m >= 1.1 * (C(c, 2) * 1e6)^(1/6), that is 2 m^6 >= 11^6 c (c - 1); at most 158 for c <= 4096.
        var pairTerm = 11L * 11 * 11 * 11 * 11 * 11 * capacity * (capacity - 1);
        var m = 1L;
        while (2 * m * m * m * m * m * m < pairTerm)
        {
            m++;
        }

        var loadTerm = ((7 * capacity) + 19) / 20;
        return Math.Max(4, Math.Max((int)m, loadTerm));
    }

    /// <summary>
    /// A cell every set sketch satisfies: counts between 0 and the row count, summing to the row count in each
    /// subtable, and an empty cell holding nothing.
    /// </summary>
    private static void CheckCells(long[] cells, int subtableSize, long count)
    {
        for (var subtable = 0; subtable < HashCount; subtable++)
        {
            var sum = 0L;
            for (var cell = subtable * subtableSize; cell < (subtable + 1) * subtableSize; cell++)
            {
                var rows = cells[Fields * cell];
                if (rows < 0 || rows > count - sum)
                {
                    throw new FormatException($"Row-set sketch cell {cell} has count {rows}, inconsistent with the row count {count}.");
                }

                if (rows == 0 && (cells[(Fields * cell) + 1] != 0 || cells[(Fields * cell) + 2] != 0))
                {
                    throw new FormatException($"Row-set sketch cell {cell} is empty but holds ids.");
                }

                sum += rows;
            }

            if (sum != count)
            {
                throw new FormatException($"Row-set sketch subtable {subtable} holds {sum} rows where the row count is {count}.");
            }
        }
    }

    /// <summary>
    /// Peels a difference table in place. Returns the number of rows removed when that empties the table, or -1
    /// when peeling gets stuck first.
    /// </summary>
    private int Peel(long[] cells)
    {
        var cellCount = cells.Length / Fields;
        var pending = new Stack<int>();
        for (var cell = 0; cell < cellCount; cell++)
        {
            if (cells[Fields * cell] is 1 or -1)
            {
                pending.Push(cell);
            }
        }

        var peeled = 0;
        while (pending.TryPop(out var cell))
        {
            var slot = Fields * cell;
            var sign = cells[slot];
            var rowId = cells[slot + 1];
            if (sign is not (1 or -1) || rowId < 0)
            {
                continue;
            }

            var check = (long)SipHash.Hash(_checkKey0, _checkKey1, (ulong)rowId);
            var index = SipHash.Hash(_indexKey0, _indexKey1, (ulong)rowId);
            var subtable = cell / _subtableSize;
            if (cells[slot + 2] != check || (subtable * _subtableSize) + CellInSubtable(index, subtable) != cell)
            {
                continue;
            }

            // Each genuine removal empties its pure cell for good, so there cannot be more than one per cell.
            if (++peeled > cellCount)
            {
                return -1;
            }

            for (var i = 0; i < HashCount; i++)
            {
                var target = (i * _subtableSize) + CellInSubtable(index, i);
                var at = Fields * target;
                cells[at] -= sign;
                cells[at + 1] ^= rowId;
                cells[at + 2] ^= check;
                if (cells[at] is 1 or -1)
                {
                    pending.Push(target);
                }
            }
        }

        return cells.AsSpan().ContainsAnyExcept(0L) ? -1 : peeled;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Insert(Span<long> cells, long rowId)
    {
        var index = SipHash.Hash(_indexKey0, _indexKey1, (ulong)rowId);
        var check = (long)SipHash.Hash(_checkKey0, _checkKey1, (ulong)rowId);
        var start = 0;
        for (var i = 0; i < HashCount; i++)
        {
            var at = Fields * (start + CellInSubtable(index, i));
            cells[at]++;
            cells[at + 1] ^= rowId;
            cells[at + 2] ^= check;
            start += _subtableSize;
        }
    }

    /// <summary>
    /// The row's cell in a subtable: the subtable's output of a splitmix64 stream seeded with the row's keyed hash,
    /// scaled to the subtable size (the high half of a 64 x 64-bit product).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CellInSubtable(ulong index, int subtable)
    {
        var mixed = Mix(index + ((ulong)(subtable + 1) * Golden));
        return (int)Math.BigMul(mixed, (ulong)_subtableSize, out _);
    }

    private static ulong Next(ref ulong state)
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>The splitmix64 output function (Steele, Lea and Flood 2014), a bijection that mixes every bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
