using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Parquet.Meta;
using Snappier;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A string column chunk of the commonest layout decoded straight from its pages, without Parquet.Net: flat (required or
/// optional), PLAIN-encoded BYTE_ARRAY v1 data pages only, uncompressed or Snappy, definition levels in RLE. Parquet.Net
/// 6.1.0 decodes such a page into one new <c>byte[]</c> per value; here the values' bytes go one after the other into one
/// pooled buffer (<see cref="Bytes"/>) with the offset of each row (<see cref="Offsets"/>), so a batch is cut from them
/// with one copy. <see cref="TryDecode"/> returns null for any other layout, or any page it cannot read, and for values
/// that are not all valid UTF-8: the caller then reads the chunk through Parquet.Net as before, which covers every format.
/// A value or a level that contradicts the page it is in (a length below zero or past the page's end, a missing or
/// out-of-range definition level, a page whose Snappy data does not give the size its header declares) makes the file
/// corrupt.
/// </summary>
internal sealed class ParquetPlainStrings : IDisposable
{
    private ParquetPlainStrings(byte[] bytes, int[] offsets, byte[]? defined)
    {
        Bytes = bytes;
        Offsets = offsets;
        Defined = defined;
    }

    /// <summary>The values' bytes, row after row (a null row has none).</summary>
    public byte[] Bytes { get; private set; }

    /// <summary>Where the value of each row starts in <see cref="Bytes"/>; one more entry than rows: the end of the last.</summary>
    public int[] Offsets { get; }

    /// <summary>1 for each row that has a value, 0 for a null; null for a required column.</summary>
    public byte[]? Defined { get; }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(Bytes);
        ArrayPool<int>.Shared.Return(Offsets);
        if (Defined is not null)
        {
            ArrayPool<byte>.Shared.Return(Defined);
        }
    }

    /// <summary>Decodes the column chunk <paramref name="chunk"/> of <paramref name="rowCount"/> rows, or returns null (see the class).</summary>
    public static ParquetPlainStrings? TryDecode(
        Stream file, ColumnChunk? chunk, int maxLevel, int rowCount, string path, string column, CancellationToken cancellationToken)
    {
        var meta = chunk?.MetaData;
        if (meta is null || chunk!.CryptoMetadata is not null || maxLevel > 1 || meta.Type != Parquet.Meta.Type.BYTE_ARRAY
            || meta.NumValues != rowCount || meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)
            || meta.DictionaryPageOffset is > 0 || meta.IndexPageOffset is > 0 || meta.TotalCompressedSize is <= 0 or > int.MaxValue
            || meta.DataPageOffset < 4 || meta.DataPageOffset > file.Length - meta.TotalCompressedSize
            || meta.Encodings is not { } encodings || encodings.Exists(static e => e is not (Encoding.PLAIN or Encoding.RLE)))
        {
            return null;
        }

        var raw = ArrayPool<byte>.Shared.Rent((int)meta.TotalCompressedSize);
        byte[]? page = null;
        var strings = new ParquetPlainStrings(
            ArrayPool<byte>.Shared.Rent((int)Math.Clamp(Math.Min(meta.TotalUncompressedSize, (22L * meta.TotalCompressedSize) + 64), 4096, 1 << 26)),
            ArrayPool<int>.Shared.Rent(rowCount + 1),
            maxLevel == 0 ? null : ArrayPool<byte>.Shared.Rent(rowCount));
        try
        {
            file.Position = meta.DataPageOffset;
            file.ReadExactly(raw, 0, (int)meta.TotalCompressedSize);
            var decoder = new Decoder(strings, path, column);
            var source = raw.AsSpan(0, (int)meta.TotalCompressedSize);
            while (decoder.Rows < rowCount)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!ParquetPageHeader.TryRead(source, out var header, out var headerLength)
                    || header.Type != ParquetPageHeader.DataPage || header.DataEncoding != ParquetPageHeader.Plain
                    || (maxLevel > 0 && header.DefinitionLevelEncoding != ParquetPageHeader.Rle)
                    || header.CompressedSize > source.Length - headerLength || header.DataValues > rowCount - decoder.Rows)
                {
                    strings.Dispose();
                    return null;
                }

                var body = source.Slice(headerLength, header.CompressedSize);
                source = source[(headerLength + header.CompressedSize)..];
                if (meta.Codec == CompressionCodec.UNCOMPRESSED)
                {
                    if (header.UncompressedSize != header.CompressedSize)
                    {
                        strings.Dispose();
                        return null;
                    }

                    decoder.ReadPage(body, header);
                    continue;
                }

                var size = Decompress(body, header, ref page, path, column);
                decoder.ReadPage(page.AsSpan(0, size), header);
            }

            strings.Offsets[rowCount] = decoder.Length;
            if (decoder.StartsMidCharacter || !Utf8.IsValid(strings.Bytes.AsSpan(0, decoder.Length)))
            {
                strings.Dispose();
                return null;
            }

            return strings;
        }
        catch
        {
            strings.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (page is not null)
            {
                ArrayPool<byte>.Shared.Return(page);
            }
        }
    }

    /// <summary>
    /// Decompresses one Snappy page into <paramref name="page"/> (rented, or grown): its data must declare exactly the
    /// header's uncompressed size, which must be no more than Snappy can make of the compressed bytes (a copy of at most
    /// 64 bytes per 3 bytes of input), so that a forged size cannot make us allocate.
    /// </summary>
    private static int Decompress(ReadOnlySpan<byte> body, ParquetPageHeader header, ref byte[]? page, string path, string column)
    {
        int size;
        try
        {
            size = Snappy.GetUncompressedLength(body);
        }
        catch (InvalidDataException)
        {
            throw Corrupt(path, column, "has a page whose Snappy data is corrupt");
        }

        if (size != header.UncompressedSize || size > (22L * body.Length) + 64)
        {
            throw Corrupt(path, column, $"has a page declaring {header.UncompressedSize} bytes once decompressed, its Snappy data {size}");
        }

        if (page is null || page.Length < size)
        {
            if (page is not null)
            {
                ArrayPool<byte>.Shared.Return(page);
                page = null;
            }

            page = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        }

        try
        {
            if (!Snappy.TryDecompress(body, page.AsSpan(0, size), out var written) || written != size)
            {
                throw Corrupt(path, column, "has a page whose Snappy data is corrupt");
            }
        }
        catch (InvalidDataException)
        {
            throw Corrupt(path, column, "has a page whose Snappy data is corrupt");
        }

        return size;
    }

    /// <summary><paramref name="detail"/> follows the column's name: "has ...", "declares ...".</summary>
    private static DataSourceException Corrupt(string path, string column, string detail) =>
        new($"{path}: corrupt or truncated Parquet file: column '{column}' {detail}");

    /// <summary>Appends the rows of each data page to the chunk's buffers, checking every length and level against the page.</summary>
    private sealed class Decoder(ParquetPlainStrings strings, string path, string column)
    {
        public int Rows { get; private set; }

        public int Length { get; private set; }

        /// <summary>Whether a value starts with a UTF-8 continuation byte (then it is not valid UTF-8 on its own).</summary>
        public bool StartsMidCharacter { get; private set; }

        public void ReadPage(ReadOnlySpan<byte> page, ParquetPageHeader header)
        {
            var rows = header.DataValues;
            if (strings.Defined is { } defined)
            {
                if (page.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(page) is var levelBytes && (uint)levelBytes > (uint)(page.Length - 4))
                {
                    throw Corrupt(path, column, "has a page whose definition levels run past its end");
                }

                ReadLevels(page.Slice(4, levelBytes), defined.AsSpan(Rows, rows));
                page = page[(4 + levelBytes)..];
            }

            for (var row = Rows; row < Rows + rows; row++)
            {
                strings.Offsets[row] = Length;
                if (strings.Defined is not null && strings.Defined[row] == 0)
                {
                    continue;
                }

                if (page.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(page) is var length && (uint)length > (uint)(page.Length - 4))
                {
                    throw Corrupt(path, column, page.Length < 4
                        ? $"has no value for row {row + 1} of its row group"
                        : $"declares {BinaryPrimitives.ReadInt32LittleEndian(page)} bytes for row {row + 1} of its row group, more than its page holds or below zero");
                }

                var value = page.Slice(4, length);
                page = page[(4 + length)..];
                if (value.IsEmpty)
                {
                    continue;
                }

                StartsMidCharacter |= (value[0] & 0xC0) == 0x80;
                EnsureRoom(value.Length);
                value.CopyTo(strings.Bytes.AsSpan(Length));
                Length += value.Length;
            }

            Rows += rows;
        }

        /// <summary>The RLE / bit-packed hybrid levels of bit width 1 (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing Hybrid").</summary>
        private void ReadLevels(ReadOnlySpan<byte> source, Span<byte> levels)
        {
            var filled = 0;
            var at = 0;
            while (filled < levels.Length)
            {
                if (!TryReadRunHeader(source, ref at, out var header))
                {
                    throw Corrupt(path, column, $"has no definition level for row {Rows + filled + 1} of its row group");
                }

                if ((header & 1) == 0)
                {
                    if (at >= source.Length)
                    {
                        throw Corrupt(path, column, $"has no definition level for row {Rows + filled + 1} of its row group");
                    }

                    var level = source[at++];
                    if (level > 1)
                    {
                        throw Corrupt(path, column, $"has definition level {level} (at most 1)");
                    }

                    var run = (int)Math.Min(header >> 1, (uint)(levels.Length - filled));
                    levels.Slice(filled, run).Fill(level);
                    filled += run;
                    continue;
                }

                var groups = (int)Math.Min(header >> 1, (uint)(source.Length - at));
                for (var bit = 0; bit < groups * 8 && filled < levels.Length; bit++)
                {
                    levels[filled++] = (byte)((source[at + (bit >> 3)] >> (bit & 7)) & 1);
                }

                at += groups;
                if (groups == 0 && header >> 1 > 0)
                {
                    throw Corrupt(path, column, $"has no definition level for row {Rows + filled + 1} of its row group");
                }
            }
        }

        private static bool TryReadRunHeader(ReadOnlySpan<byte> source, ref int at, out uint header)
        {
            header = 0;
            for (var shift = 0; shift < 32 && at < source.Length; shift += 7)
            {
                var b = source[at++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }

            return false;
        }

        private void EnsureRoom(int count)
        {
            if (count <= strings.Bytes.Length - Length)
            {
                return;
            }

            var needed = (long)Length + count;
            if (needed > System.Array.MaxLength)
            {
                throw new DataSourceException($"{path}: column '{column}' holds more than 2 GiB of values in one row group");
            }

            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, 2L * strings.Bytes.Length), System.Array.MaxLength));
            strings.Bytes.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(strings.Bytes);
            strings.Bytes = grown;
        }
    }
}
