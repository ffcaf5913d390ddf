using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parquet.Meta;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// An int32, int64 or double column chunk of the commonest layout decoded straight from its pages, without Parquet.Net:
/// flat (required or optional), PLAIN v1 data pages, uncompressed or Snappy, definition levels in RLE. Parquet.Net 6.1.0
/// decompresses every page of such a column into a new zero-filled array (two of 2 MiB per row group of 250,000 doubles:
/// most of a 100M-row job's garbage, docs/benchmarks.md, job-scan); here the pages are decompressed into one pooled
/// buffer, and the values go into the chunk's array with one copy per page (a required column) or one per value (an
/// optional one). <see cref="TryRead"/> returns null for any other layout (a dictionary, another codec or encoding, a page
/// it cannot read): the caller then reads the chunk through Parquet.Net as before. A page whose values or levels
/// contradict it (fewer value bytes than defined rows need, a missing or out-of-range level, a page whose Snappy data
/// does not give the size its header declares) makes the file corrupt.
/// </summary>
internal static class ParquetPlainValues
{
    /// <summary>
    /// Decodes the chunk's <paramref name="rowCount"/> rows into <paramref name="values"/> (pooled, at least that long; a null
    /// row's value is the default) and, for an optional column (<paramref name="maxLevel"/> 1), <paramref name="defined"/>
    /// (pooled; 1 for a row with a value); false, with nothing rented, for a layout it does not read.
    /// </summary>
    public static bool TryRead<T>(
        Stream file, ColumnChunk? chunk, Parquet.Meta.Type physical, int maxLevel, int rowCount, string path, string column,
        out T[] values, out byte[]? defined, CancellationToken cancellationToken)
        where T : struct
    {
        values = [];
        defined = null;
        var meta = chunk?.MetaData;
        if (meta is null || chunk!.CryptoMetadata is not null || maxLevel > 1 || meta.Type != physical
            || meta.NumValues != rowCount || meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)
            || meta.DictionaryPageOffset is > 0 || meta.IndexPageOffset is > 0 || meta.TotalCompressedSize is <= 0 or > int.MaxValue
            || meta.DataPageOffset < 4 || meta.DataPageOffset > file.Length - meta.TotalCompressedSize
            || meta.Encodings is not { } encodings || encodings.Exists(static e => e is not (Encoding.PLAIN or Encoding.RLE)))
        {
            return false;
        }

        var size = Unsafe.SizeOf<T>();
        var raw = ArrayPool<byte>.Shared.Rent((int)meta.TotalCompressedSize);
        byte[]? page = null;
        var decoded = ArrayPool<T>.Shared.Rent(Math.Max(rowCount, 1));
        var flags = maxLevel == 0 ? null : ArrayPool<byte>.Shared.Rent(Math.Max(rowCount, 1));
        var done = false;
        try
        {
            file.Position = meta.DataPageOffset;
            file.ReadExactly(raw, 0, (int)meta.TotalCompressedSize);
            var source = raw.AsSpan(0, (int)meta.TotalCompressedSize);
            var rows = 0;
            while (rows < rowCount)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!ParquetPageHeader.TryRead(source, out var header, out var headerLength)
                    || header.Type != ParquetPageHeader.DataPage || header.DataEncoding != ParquetPageHeader.Plain
                    || (maxLevel > 0 && header.DefinitionLevelEncoding != ParquetPageHeader.Rle)
                    || header.CompressedSize > source.Length - headerLength || header.DataValues > rowCount - rows
                    || (meta.Codec == CompressionCodec.UNCOMPRESSED && header.UncompressedSize != header.CompressedSize))
                {
                    return false;
                }

                var body = source.Slice(headerLength, header.CompressedSize);
                source = source[(headerLength + header.CompressedSize)..];
                var data = body;
                if (meta.Codec != CompressionCodec.UNCOMPRESSED)
                {
                    var length = ParquetPages.Decompress(body, header, ref page, path, column);
                    data = page.AsSpan(0, length);
                }

                ReadPage(data, header.DataValues, rows, size, decoded, flags, path, column);
                rows += header.DataValues;
            }

            (values, defined, done) = (decoded, flags, true);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (page is not null)
            {
                ArrayPool<byte>.Shared.Return(page);
            }

            if (!done)
            {
                ArrayPool<T>.Shared.Return(decoded);
                if (flags is not null)
                {
                    ArrayPool<byte>.Shared.Return(flags);
                }
            }
        }
    }

    /// <summary>One page's rows: its definition levels (optional column), then the defined rows' values one after the other.</summary>
    private static void ReadPage<T>(ReadOnlySpan<byte> page, int rows, int firstRow, int size, T[] values, byte[]? defined, string path, string column)
        where T : struct
    {
        var count = rows;
        if (defined is not null)
        {
            if (page.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(page) is var levelBytes && (uint)levelBytes > (uint)(page.Length - 4))
            {
                throw ParquetPages.Corrupt(path, column, "has a page whose definition levels run past its end");
            }

            var levels = defined.AsSpan(firstRow, rows);
            ParquetPages.ReadDefinitionLevels(page.Slice(4, levelBytes), levels, firstRow, path, column);
            page = page[(4 + levelBytes)..];
            count = rows - levels.Count((byte)0);
        }

        if ((long)count * size > page.Length)
        {
            throw ParquetPages.Corrupt(path, column, $"has a page of {page.Length} value bytes for {count} values of {size} bytes");
        }

        var source = MemoryMarshal.Cast<byte, T>(page[..(count * size)]);
        var target = values.AsSpan(firstRow, rows);
        if (defined is null || count == rows)
        {
            source.CopyTo(target);
            return;
        }

        var flags = defined.AsSpan(firstRow, rows);
        var next = 0;
        for (var i = 0; i < rows; i++)
        {
            target[i] = flags[i] != 0 ? source[next++] : default;
        }
    }
}
