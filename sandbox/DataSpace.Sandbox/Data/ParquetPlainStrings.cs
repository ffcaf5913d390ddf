using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Parquet.Meta;
using static DataSpace.Sandbox.Data.ParquetPages;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A string column chunk of the commonest layouts decoded straight from its pages, without Parquet.Net: flat (required or
/// optional) BYTE_ARRAY, v1 data pages, uncompressed or Snappy, definition levels in RLE, values PLAIN or through a
/// dictionary (a PLAIN dictionary page first, then data pages of RLE / bit-packed indices into it, PLAIN_DICTIONARY or
/// RLE_DICTIONARY; a writer may fall back to PLAIN pages after them). Parquet.Net 6.1.0 decodes a PLAIN page into one new
/// <c>byte[]</c> per value, and a dictionary page into one slice per row; here the values' bytes go one after the other
/// into one pooled buffer (<see cref="Bytes"/>) with the offset of each row (<see cref="Offsets"/>), so a batch is cut from
/// them with one copy. <see cref="TryDecode"/> returns null for any other layout, or any page it cannot read, and for
/// values that are not all valid UTF-8: the caller then reads the chunk through Parquet.Net as before, which covers every
/// format. A value, an index or a level that contradicts the page it is in (a length below zero or past the page's end, an
/// index past the dictionary, a bit width above 32, a missing or out-of-range definition level, a dictionary larger than
/// its page can hold, a page whose Snappy data does not give the size its header declares) makes the file corrupt.
/// </summary>
internal sealed partial class ParquetPlainStrings : IDisposable
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
        // The chunk starts at its dictionary page when it has one (some writers leave the offset out and put the page first).
        var start = meta?.DictionaryPageOffset is > 0 and var dictionaryAt ? dictionaryAt : meta?.DataPageOffset ?? -1;
        if (meta is null || chunk!.CryptoMetadata is not null || maxLevel > 1 || meta.Type != Parquet.Meta.Type.BYTE_ARRAY
            || meta.NumValues != rowCount || meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)
            || meta.IndexPageOffset is > 0 || meta.TotalCompressedSize is <= 0 or > int.MaxValue
            || start < 4 || start > meta.DataPageOffset || start > file.Length - meta.TotalCompressedSize
            || meta.Encodings is not { } encodings
            || encodings.Exists(static e => e is not (Encoding.PLAIN or Encoding.RLE or Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY)))
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
            file.Position = start;
            file.ReadExactly(raw, 0, (int)meta.TotalCompressedSize);
            using var decoder = new Decoder(strings, path, column);
            var source = raw.AsSpan(0, (int)meta.TotalCompressedSize);
            var first = true;
            while (decoder.Rows < rowCount)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!ParquetPageHeader.TryRead(source, out var header, out var headerLength)
                    || !(header.Type == ParquetPageHeader.DataPage
                        ? header.DataEncoding is ParquetPageHeader.Plain or ParquetPageHeader.PlainDictionary or ParquetPageHeader.RleDictionary
                            && (maxLevel == 0 || header.DefinitionLevelEncoding == ParquetPageHeader.Rle)
                            && header.DataValues <= rowCount - decoder.Rows
                        : first && header.Type == ParquetPageHeader.DictionaryPage
                            && header.DataEncoding is ParquetPageHeader.Plain or ParquetPageHeader.PlainDictionary)
                    || header.CompressedSize > source.Length - headerLength)
                {
                    strings.Dispose();
                    return null;
                }

                first = false;

                var body = source.Slice(headerLength, header.CompressedSize);
                source = source[(headerLength + header.CompressedSize)..];
                if (meta.Codec == CompressionCodec.UNCOMPRESSED)
                {
                    if (header.UncompressedSize != header.CompressedSize)
                    {
                        strings.Dispose();
                        return null;
                    }

                    if (!decoder.Read(body, header))
                    {
                        strings.Dispose();
                        return null;
                    }

                    continue;
                }

                var size = Decompress(body, header, ref page, path, column);
                if (!decoder.Read(page.AsSpan(0, size), header))
                {
                    strings.Dispose();
                    return null;
                }
            }

            // Values from a dictionary were checked as its entries; PLAIN pages' bytes are checked here, all at once.
            strings.Offsets[rowCount] = decoder.Length;
            if (decoder.StartsMidCharacter || (decoder.PlainPages && !Utf8.IsValid(strings.Bytes.AsSpan(0, decoder.Length))))
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
    /// Appends the rows of each data page to the chunk's buffers, checking every length, index and level against the page;
    /// keeps the dictionary page's entries (their bytes and where each starts) for the pages that index into it.
    /// </summary>
    private sealed partial class Decoder(ParquetPlainStrings strings, string path, string column) : IDisposable
    {
        /// <summary>Bytes read past an entry by the copy of short values (the dictionary's buffer has them to spare).</summary>
        private const int ShortCopy = 16;

        private byte[]? _dictionary;
        private int[]? _entries;
        private int _entryCount;
        private int _longestEntry;
        private int[] _indices = [];

        public int Rows { get; private set; }

        public int Length { get; private set; }

        /// <summary>Whether a value starts with a UTF-8 continuation byte (then it is not valid UTF-8 on its own).</summary>
        public bool StartsMidCharacter { get; private set; }

        /// <summary>Whether a PLAIN data page was read (its values are checked as UTF-8 at the end, all at once).</summary>
        public bool PlainPages { get; private set; }

        public void Dispose()
        {
            if (_dictionary is not null)
            {
                ArrayPool<byte>.Shared.Return(_dictionary);
                ArrayPool<int>.Shared.Return(_entries!);
            }

            if (_indices.Length > 0)
            {
                ArrayPool<int>.Shared.Return(_indices);
            }
        }

        /// <summary>Reads a dictionary or data page; false when it is one this decoder does not read (Parquet.Net then will).</summary>
        public bool Read(ReadOnlySpan<byte> page, ParquetPageHeader header)
        {
            if (header.Type == ParquetPageHeader.DictionaryPage)
            {
                return ReadDictionary(page, header.DataValues);
            }

            if (header.DataEncoding == ParquetPageHeader.Plain)
            {
                PlainPages = true;
            }
            else if (_dictionary is null)
            {
                throw Corrupt(path, column, "has a dictionary-encoded page but no dictionary page");
            }

            ReadPage(page, header);
            return true;
        }

        private void ReadPage(ReadOnlySpan<byte> page, ParquetPageHeader header)
        {
            var rows = header.DataValues;
            var values = rows;
            if (strings.Defined is { } defined)
            {
                if (page.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(page) is var levelBytes && (uint)levelBytes > (uint)(page.Length - 4))
                {
                    throw Corrupt(path, column, "has a page whose definition levels run past its end");
                }

                ReadDefinitionLevels(page.Slice(4, levelBytes), defined.AsSpan(Rows, rows), Rows, path, column);
                page = page[(4 + levelBytes)..];
                values = rows - defined.AsSpan(Rows, rows).Count((byte)0);
            }

            if (header.DataEncoding != ParquetPageHeader.Plain)
            {
                ReadIndexed(page, rows, values);
                return;
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
