using System.Buffers.Binary;
using System.Diagnostics;
using DataSpace.Sandbox.Privacy;
using Xunit.Abstractions;

namespace DataSpace.Sandbox.Tests.Privacy;

public sealed class RowSetSketchTests(ITestOutputHelper output)
{
    /// <summary>SipHash-2-4 outputs (as bytes) for key 00 .. 0f and messages of 0 .. 63 bytes 00, 01, ...: vectors.h of the reference code.</summary>
    private static readonly string[] SipHashVectors =
    [
        "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785",
        "b7877127e09427cf", "8da699cd64557618", "cee3fe586e46c9cb", "37d1018bf50002ab",
        "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
        "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1",
        "db9bc2577fcc2a3f", "9447be2cf5e99a69", "9cd38d96f0b3c14b", "bd6179a71dc96dbb",
        "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
        "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f",
        "a5c91da7acaa4dde", "716595876650a2a6", "28ef495c53a387ad", "42c341d8fa92d832",
        "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
        "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a",
        "d0a704536ba93e0e", "925958fcd6420cad", "a915c29bc8067318", "952b79f3bc0aa6d4",
        "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
        "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1",
        "b274cb8ebf87870a", "6f9bb4203de7b381", "eaecb2a30b22a87f", "9924a43cc1315724",
        "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
        "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95",
    ];

    private const ulong ReferenceKey0 = 0x0706050403020100UL;
    private const ulong ReferenceKey1 = 0x0F0E0D0C0B0A0908UL;

    [Fact]
    public void SipHash_ReferenceVectors_MatchAll64()
    {
        var message = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        for (var length = 0; length < 64; length++)
        {
            var hash = SipHash.Hash(ReferenceKey0, ReferenceKey1, message.AsSpan(0, length));
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, hash);
            Assert.True(SipHashVectors[length] == Convert.ToHexStringLower(bytes), $"SipHash vector {length}");
        }
    }

    [Fact]
    public void SipHash_EightByteOverload_MatchesSpanVersion()
    {
        // Vector 8 is the message 00 01 .. 07, the little-endian bytes of 0x0706050403020100.
        Assert.Equal(
            BinaryPrimitives.ReadUInt64LittleEndian(Convert.FromHexString(SipHashVectors[8])),
            SipHash.Hash(ReferenceKey0, ReferenceKey1, 0x0706050403020100UL));

        var random = new Random(8);
        var buffer = new byte[8];
        for (var i = 0; i < 1000; i++)
        {
            var (k0, k1, message) = ((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, message);
            Assert.Equal(SipHash.Hash(k0, k1, buffer), SipHash.Hash(k0, k1, message));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    public void Create_CapacityOutOfRange_Throws(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RowSetSketch.Create(capacity, 1));
    }

    [Theory]
    [InlineData(1, 4)]       // 24 cells: any single row decodes
    [InlineData(9, 20)]      // k = 10: two rows in one cell of all 6 subtables, 36 / 20^6 < 1e-6
    [InlineData(63, 39)]
    [InlineData(150, 53)]    // the two terms meet
    [InlineData(4096, 1434)] // load-bound: 0.35 * capacity
    public void ToBytes_Capacity_HasDocumentedLength(int capacity, int subtableSize)
    {
        var sketch = RowSetSketch.Create(capacity, 5);

        Assert.Equal(subtableSize, RowSetSketch.SubtableSize(capacity));
        Assert.Equal(6 * subtableSize, sketch.CellCount);
        Assert.Equal(21 + (24 * 6 * subtableSize), sketch.ToBytes().Length);
    }

    [Fact]
    public void Compare_SameSet_DecodesSizeZero()
    {
        var random = new Random(1);
        var rows = DistinctRows(random, 50_000);
        var a = RowSetSketch.Create(9, 42);
        var b = RowSetSketch.Create(9, 42);
        a.AddRange(rows);
        random.Shuffle(rows);
        foreach (var row in rows)
        {
            b.Add(row);
        }

        Assert.Equal(50_000, a.Count);
        Assert.Equal(50_000, b.Count);
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(a, b));
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(a, a));
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(RowSetSketch.Create(9, 42), RowSetSketch.Create(9, 42)));
    }

    [Theory]
    [InlineData(9, 9)]
    [InlineData(63, 63)]
    public void Compare_DifferenceWithinCapacity_DecodesExactSize(int capacity, int seed)
    {
        const int Sets = 40;
        const int TrialsPerSet = 50;
        var random = new Random(seed);
        var failures = new List<string>();
        var trial = 0;
        for (var set = 0; set < Sets; set++)
        {
            var key = (ulong)random.NextInt64();
            var (common, pool, fresh) = BaseSet(random, capacity, key, poolSize: 2 * capacity);
            for (var t = 0; t < TrialsPerSet; t++, trial++)
            {
                // Every size 1 .. capacity, and removed only, added only and mixed in turn.
                var size = 1 + (trial % capacity);
                var removed = ((trial / capacity) % 3) switch
                {
                    0 => size,
                    1 => 0,
                    _ => size == 1 ? random.Next(2) : random.Next(1, size),
                };
                var result = CompareWithDifference(random, common, pool, ref fresh, key, removed, size - removed);
                if (result != new SketchDifference(true, size))
                {
                    failures.Add($"set {set} trial {t}: {removed} removed, {size - removed} added -> {result}");
                }
            }
        }

        Assert.Equal(Sets * TrialsPerSet, trial);
        Assert.True(failures.Count == 0, $"{failures.Count} of {trial} failed: {string.Join("; ", failures.Take(5))}");
    }

    [Theory]
    [InlineData(9, 90)]
    [InlineData(63, 630)]
    public void Compare_DifferenceTenTimesCapacity_NeverLooksSmall(int capacity, int seed)
    {
        const int Sets = 40;
        const int TrialsPerSet = 50;
        var size = 10 * capacity;
        var random = new Random(seed);
        var decoded = 0;
        for (var set = 0; set < Sets; set++)
        {
            var key = (ulong)random.NextInt64();
            var (common, pool, fresh) = BaseSet(random, capacity, key, poolSize: size);
            for (var t = 0; t < TrialsPerSet; t++)
            {
                // As many removed as added: equal counts, so the count shortcut cannot answer.
                var result = CompareWithDifference(random, common, pool, ref fresh, key, size / 2, size / 2);
                if (result.Decoded)
                {
                    decoded++;
                    Assert.Equal(size, result.Size);
                }

                Assert.False(result.Decoded && result.Size <= capacity, $"set {set} trial {t}: {result}");
            }
        }

        output.WriteLine($"capacity {capacity}: a difference of {size} decoded in {decoded} of {Sets * TrialsPerSet} trials");
        Assert.True(decoded <= Sets * TrialsPerSet / 100, $"decoded in {decoded} trials");
    }

    [Fact]
    public void Compare_CountsDifferByMoreThanCapacity_NotDecodedWithCountDifference()
    {
        var a = RowSetSketch.Create(9, 3);
        var b = RowSetSketch.Create(9, 3);
        a.AddRange(Enumerable.Range(0, 1000).Select(i => (long)i).ToArray());
        b.AddRange(Enumerable.Range(0, 991).Select(i => (long)i).ToArray());

        Assert.Equal(new SketchDifference(true, 9), RowSetSketch.Compare(a, b));

        b.Add(2000);
        a.AddRange(Enumerable.Range(3000, 12).Select(i => (long)i).ToArray());

        Assert.Equal(new SketchDifference(false, 20), RowSetSketch.Compare(a, b));
        Assert.Equal(new SketchDifference(false, 20), RowSetSketch.Compare(b, a));
    }

    [Fact]
    public void Compare_DifferentKeys_Throws()
    {
        var a = RowSetSketch.Create(9, 1);
        var b = RowSetSketch.Create(9, 2);
        a.Add(5);
        b.Add(5);

        Assert.Throws<ArgumentException>(() => RowSetSketch.Compare(a, b));
    }

    [Fact]
    public void Compare_DifferentCapacities_Throws()
    {
        Assert.Throws<ArgumentException>(() => RowSetSketch.Compare(RowSetSketch.Create(9, 1), RowSetSketch.Create(10, 1)));
    }

    [Fact]
    public void Add_NegativeRowId_Throws()
    {
        var sketch = RowSetSketch.Create(9, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(-1));
        Assert.Equal(0, sketch.Count);
    }

    [Fact]
    public void AddRange_NegativeRowId_ThrowsAndAddsNothing()
    {
        var sketch = RowSetSketch.Create(9, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.AddRange([1, 2, long.MinValue, 4]));
        Assert.Equal(0, sketch.Count);
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(sketch, RowSetSketch.Create(9, 1)));
    }

    [Fact]
    public void AddRange_TwoMillionRows_MatchesAddOneByOne()
    {
        var rows = new long[2_000_000];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = 3L * i;
        }

        var bulk = RowSetSketch.Create(63, 11);
        var watch = Stopwatch.StartNew();
        bulk.AddRange(rows);
        watch.Stop();
        output.WriteLine($"AddRange of {rows.Length:N0} ids: {watch.ElapsedMilliseconds} ms");

        var single = RowSetSketch.Create(63, 11);
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            single.Add(rows[i]);
        }

        Assert.Equal(2_000_000, bulk.Count);
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(bulk, single));
        single.Add(1);
        Assert.Equal(new SketchDifference(true, 1), RowSetSketch.Compare(bulk, single));
    }

    [Fact]
    public void FromBytes_RoundTrip_PreservesSketch()
    {
        var random = new Random(2);
        var rows = DistinctRows(random, 20_000);
        var sketch = RowSetSketch.Create(63, 77);
        sketch.AddRange(rows);

        var bytes = sketch.ToBytes();
        var copy = RowSetSketch.FromBytes(bytes, 77);

        Assert.Equal(63, copy.Capacity);
        Assert.Equal(20_000, copy.Count);
        Assert.Equal(bytes, copy.ToBytes());
        Assert.Equal(new SketchDifference(true, 0), RowSetSketch.Compare(sketch, copy));
        copy.Add(rows.Max() + 1);
        Assert.Equal(new SketchDifference(true, 1), RowSetSketch.Compare(sketch, copy));
        Assert.Equal(1, RowSetSketch.FromBytes(RowSetSketch.Create(1, 0).ToBytes(), 0).Capacity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]    // inside the header
    [InlineData(21)]    // the header alone
    [InlineData(-1)]    // one byte short
    public void FromBytes_Truncated_ThrowsFormatException(int length)
    {
        var bytes = Sketch(9, 4, 100).ToBytes();
        var truncated = bytes.AsSpan(0, length >= 0 ? length : bytes.Length + length).ToArray();

        var error = Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(truncated, 4));
        Assert.Contains(length is 0 or 20 ? "truncated" : "wrong length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_WrongLength_ThrowsFormatException()
    {
        var bytes = Sketch(9, 4, 100).ToBytes();
        var longer = bytes.Concat(new byte[24]).ToArray();
        var otherCapacity = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(otherCapacity.AsSpan(1), 63);

        Assert.Contains("wrong length", Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(longer, 4)).Message, StringComparison.Ordinal);
        Assert.Contains("wrong length", Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(otherCapacity, 4)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void FromBytes_WrongVersion_ThrowsFormatException(byte version)
    {
        var bytes = Sketch(9, 4, 100).ToBytes();
        bytes[0] = version;

        var error = Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(bytes, 4));
        Assert.Contains("version", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public void FromBytes_CapacityOutOfRange_ThrowsFormatException(int capacity)
    {
        var bytes = Sketch(9, 4, 100).ToBytes();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), capacity);

        Assert.Contains("capacity", Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(bytes, 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_InconsistentCells_ThrowsFormatException()
    {
        var bytes = Sketch(9, 4, 100).ToBytes();
        var count = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(count.AsSpan(5), 101);
        var cell = (byte[])bytes.Clone();
        var firstCount = BinaryPrimitives.ReadInt64LittleEndian(cell.AsSpan(21));
        BinaryPrimitives.WriteInt64LittleEndian(cell.AsSpan(21), firstCount + 1);

        Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(count, 4));
        Assert.Throws<FormatException>(() => RowSetSketch.FromBytes(cell, 4));
    }

    [Fact]
    public void FromBytes_OtherKey_ThrowsArgumentException()
    {
        var bytes = Sketch(9, 4, 100).ToBytes();

        var error = Assert.Throws<ArgumentException>(() => RowSetSketch.FromBytes(bytes, 5));
        Assert.Equal("key", error.ParamName);
    }

    private static RowSetSketch Sketch(int capacity, ulong key, int rows)
    {
        var sketch = RowSetSketch.Create(capacity, key);
        sketch.AddRange(Enumerable.Range(0, rows).Select(i => (long)i * 7).ToArray());
        return sketch;
    }

    /// <summary>Distinct non-negative row ids with random gaps, in random order.</summary>
    private static long[] DistinctRows(Random random, int count)
    {
        var rows = new long[count];
        var next = (long)random.Next(1000);
        for (var i = 0; i < count; i++)
        {
            rows[i] = next;
            next += 1 + random.Next(4);
        }

        random.Shuffle(rows);
        return rows;
    }

    /// <summary>
    /// A random set S of 10,000 .. 200,000 rows, as the bytes of a sketch of S minus a pool of its rows (so that
    /// trials can remove rows of S without adding all of S again), the pool, and an id above every row of S.
    /// </summary>
    private static (byte[] Common, long[] Pool, long Fresh) BaseSet(Random random, int capacity, ulong key, int poolSize)
    {
        var rows = DistinctRows(random, random.Next(10_000, 200_001));
        var sketch = RowSetSketch.Create(capacity, key);
        sketch.AddRange(rows.AsSpan(poolSize));
        return (sketch.ToBytes(), rows[..poolSize], rows.Max() + 1);
    }

    /// <summary>Compares A = S with B = S minus <paramref name="removed"/> rows of the pool plus <paramref name="added"/> new rows.</summary>
    private static SketchDifference CompareWithDifference(
        Random random, byte[] common, long[] pool, ref long fresh, ulong key, int removed, int added)
    {
        random.Shuffle(pool);
        var a = RowSetSketch.FromBytes(common, key);
        a.AddRange(pool);
        var b = RowSetSketch.FromBytes(common, key);
        b.AddRange(pool.AsSpan(removed));
        for (var i = 0; i < added; i++)
        {
            fresh += 1 + random.Next(1000);
            b.Add(fresh);
        }

        return RowSetSketch.Compare(a, b);
    }
}
