using DataSpace.Sandbox.Data;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Snappier;
using Encoding = System.Text.Encoding;
using PageEncoding = Parquet.Meta.Encoding;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// PLAIN string pages decoded without Parquet.Net (<see cref="ParquetPlainStrings"/>): the pages of a column chunk are
/// written here byte by byte (a Thrift compact page header, then levels and values), so that every length, level and size
/// can be made to lie. A lie inside a page fails as corrupt naming the file and column; a layout the decoder does not
/// read (another page type, encoding or codec, a header it cannot parse) returns null, leaving the chunk to Parquet.Net.
/// </summary>
public sealed class ParquetPlainStringsTests : IDisposable
{
    private const string FilePath = "/data/strings.parquet";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryDecode_RequiredPage_ValuesOneAfterAnother()
    {
        using var strings = Decode(3, maxLevel: 0, Page(3, Values("ab", "", "日本")));

        Assert.NotNull(strings);
        Assert.Equal([0, 2, 2, 8], strings.Offsets.AsSpan(0, 4).ToArray());
        Assert.Equal("ab日本", Encoding.UTF8.GetString(strings.Bytes, 0, 8));
    }

    [Fact]
    public void TryDecode_OptionalPages_NullsFromRleAndBitPackedLevels()
    {
        // Page 1: a run of two 1s (header 0x04, value 0x01), then one bit-packed group (header 0x03) of 0,1,0,... of which
        // four rows are used. Page 2: a run of three 0s (header 0x06, value 0x00).
        var first = Page(6, [.. Levels(0x04, 0x01, 0x03, 0b_1010_1010), .. Values("a", "b", "c", "d")]);
        var second = Page(3, [.. Levels(0x06, 0x00)]);

        using var strings = Decode(9, maxLevel: 1, first, second);

        Assert.NotNull(strings);
        Assert.Equal([1, 1, 0, 1, 0, 1, 0, 0, 0], strings.Defined!.AsSpan(0, 9).ToArray());
        Assert.Equal([0, 1, 2, 2, 3, 3, 4, 4, 4, 4], strings.Offsets.AsSpan(0, 10).ToArray());
        Assert.Equal("abcd", Encoding.UTF8.GetString(strings.Bytes, 0, 4));
    }

    [Fact]
    public void TryDecode_SnappyPage_SameValues()
    {
        using var strings = Decode(2, maxLevel: 0, CompressionCodec.SNAPPY, SnappyPage(2, Values("région", "x")));

        Assert.NotNull(strings);
        Assert.Equal("régionx", Encoding.UTF8.GetString(strings.Bytes, 0, strings.Offsets[2]));
    }

    [Theory]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.None, false)]
    [InlineData(CompressionMethod.Snappy, true)]
    [InlineData(CompressionMethod.Snappy, false)]
    public async Task TryDecode_ParquetNetPlainColumn_Decoded(CompressionMethod compression, bool nullable)
    {
        var path = _dir.File("plain.parquet");
        var text = new DataField("text", typeof(string), isNullable: nullable);
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text), stream, new ParquetOptions { CompressionMethod = compression }))
        {
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync(text, Enumerable.Range(0, 5000).Select(i => nullable && i % 7 == 0 ? null : $"value {i} é").ToArray());
        }

        await using var file = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(file);
        using var group = reader.OpenRowGroupReader(0);
        var field = reader.Schema.DataFields[0];
        using var strings = ParquetPlainStrings.TryDecode(file, group.GetMetadata(field), field.MaxDefinitionLevel, 5000, path, "text", default);

        Assert.NotNull(strings);
        Assert.Equal("value 4999 é", Encoding.UTF8.GetString(strings.Bytes, strings.Offsets[4999], strings.Offsets[5000] - strings.Offsets[4999]));
    }

    [Theory]
    [InlineData(-1, "declares -1 bytes for row 2")]
    [InlineData(-4, "declares -4 bytes for row 2")]
    [InlineData(int.MaxValue, "declares 2147483647 bytes for row 2")]
    [InlineData(int.MinValue, "declares -2147483648 bytes for row 2")]
    [InlineData(4, "declares 4 bytes for row 2")]
    public void TryDecode_ValueLengthNegativeOrPastPageEnd_Corrupt(int length, string expected)
    {
        byte[] body = [.. Values("ok"), .. BitConverter.GetBytes(length), .. "abc"u8];

        AssertCorrupt(expected, () => Decode(2, maxLevel: 0, Page(2, body)));
    }

    [Fact]
    public void TryDecode_TruncatedPage_Corrupt()
    {
        byte[] body = [.. Values("one", "two"), .. BitConverter.GetBytes(3)[..2]];

        AssertCorrupt("has no value for row 3", () => Decode(3, maxLevel: 0, Page(3, body)));
    }

    [Fact]
    public void TryDecode_LevelAboveMaximum_Corrupt() =>
        AssertCorrupt("has definition level 2 (at most 1)", () => Decode(2, maxLevel: 1, Page(2, [.. Levels(0x04, 0x02), .. Values("a", "b")])));

    [Fact]
    public void TryDecode_TooFewLevels_Corrupt() =>
        AssertCorrupt("has no definition level for row 3", () => Decode(3, maxLevel: 1, Page(3, [.. Levels(0x04, 0x01), .. Values("a", "b")])));

    [Fact]
    public void TryDecode_LevelsLengthPastPageEnd_Corrupt() =>
        AssertCorrupt("definition levels run past its end", () => Decode(1, maxLevel: 1, Page(1, [.. BitConverter.GetBytes(99), 0x02, 0x01])));

    [Fact]
    public void TryDecode_SnappySizeForged_CorruptWithoutAllocatingIt()
    {
        // Snappy data declaring 1 GiB (its varint length) followed by one literal byte; the page header agrees.
        byte[] body = [0x80, 0x80, 0x80, 0x80, 0x04, 0x00, (byte)'a'];
        var before = GC.GetAllocatedBytesForCurrentThread();

        AssertCorrupt("declaring 1073741824 bytes once decompressed", () => Decode(1, maxLevel: 0, CompressionCodec.SNAPPY, Page(1, body, uncompressed: 1 << 30)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the forged size was allocated");
    }

    [Fact]
    public void TryDecode_SnappyDataCorrupt_Corrupt()
    {
        var values = Values("abcdefgh", "abcdefgh", "abcdefgh");
        var truncated = Snappy.CompressToArray(values)[..^3];

        AssertCorrupt("Snappy data is corrupt", () => Decode(3, maxLevel: 0, CompressionCodec.SNAPPY, Page(3, truncated, uncompressed: values.Length)));
    }

    [Fact]
    public void TryDecode_InvalidUtf8_LeftToParquetNet()
    {
        Assert.Null(Decode(2, maxLevel: 0, Page(2, [.. Values("ok"), 2, 0, 0, 0, 0xC3, 0x28])));

        // Each value alone is invalid (a lead byte at the end of one, its continuation byte at the start of the next),
        // although their bytes one after the other are valid UTF-8.
        Assert.Null(Decode(2, maxLevel: 0, Page(2, [1, 0, 0, 0, 0xC3, 1, 0, 0, 0, 0xA9])));
    }

    [Theory]
    [InlineData("dictionary page")]
    [InlineData("dictionary encoding")]
    [InlineData("gzip")]
    [InlineData("header cut short")]
    [InlineData("page past its chunk")]
    [InlineData("more rows than the row group")]
    public void TryDecode_LayoutItDoesNotRead_Null(string layout)
    {
        var page = Page(1, Values("a"));
        var result = layout switch
        {
            "dictionary page" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, [0x15, 0x04, .. page[2..]]),
            "dictionary encoding" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY, page),
            "gzip" => Decode(1, 0, CompressionCodec.GZIP, page),
            "header cut short" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, page[..4]),
            "page past its chunk" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, page[..^1]),
            _ => Decode(1, 0, CompressionCodec.UNCOMPRESSED, Page(2, Values("a", "b"))),
        };

        Assert.Null(result);
    }

    /// <summary>Bytes of a valid chunk changed at random: the decoder returns a result or null, or throws corrupt; nothing else.</summary>
    [Fact]
    public void TryDecode_RandomlyDamagedChunk_OnlyCorruptOrFallback()
    {
        var random = new Random(20261205);
        byte[] first = SnappyPage(6, [.. Levels(0x04, 0x01, 0x03, 0b_1010_1010), .. Values("a", "bé", "c", "日本")]);
        byte[] second = SnappyPage(3, [.. Levels(0x06, 0x01), .. Values("x", "y", "z")]);
        for (var round = 0; round < 2000; round++)
        {
            var chunk = (byte[])[.. first, .. second];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                chunk[random.Next(chunk.Length)] = (byte)random.Next(256);
            }

            try
            {
                using var strings = Decode(9, maxLevel: 1, CompressionCodec.SNAPPY, chunk);
                if (strings is not null)
                {
                    for (var row = 0; row < 9; row++)
                    {
                        Assert.InRange(strings.Offsets[row + 1] - strings.Offsets[row], 0, strings.Offsets[9]);
                    }
                }
            }
            catch (DataSourceException ex)
            {
                Assert.Contains("corrupt or truncated Parquet file: column 'text'", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    private static void AssertCorrupt(string expected, Func<ParquetPlainStrings?> decode)
    {
        var ex = Assert.Throws<DataSourceException>(() => decode()?.Dispose());
        Assert.StartsWith($"{FilePath}: corrupt or truncated Parquet file: column 'text' ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static ParquetPlainStrings? Decode(int rows, int maxLevel, params byte[][] pages) =>
        Decode(rows, maxLevel, CompressionCodec.UNCOMPRESSED, [.. pages.SelectMany(p => p)]);

    private static ParquetPlainStrings? Decode(int rows, int maxLevel, CompressionCodec codec, byte[] pages) =>
        Decode(rows, maxLevel, codec, PageEncoding.PLAIN, pages);

    /// <summary>The pages as a column chunk right after the file's magic number, with the metadata a writer gives it.</summary>
    private static ParquetPlainStrings? Decode(int rows, int maxLevel, CompressionCodec codec, PageEncoding encoding, byte[] pages)
    {
        var chunk = new ColumnChunk
        {
            MetaData = new ColumnMetaData
            {
                Type = Parquet.Meta.Type.BYTE_ARRAY,
                Encodings = [encoding, PageEncoding.RLE],
                Codec = codec,
                NumValues = rows,
                DataPageOffset = 4,
                TotalCompressedSize = pages.Length,
                TotalUncompressedSize = pages.Length,
            },
        };
        using var file = new MemoryStream([.. "PAR1"u8, .. pages, .. "PAR1"u8]);
        return ParquetPlainStrings.TryDecode(file, chunk, maxLevel, rows, FilePath, "text", default);
    }

    /// <summary>A v1 data page: its Thrift compact header (type, sizes, then a DataPageHeader: PLAIN, levels RLE), then <paramref name="body"/>.</summary>
    private static byte[] Page(int rows, byte[] body, int? uncompressed = null) =>
    [
        0x15, .. Varint(0), 0x15, .. Varint(uncompressed ?? body.Length), 0x15, .. Varint(body.Length),
        0x2C, 0x15, .. Varint(rows), 0x15, .. Varint(0), 0x15, .. Varint(3), 0x15, .. Varint(3), 0x00,
        0x00, .. body,
    ];

    private static byte[] SnappyPage(int rows, byte[] body) => Page(rows, Snappy.CompressToArray(body), body.Length);

    /// <summary>Definition levels: their 4-byte length, then the given RLE / bit-packed hybrid bytes.</summary>
    private static byte[] Levels(params byte[] runs) => [.. BitConverter.GetBytes(runs.Length), .. runs];

    private static byte[] Values(params string[] values) =>
        [.. values.SelectMany(v => (byte[])[.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(v)), .. Encoding.UTF8.GetBytes(v)])];

    private static byte[] Varint(int value)
    {
        var zigzag = (uint)((value << 1) ^ (value >> 31));
        var bytes = new List<byte>();
        while (zigzag >= 0x80)
        {
            bytes.Add((byte)(zigzag | 0x80));
            zigzag >>= 7;
        }

        bytes.Add((byte)zigzag);
        return [.. bytes];
    }
}
