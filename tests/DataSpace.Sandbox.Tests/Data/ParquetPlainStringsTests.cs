using DataSpace.Sandbox.Data;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Snappier;
using Encoding = System.Text.Encoding;
using PageEncoding = Parquet.Meta.Encoding;

using static DataSpace.Sandbox.Tests.Data.ParquetPageBytes;

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
    [InlineData("dictionary page after a data page")]
    [InlineData("delta encoding")]
    [InlineData("gzip")]
    [InlineData("header cut short")]
    [InlineData("page past its chunk")]
    [InlineData("more rows than the row group")]
    public void TryDecode_LayoutItDoesNotRead_Null(string layout)
    {
        var page = Page(1, Values("a"));
        var result = layout switch
        {
            // A dictionary page's type with a data page's header.
            "dictionary page" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, [0x15, 0x04, .. page[2..]]),
            "dictionary page after a data page" => Decode(2, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
                [.. page, .. DictionaryPage(1, Values("a")), .. IndexedPage(1, [0, 0x02, 0x00])]),
            "delta encoding" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.DELTA_BYTE_ARRAY, page),
            "gzip" => Decode(1, 0, CompressionCodec.GZIP, page),
            "header cut short" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, page[..4]),
            "page past its chunk" => Decode(1, 0, CompressionCodec.UNCOMPRESSED, page[..^1]),
            _ => Decode(1, 0, CompressionCodec.UNCOMPRESSED, Page(2, Values("a", "b"))),
        };

        Assert.Null(result);
    }

    [Theory]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.Snappy, true)]
    [InlineData(CompressionMethod.Snappy, false)]
    public async Task TryDecode_ParquetNetDictionaryColumn_Decoded_AsParquetNetReadsIt(CompressionMethod compression, bool nullable)
    {
        var path = _dir.File("dictionary.parquet");
        var text = new DataField("text", typeof(string), isNullable: nullable);
        // Values of up to 16 bytes (copied 16 bytes at a time) and longer ones (copied as they are), in one dictionary.
        var written = Enumerable.Range(0, 20_000)
            .Select(i => nullable && i % 7 == 0 ? null : i % 13 == 0 ? $"a region name longer than sixteen bytes {i % 3}" : $"region {i * 7919 % 50} é")
            .ToArray();
        var options = new ParquetOptions { CompressionMethod = compression };
        options.ColumnEncodingHints["text"] = EncodingHint.Dictionary;
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text), stream, options))
        {
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync(text, written);
        }

        await using var file = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(file);
        using var group = reader.OpenRowGroupReader(0);
        var field = reader.Schema.DataFields[0];
        var meta = group.GetMetadata(field)!.MetaData!;
        Assert.Contains(meta.Encodings!, e => e is PageEncoding.PLAIN_DICTIONARY or PageEncoding.RLE_DICTIONARY);
        using var strings = ParquetPlainStrings.TryDecode(file, group.GetMetadata(field), field.MaxDefinitionLevel, written.Length, path, "text", default);

        Assert.NotNull(strings);
        for (var row = 0; row < written.Length; row++)
        {
            var isNull = strings.Defined is { } defined && defined[row] == 0;
            Assert.Equal(written[row], isNull ? null : Encoding.UTF8.GetString(strings.Bytes, strings.Offsets[row], strings.Offsets[row + 1] - strings.Offsets[row]));
        }
    }

    [Fact]
    public void TryDecode_DictionaryPageThenIndexedPages_EachRowItsEntry()
    {
        // Rows: 0 null 2 1 2 0 (levels bit-packed: 1 0 1 1 1 1); indices: a bit-packed run of 5 (2 bits), then an RLE run of one 0.
        using var strings = Decode(7, maxLevel: 1, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
        [
            .. DictionaryPage(3, Values("north", "", "日本")),
            .. IndexedPage(6, [.. Levels(0x03, 0b_0011_1101), 2, 0x03, 0b_1001_1000, 0b_0000_0000]),
            .. IndexedPage(1, [.. Levels(0x02, 0x01), 2, 0x02, 0x00]),
        ]);

        Assert.NotNull(strings);
        Assert.Equal(["north", null, "日本", "", "日本", "north", "north"], Enumerable.Range(0, 7).Select(row => strings.Defined![row] == 0
            ? null
            : Encoding.UTF8.GetString(strings.Bytes, strings.Offsets[row], strings.Offsets[row + 1] - strings.Offsets[row])));
    }

    [Theory]
    [InlineData(3, "has dictionary index 3 for row 1 of its row group; the dictionary holds 3 values")]
    [InlineData(255, "has dictionary index 255 for row 1")]
    public void TryDecode_IndexPastTheDictionary_Corrupt(byte index, string expected) =>
        AssertCorrupt(expected, () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(3, Values("a", "b", "c")), .. IndexedPage(1, [8, 0x02, index])]));

    [Theory]
    [InlineData(33, "has dictionary indices of 33 bits (at most 32)")]
    [InlineData(255, "has dictionary indices of 255 bits")]
    public void TryDecode_BitWidthAbove32_Corrupt(byte width, string expected) =>
        AssertCorrupt(expected, () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(1, Values("a")), .. IndexedPage(1, [width, 0x02, 0, 0, 0, 0, 0])]));

    [Theory]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 2, 0x03 })]
    [InlineData(new byte[] { 2, 0x03, 0xFF })]
    [InlineData(new byte[] { 2, 0x06 })]
    [InlineData(new byte[] { 9, 0x06, 0x00 })]
    [InlineData(new byte[] { 2, 0x80, 0x80, 0x80, 0x80, 0x80 })]
    public void TryDecode_FewerIndicesThanValues_Corrupt(byte[] body) =>
        AssertCorrupt("dictionary indices in a page of 5 values", () => Decode(5, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(4, Values("a", "b", "c", "d")), .. IndexedPage(5, body)]));

    [Fact]
    public void TryDecode_IndexedPageWithoutBitWidth_Corrupt() =>
        AssertCorrupt("without the bit width of its indices", () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(1, Values("a")), .. IndexedPage(1, [])]));

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1_000_000)]
    [InlineData(3)]
    public void TryDecode_DictionaryCountItsPageCannotHold_CorruptBeforeAllocating(int count) =>
        AssertCorrupt($"declares {count} dictionary values in a page of 10 bytes", () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(count, Values("ab", "")), .. IndexedPage(1, [1, 0x02, 0])]));

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void TryDecode_DictionaryValuePastItsPage_Corrupt(int length) =>
        AssertCorrupt("has a dictionary whose value 2 runs past its page or is below zero in length", () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(2, [.. Values("a"), .. BitConverter.GetBytes(length), .. "abcd"u8]), .. IndexedPage(1, [1, 0x02, 0])]));

    [Fact]
    public void TryDecode_IndexedPageWithoutDictionary_Corrupt() =>
        AssertCorrupt("has a dictionary-encoded page but no dictionary page", () => Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            IndexedPage(1, [1, 0x02, 0])));

    [Fact]
    public void TryDecode_DictionaryEntryNotUtf8_LeftToParquetNet() =>
        Assert.Null(Decode(1, 0, CompressionCodec.UNCOMPRESSED, PageEncoding.RLE_DICTIONARY,
            [.. DictionaryPage(1, [2, 0, 0, 0, 0xC3, 0x28]), .. IndexedPage(1, [1, 0x02, 0])]));

    /// <summary>A dictionary-encoded chunk changed at random: a result or null, or corrupt; never an index past the dictionary.</summary>
    [Fact]
    public void TryDecode_RandomlyDamagedDictionaryChunk_OnlyCorruptOrFallback()
    {
        var random = new Random(20261206);
        byte[] dictionary = [.. DictionaryPage(3, Values("north", "é", "日本"))];
        byte[] first = SnappyPage(6, [.. Levels(0x03, 0b_0011_1101), 2, 0x03, 0b_1001_1000, 0b_0000_0000], PageEncoding.RLE_DICTIONARY);
        byte[] second = SnappyPage(3, [.. Levels(0x06, 0x01), 2, 0x06, 0x01], PageEncoding.RLE_DICTIONARY);
        for (var round = 0; round < 2000; round++)
        {
            var chunk = (byte[])[.. dictionary, .. first, .. second];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                chunk[random.Next(chunk.Length)] = (byte)random.Next(256);
            }

            try
            {
                using var strings = Decode(9, maxLevel: 1, CompressionCodec.SNAPPY, PageEncoding.RLE_DICTIONARY, chunk);
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

    /// <summary>A data page of dictionary indices: <paramref name="body"/> is the levels (if any), the bit width, then the RLE / bit-packed runs.</summary>
    private static byte[] IndexedPage(int rows, byte[] body) => Page(rows, body, encoding: PageEncoding.RLE_DICTIONARY);

    /// <summary>A dictionary page: its header (type 2, sizes, then a DictionaryPageHeader: the count, PLAIN), then the PLAIN values.</summary>
    private static byte[] DictionaryPage(int count, byte[] values) =>
    [
        0x15, .. Varint(2), 0x15, .. Varint(values.Length), 0x15, .. Varint(values.Length),
        0x4C, 0x15, .. Varint(count), 0x15, .. Varint(0), 0x00,
        0x00, .. values,
    ];

    private static byte[] Values(params string[] values) =>
        [.. values.SelectMany(v => (byte[])[.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(v)), .. Encoding.UTF8.GetBytes(v)])];
}
