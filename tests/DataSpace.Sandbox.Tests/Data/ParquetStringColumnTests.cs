using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// String columns are read as their UTF-8 bytes (never as .NET strings): the values must be exactly those of Parquet.Net's
/// string reader encoded to UTF-8 (the path they replaced), for every encoding, codec, nullability and row-group layout,
/// and a corrupt string column must fail as a <see cref="DataSourceException"/> naming the file.
/// </summary>
public sealed class ParquetStringColumnTests : IDisposable
{
    private static readonly string[] Samples =
        ["", "a", "region-07", "ünï", "日本語", "🙂 emoji", "tab\tnew\nline", new string('x', 300), "ßü" + new string('é', 200), "\0nul"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, true, CompressionMethod.None)]
    [InlineData(2, true, CompressionMethod.Snappy)]
    [InlineData(3, false, CompressionMethod.None)]
    [InlineData(4, false, CompressionMethod.Snappy)]
    [InlineData(5, true, CompressionMethod.Gzip)]
    [InlineData(6, false, CompressionMethod.Zstd)]
    public async Task ReadBatches_RandomStrings_SameBytesAsParquetNetStrings(int seed, bool dictionary, CompressionMethod compression)
    {
        var random = new Random(seed);
        var path = _dir.File("strings.parquet");
        var optional = new DataField<string>("optional");
        var required = new DataField("required", typeof(string), isNullable: false);
        var options = Options(compression, dictionary, "optional", "required");
        await WriteAsync(path, new ParquetSchema(optional, required), options, random.Next(2, 5), async rowGroup =>
        {
            var rows = random.Next(1, 400);
            await rowGroup.WriteAsync(optional, Values(random, rows, dictionary, nulls: true));
            await rowGroup.WriteAsync(required, Values(random, rows, dictionary, nulls: false));
        });

        Assert.Equal(dictionary, await IsDictionaryEncodedAsync(path, optional));
        await AssertSameAsStringPathAsync(path, "optional", "required");
    }

    [Fact]
    public async Task ReadBatches_InvalidUtf8_ReplacedAsTheStringPathDid()
    {
        var path = _dir.File("bad-utf8.parquet");
        var text = new DataField<string>("text");
        await WriteAsync(path, new ParquetSchema(text), new ParquetOptions { CompressionMethod = CompressionMethod.None }, 1,
            rowGroup => rowGroup.WriteAsync(text, ["ok", "bad-QQ-end", null, "QQ"]));
        Patch(path, "QQ"u8, [0xC3, 0x28]);

        await AssertSameAsStringPathAsync(path, "text");
        using var source = DataSources.Open(path);
        Assert.Equal([(object?)"ok", "bad-\uFFFD(-end", null, "\uFFFD("], Batches.Column(Batches.ReadAll(source, ["text"]), 0));
    }

    /// <summary>
    /// A value ending with a UTF-8 lead byte next to one starting with its continuation byte: each is invalid on its own,
    /// although their bytes one after the other (as a batch's buffer holds them) are valid UTF-8; both are replaced.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadBatches_Utf8SplitAcrossValues_ReplacedAsTheStringPathDid(bool dictionary)
    {
        var path = _dir.File("split-utf8.parquet");
        var text = new DataField<string>("text");
        await WriteAsync(path, new ParquetSchema(text), Options(CompressionMethod.None, dictionary, "text"), 1,
            rowGroup => rowGroup.WriteAsync(text, ["abK1", "K2cd", null, "ok", "ok", "abK1", "K2cd", "ok", "ok"]));
        Patch(path, "K1"u8, [(byte)'K', 0xC3]);
        Patch(path, "K2"u8, [0xA9, (byte)'K']);

        Assert.Equal(dictionary, await IsDictionaryEncodedAsync(path, text));
        await AssertSameAsStringPathAsync(path, "text");
        using var source = DataSources.Open(path);
        Assert.Equal([(object?)"abK\uFFFD", "\uFFFDKcd", null, "ok"], Batches.Column(Batches.ReadAll(source, ["text"]), 0).Take(4));
    }

    [Fact]
    public async Task ReadBatches_HugeDeclaredValueLength_ThrowsNamingFile()
    {
        var path = _dir.File("huge-length.parquet");
        var text = new DataField("text", typeof(string), isNullable: false);
        await WriteAsync(path, new ParquetSchema(text), Options(CompressionMethod.None, dictionary: false), 1,
            rowGroup => rowGroup.WriteAsync(text, ["first", "zzzz", "last"]));
        Patch(path, [4, 0, 0, 0, (byte)'z', (byte)'z', (byte)'z', (byte)'z'], [0xFF, 0xFF, 0xFF, 0x7F, (byte)'z', (byte)'z', (byte)'z', (byte)'z']);

        AssertCorrupt(path, "text");
    }

    [Fact]
    public async Task ReadBatches_DictionaryIndexOutOfRange_ThrowsNamingFile()
    {
        var path = _dir.File("bad-index.parquet");
        var text = new DataField("text", typeof(string), isNullable: false);
        await WriteAsync(path, new ParquetSchema(text), Options(CompressionMethod.None, dictionary: true, "text"), 1,
            rowGroup => rowGroup.WriteAsync(text, [.. Enumerable.Repeat("aaaa", 1), .. Enumerable.Repeat("bbbb", 40)]));

        // The data page holds the indexes after their bit width (2): a run of one 0 (header 0x02, value 0x00), then a run
        // of forty 1s (header 0x50, value 0x01). Index 3 is outside the two-entry dictionary.
        Patch(path, [0x02, 0x02, 0x00, 0x50, 0x01], [0x02, 0x02, 0x00, 0x50, 0x03]);

        AssertCorrupt(path, "text");
    }

    [Fact]
    public async Task ReadBatches_DefinitionLevelAboveMaximum_ThrowsNamingColumn()
    {
        var path = _dir.File("bad-level.parquet");
        var text = new DataField<string>("text");
        await WriteAsync(path, new ParquetSchema(text), Options(CompressionMethod.None, dictionary: false), 1,
            rowGroup => rowGroup.WriteAsync(text, [.. Enumerable.Repeat("aaaa", 40)]));

        // The levels (bit width 1) follow their 4-byte length (2): one run of forty 1s (header 0x50, value 0x01); a
        // level of 2 is neither null (0) nor defined (1).
        Patch(path, [0x02, 0x00, 0x00, 0x00, 0x50, 0x01], [0x02, 0x00, 0x00, 0x00, 0x50, 0x02]);

        AssertCorrupt(path, "text");
        using var source = DataSources.Open(path);
        Assert.Contains("column 'text' has definition level 2 (at most 1)",
            Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["text"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_CorruptStringPage_ThrowsNamingFile()
    {
        var path = _dir.File("bad-page.parquet");
        await ParquetFiles.WriteSequenceAsync(path, 1000);
        long offset;
        await using (var stream = File.OpenRead(path))
        {
            await using var reader = await ParquetReader.CreateAsync(stream);
            using var rowGroup = reader.OpenRowGroupReader(0);
            var metadata = rowGroup.GetMetadata(reader.Schema.DataFields[1])!.MetaData!;
            offset = metadata.DictionaryPageOffset ?? metadata.DataPageOffset;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        bytes.AsSpan((int)offset + 24, 64).Fill(0xEE);
        await File.WriteAllBytesAsync(path, bytes);

        AssertCorrupt(path, "text");
    }

    /// <summary>Parquet.Net 6.1.0 writes a dictionary only for the columns hinted so (at most 80% distinct values by default).</summary>
    private static ParquetOptions Options(CompressionMethod compression, bool dictionary, params string[] columns)
    {
        var options = new ParquetOptions { CompressionMethod = compression };
        foreach (var column in dictionary ? columns : [])
        {
            options.ColumnEncodingHints[column] = EncodingHint.Dictionary;
        }

        return options;
    }

    private static string?[] Values(Random random, int rows, bool dictionary, bool nulls)
    {
        var values = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = nulls && random.Next(5) == 0 ? null
                : dictionary ? Samples[random.Next(Samples.Length)]
                : Samples[random.Next(Samples.Length)] + random.Next(1000);
        }

        return values;
    }

    /// <summary>Every requested column, batch by batch (batches of 7 rows cross row groups), equals the string path's bytes.</summary>
    private static async Task AssertSameAsStringPathAsync(string path, params string[] columns)
    {
        var expected = await ReadAsStringsAsync(path, columns);
        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, columns, maxRows: 7);
        for (var c = 0; c < columns.Length; c++)
        {
            var row = 0;
            foreach (var batch in batches)
            {
                var array = (StringArray)batch.Column(c);
                for (var i = 0; i < array.Length; i++, row++)
                {
                    var want = expected[c][row];
                    Assert.True(want is null == array.IsNull(i), $"column {columns[c]}, row {row}: null mismatch");
                    if (want is not null)
                    {
                        Assert.True(Encoding.UTF8.GetBytes(want).AsSpan().SequenceEqual(array.GetBytes(i)), $"column {columns[c]}, row {row}: bytes differ");
                    }
                }
            }

            Assert.Equal(expected[c].Count, row);
        }
    }

    /// <summary>The columns as Parquet.Net's own string reader gives them, row group after row group.</summary>
    private static async Task<List<string?>[]> ReadAsStringsAsync(string path, string[] columns)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var result = columns.Select(_ => new List<string?>()).ToArray();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            for (var c = 0; c < columns.Length; c++)
            {
                var values = new string?[rowGroup.RowCount];
                await rowGroup.ReadAsync(reader.Schema.DataFields.Single(f => f.Name == columns[c]), values);
                result[c].AddRange(values);
            }
        }

        return result;
    }

    private static async Task<bool> IsDictionaryEncodedAsync(string path, DataField field)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        using var rowGroup = reader.OpenRowGroupReader(0);
        return rowGroup.GetMetadata(reader.Schema.DataFields.Single(f => f.Name == field.Name))!.MetaData!.Encodings
            .Any(e => e is Parquet.Meta.Encoding.RLE_DICTIONARY or Parquet.Meta.Encoding.PLAIN_DICTIONARY);
    }

    private static void AssertCorrupt(string path, string column)
    {
        using var source = DataSources.Open(path);
        var ex = Assert.ThrowsAny<Exception>(() => Batches.ReadAll(source, [column]));

        var error = Assert.IsType<DataSourceException>(ex);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated Parquet", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Replaces every occurrence of <paramref name="find"/> (at least one) by <paramref name="replace"/> of the same length.</summary>
    private static void Patch(string path, ReadOnlySpan<byte> find, ReadOnlySpan<byte> replace)
    {
        var bytes = File.ReadAllBytes(path);
        var found = 0;
        for (var at = bytes.AsSpan().IndexOf(find); at >= 0; at = bytes.AsSpan(at + 1).IndexOf(find) is var next and >= 0 ? at + 1 + next : -1)
        {
            replace.CopyTo(bytes.AsSpan(at));
            found++;
        }

        Assert.True(found > 0, "the pattern to patch is not in the file");
        File.WriteAllBytes(path, bytes);
    }

    private static async Task WriteAsync(string path, ParquetSchema schema, ParquetOptions options, int rowGroups, Func<ParquetRowGroupWriter, Task> write)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, options);
        for (var group = 0; group < rowGroups; group++)
        {
            using var rowGroup = writer.CreateRowGroup();
            await write(rowGroup);
        }
    }
}
