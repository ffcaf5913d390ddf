using System.Runtime.InteropServices;
using DataSpace.Sandbox.Data;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Snappier;
using static DataSpace.Sandbox.Tests.Data.ParquetPageBytes;
using PageEncoding = Parquet.Meta.Encoding;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// PLAIN int32, int64 and double pages decoded without Parquet.Net (<see cref="ParquetPlainValues"/>): files Parquet.Net
/// writes are decoded to the values it wrote; pages written byte by byte, whose value bytes, levels and sizes lie, fail as
/// corrupt naming the file and column; a layout the decoder does not read returns false, leaving the chunk to Parquet.Net.
/// </summary>
public sealed class ParquetPlainValuesTests : IDisposable
{
    private const string FilePath = "/data/numbers.parquet";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(CompressionMethod.None, false)]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.Snappy, false)]
    [InlineData(CompressionMethod.Snappy, true)]
    public async Task TryRead_ParquetNetColumns_DecodedToTheValuesWritten(CompressionMethod compression, bool nullable)
    {
        const int Rows = 30_000;
        var path = _dir.File("numbers.parquet");
        var fields = new DataField[] { new("i", typeof(int), isNullable: nullable), new("l", typeof(long), isNullable: nullable), new("d", typeof(double), isNullable: nullable) };
        bool IsNull(int row) => nullable && row % 7 == 3;
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions { CompressionMethod = compression }))
        {
            using var rowGroup = writer.CreateRowGroup();
            if (nullable)
            {
                await rowGroup.WriteAsync<int>(fields[0], Enumerable.Range(0, Rows).Select(r => IsNull(r) ? null : (int?)(r * 7919)).ToArray());
                await rowGroup.WriteAsync<long>(fields[1], Enumerable.Range(0, Rows).Select(r => IsNull(r) ? null : (long?)r << 40).ToArray());
                await rowGroup.WriteAsync<double>(fields[2], Enumerable.Range(0, Rows).Select(r => IsNull(r) ? null : (double?)(r / 3.0)).ToArray());
            }
            else
            {
                await rowGroup.WriteAsync<int>(fields[0], Enumerable.Range(0, Rows).Select(r => r * 7919).ToArray());
                await rowGroup.WriteAsync<long>(fields[1], Enumerable.Range(0, Rows).Select(r => (long)r << 40).ToArray());
                await rowGroup.WriteAsync<double>(fields[2], Enumerable.Range(0, Rows).Select(r => r / 3.0).ToArray());
            }
        }

        await using var file = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(file);
        using var group = reader.OpenRowGroupReader(0);
        var schema = reader.Schema.DataFields;

        AssertDecoded<int>(Parquet.Meta.Type.INT32, 0, r => r * 7919);
        AssertDecoded<long>(Parquet.Meta.Type.INT64, 1, r => (long)r << 40);
        AssertDecoded<double>(Parquet.Meta.Type.DOUBLE, 2, r => r / 3.0);

        void AssertDecoded<T>(Parquet.Meta.Type physical, int column, Func<int, T> expected)
            where T : unmanaged
        {
            Assert.True(ParquetPlainValues.TryRead<T>(file, group.GetMetadata(schema[column]), physical, schema[column].MaxDefinitionLevel, Rows, path,
                schema[column].Name, out var values, out var defined, default));
            try
            {
                Assert.Equal(nullable, defined is not null);
                for (var row = 0; row < Rows; row++)
                {
                    Assert.Equal(IsNull(row) ? 0 : 1, defined?[row] ?? 1);
                    Assert.Equal(IsNull(row) ? default : expected(row), values[row]);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<T>.Shared.Return(values);
            }
        }
    }

    [Fact]
    public void TryRead_RequiredAndOptionalPages_ValuesInTheirRows()
    {
        // Two pages: 3 required-looking rows, then an optional page with levels 1 0 1.
        var ok = Read<double>(3, maxLevel: 0, CompressionCodec.UNCOMPRESSED, Page(3, Doubles(1.5, -2, 1e300)), out var values, out var defined);
        Assert.True(ok);
        Assert.Null(defined);
        Assert.Equal([1.5, -2, 1e300], values[..3]);

        ok = Read<double>(3, maxLevel: 1, CompressionCodec.SNAPPY, SnappyPage(3, [.. Levels(0x03, 0b_101), .. Doubles(4, 5)]), out values, out defined);
        Assert.True(ok);
        Assert.Equal([1, 0, 1], defined![..3]);
        Assert.Equal([4.0, 0, 5], values[..3]);
    }

    [Theory]
    [InlineData(0, 3, 2, "has a page of 16 value bytes for 3 values of 8 bytes")]
    [InlineData(1, 3, 3, "has a page of 16 value bytes for 3 values of 8 bytes")]
    [InlineData(0, 3, 0, "has a page of 0 value bytes for 3 values of 8 bytes")]
    public void TryRead_FewerValueBytesThanDefinedRows_Corrupt(int maxLevel, int rows, int written, string expected)
    {
        byte[] body = maxLevel == 0 ? Doubles([.. Enumerable.Repeat(1.0, written)]) : [.. Levels(0x06, 0x01), .. Doubles([.. Enumerable.Repeat(1.0, written - 1)])];

        AssertCorrupt(expected, () => Read<double>(rows, maxLevel, CompressionCodec.UNCOMPRESSED, Page(rows, body), out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 100, 0, 0, 0, 0x06 }, "definition levels run past its end")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x06, 0x01 }, "definition levels run past its end")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0x06, 0x02 }, "has definition level 2 (at most 1)")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0x06 }, "has no definition level for row 1")]
    public void TryRead_LevelsThatLie_Corrupt(byte[] levels, string expected) =>
        AssertCorrupt(expected, () => Read<long>(3, maxLevel: 1, CompressionCodec.UNCOMPRESSED, Page(3, [.. levels, .. new byte[24]]), out _, out _));

    [Fact]
    public void TryRead_SnappySizeForged_CorruptWithoutAllocatingIt()
    {
        var values = Doubles(1, 2, 3);
        AssertCorrupt("declaring 2147483647 bytes once decompressed", () =>
            Read<double>(3, 0, CompressionCodec.SNAPPY, Page(3, Snappy.CompressToArray(values), uncompressed: int.MaxValue), out _, out _));
    }

    [Theory]
    [InlineData("dictionary page")]
    [InlineData("dictionary encoding")]
    [InlineData("other physical type")]
    [InlineData("gzip")]
    [InlineData("more rows than the row group")]
    [InlineData("header cut short")]
    public void TryRead_LayoutItDoesNotRead_False(string layout)
    {
        var page = Page(1, Doubles(1));
        var read = layout switch
        {
            "dictionary page" => Read<double>(1, 0, CompressionCodec.UNCOMPRESSED, page, out _, out _, dictionaryPage: true),
            "dictionary encoding" => Read<double>(1, 0, CompressionCodec.UNCOMPRESSED, Page(1, [1, 0x02, 0], encoding: PageEncoding.RLE_DICTIONARY), out _, out _, PageEncoding.RLE_DICTIONARY),
            "other physical type" => Read<double>(1, 0, CompressionCodec.UNCOMPRESSED, page, out _, out _, physical: Parquet.Meta.Type.INT64),
            "gzip" => Read<double>(1, 0, CompressionCodec.GZIP, page, out _, out _),
            "more rows than the row group" => Read<double>(1, 0, CompressionCodec.UNCOMPRESSED, Page(2, Doubles(1, 2)), out _, out _),
            _ => Read<double>(1, 0, CompressionCodec.UNCOMPRESSED, page[..4], out _, out _),
        };

        Assert.False(read);
    }

    /// <summary>Bytes of a valid chunk changed at random: decoded, left to Parquet.Net, or corrupt; nothing else.</summary>
    [Fact]
    public void TryRead_RandomlyDamagedChunk_OnlyCorruptOrFallback()
    {
        var random = new Random(20261207);
        byte[] first = SnappyPage(6, [.. Levels(0x03, 0b_0011_1101), .. Doubles(1, 2, 3, 4, 5)]);
        byte[] second = SnappyPage(3, [.. Levels(0x06, 0x01), .. Doubles(6, 7, 8)]);
        for (var round = 0; round < 2000; round++)
        {
            var chunk = (byte[])[.. first, .. second];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                chunk[random.Next(chunk.Length)] = (byte)random.Next(256);
            }

            try
            {
                if (Read<double>(9, maxLevel: 1, CompressionCodec.SNAPPY, chunk, out var values, out var defined))
                {
                    Assert.All(defined![..9], d => Assert.InRange(d, (byte)0, (byte)1));
                    Assert.True(values.Length >= 9);
                }
            }
            catch (DataSourceException ex)
            {
                Assert.Contains("corrupt or truncated Parquet file: column 'n'", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    private static void AssertCorrupt(string expected, Func<bool> read)
    {
        var ex = Assert.Throws<DataSourceException>(() => read());
        Assert.StartsWith($"{FilePath}: corrupt or truncated Parquet file: column 'n' ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The pages as a column chunk right after the file's magic number, with the metadata a writer gives it.</summary>
    private static bool Read<T>(
        int rows, int maxLevel, CompressionCodec codec, byte[] pages, out T[] values, out byte[]? defined,
        PageEncoding encoding = PageEncoding.PLAIN, Parquet.Meta.Type? physical = null, bool dictionaryPage = false)
        where T : unmanaged
    {
        var chunk = new ColumnChunk
        {
            MetaData = new ColumnMetaData
            {
                Type = Parquet.Meta.Type.DOUBLE,
                Encodings = [encoding, PageEncoding.RLE],
                Codec = codec,
                NumValues = rows,
                DataPageOffset = 4,
                DictionaryPageOffset = dictionaryPage ? 4 : null,
                TotalCompressedSize = pages.Length,
                TotalUncompressedSize = pages.Length,
            },
        };
        using var file = new MemoryStream([.. "PAR1"u8, .. pages, .. "PAR1"u8]);
        return ParquetPlainValues.TryRead(file, chunk, physical ?? Parquet.Meta.Type.DOUBLE, maxLevel, rows, FilePath, "n", out values, out defined, default);
    }

    private static byte[] Doubles(params double[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
