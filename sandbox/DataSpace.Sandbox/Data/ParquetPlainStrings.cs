using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Parquet.Meta;
using Snappier;

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

    /// <summary>The RLE / bit-packed definition levels of bit width 1 of rows <paramref name="firstRow"/> on, into <paramref name="levels"/>.</summary>
    internal static void ReadDefinitionLevels(ReadOnlySpan<byte> source, Span<byte> levels, int firstRow, string path, string column) =>
        Decoder.ReadLevels(source, levels, firstRow, path, column);

    /// <summary>
    /// Decompresses one Snappy page into <paramref name="page"/> (rented, or grown): its data must declare exactly the
    /// header's uncompressed size, which must be no more than Snappy can make of the compressed bytes (a copy of at most
    /// 64 bytes per 3 bytes of input), so that a forged size cannot make us allocate.
    /// </summary>
    internal static int Decompress(ReadOnlySpan<byte> body, ParquetPageHeader header, ref byte[]? page, string path, string column)
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
    internal static DataSourceException Corrupt(string path, string column, string detail) =>
        new($"{path}: corrupt or truncated Parquet file: column '{column}' {detail}");

    /// <summary>
    /// Appends the rows of each data page to the chunk's buffers, checking every length, index and level against the page;
    /// keeps the dictionary page's entries (their bytes and where each starts) for the pages that index into it.
    /// </summary>
    private sealed class Decoder(ParquetPlainStrings strings, string path, string column) : IDisposable
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

        /// <summary>The PLAIN values of the dictionary page, each checked as UTF-8; false when one is not (Parquet.Net then replaces its bad sequences).</summary>
        private bool ReadDictionary(ReadOnlySpan<byte> page, int count)
        {
            // Every value takes at least its 4-byte length, so a count the page cannot hold is a lie, refused before anything is allocated.
            if (count > page.Length / 4)
            {
                throw Corrupt(path, column, $"declares {count} dictionary values in a page of {page.Length} bytes");
            }

            _dictionary = ArrayPool<byte>.Shared.Rent(page.Length + ShortCopy);
            _entries = ArrayPool<int>.Shared.Rent(count + 1);
            page.CopyTo(_dictionary);
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                if (page.Length - at < 4 || BinaryPrimitives.ReadInt32LittleEndian(page[at..]) is var length && (uint)length > (uint)(page.Length - at - 4))
                {
                    throw Corrupt(path, column, $"has a dictionary whose value {i + 1} runs past its page or is below zero in length");
                }

                var value = page.Slice(at + 4, length);
                if (!Utf8.IsValid(value))
                {
                    return false;
                }

                // Entry i is the value's 4-byte length followed by its bytes: it starts at _entries[i] + 4 and ends at _entries[i + 1].
                _entries[i] = at;
                _longestEntry = Math.Max(_longestEntry, length);
                at += 4 + length;
            }

            _entries[count] = at;
            _entryCount = count;
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

                ReadLevels(page.Slice(4, levelBytes), defined.AsSpan(Rows, rows), Rows, path, column);
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

        /// <summary>A dictionary-encoded page's rows: the bit width, then one index per defined row, each row given its entry's bytes.</summary>
        private void ReadIndexed(ReadOnlySpan<byte> page, int rows, int values)
        {
            if (page.IsEmpty)
            {
                throw Corrupt(path, column, "has a dictionary-encoded page without the bit width of its indices");
            }

            int width = page[0];
            if (width > 32)
            {
                throw Corrupt(path, column, $"has dictionary indices of {width} bits (at most 32)");
            }

            if (_indices.Length < values)
            {
                if (_indices.Length > 0)
                {
                    ArrayPool<int>.Shared.Return(_indices);
                }

                _indices = ArrayPool<int>.Shared.Rent(values);
            }

            var indices = _indices.AsSpan(0, values);
            ReadIndices(page[1..], width, indices);
            var dictionary = _dictionary!;
            var entries = _entries!;
            var defined = strings.Defined;

            // Room for the page's values at once when the longest entry allows (then short values are copied 16 bytes at a
            // time: the bytes past a value are overwritten by the next, or left past the chunk's end); else value by value.
            var roomAtOnce = (long)values * Math.Max(_longestEntry, ShortCopy) + ShortCopy <= System.Array.MaxLength - Length;
            if (roomAtOnce)
            {
                EnsureRoom((values * Math.Max(_longestEntry, ShortCopy)) + ShortCopy);
            }

            var bytes = strings.Bytes;
            var next = 0;
            for (var row = Rows; row < Rows + rows; row++)
            {
                strings.Offsets[row] = Length;
                if (defined is not null && defined[row] == 0)
                {
                    continue;
                }

                var index = indices[next++];
                if ((uint)index >= (uint)_entryCount)
                {
                    throw Corrupt(path, column, $"has dictionary index {(uint)index} for row {row + 1} of its row group; the dictionary holds {_entryCount} values");
                }

                var from = entries[index] + 4;
                var length = entries[index + 1] - from;
                if (roomAtOnce && length <= ShortCopy)
                {
                    dictionary.AsSpan(from, ShortCopy).CopyTo(bytes.AsSpan(Length, ShortCopy));
                }
                else if (length > 0)
                {
                    EnsureRoom(length);
                    bytes = strings.Bytes;
                    dictionary.AsSpan(from, length).CopyTo(bytes.AsSpan(Length));
                }

                Length += length;
            }

            Rows += rows;
        }

        /// <summary>
        /// <paramref name="output"/>.Length values of <paramref name="width"/> bits in the RLE / bit-packed hybrid
        /// (parquet-format Encodings.md): a run header, then one value repeated, or groups of 8 values packed LSB first.
        /// </summary>
        private void ReadIndices(ReadOnlySpan<byte> source, int width, Span<int> output)
        {
            var filled = 0;
            var at = 0;
            var mask = width == 32 ? uint.MaxValue : (1u << width) - 1;
            var valueBytes = (width + 7) / 8;
            while (filled < output.Length)
            {
                if (!TryReadRunHeader(source, ref at, out var header))
                {
                    throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                }

                if ((header & 1) == 0)
                {
                    if (source.Length - at < valueBytes)
                    {
                        throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                    }

                    var value = 0u;
                    for (var b = 0; b < valueBytes; b++)
                    {
                        value |= (uint)source[at + b] << (8 * b);
                    }

                    at += valueBytes;
                    var run = (int)Math.Min(header >> 1, (uint)(output.Length - filled));
                    output.Slice(filled, run).Fill((int)value);
                    filled += run;
                    continue;
                }

                // A bit-packed run of (header >> 1) groups of 8 values; the page's last run may stop short of its values.
                var take = (int)Math.Min((long)(header >> 1) * 8, output.Length - filled);
                var bytes = ((long)take * width + 7) / 8;
                if (bytes > source.Length - at)
                {
                    throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                }

                Unpack(source.Slice(at, (int)bytes), width, mask, output.Slice(filled, take));
                filled += take;
                at = (int)Math.Min(source.Length, at + ((long)(header >> 1) * width));
            }
        }

        /// <summary>Values of <paramref name="width"/> bits packed LSB first in <paramref name="packed"/>, which holds them all.</summary>
        private static void Unpack(ReadOnlySpan<byte> packed, int width, uint mask, Span<int> output)
        {
            if (width == 0)
            {
                output.Clear();
                return;
            }

            var bit = 0L;
            for (var i = 0; i < output.Length; i++, bit += width)
            {
                var at = (int)(bit >> 3);
                ulong window;
                if (packed.Length - at >= 8)
                {
                    window = BinaryPrimitives.ReadUInt64LittleEndian(packed[at..]);
                }
                else
                {
                    window = 0;
                    for (var b = 0; at + b < packed.Length; b++)
                    {
                        window |= (ulong)packed[at + b] << (8 * b);
                    }
                }

                output[i] = (int)((uint)(window >> (int)(bit & 7)) & mask);
            }
        }

        /// <summary>The RLE / bit-packed hybrid levels of bit width 1 (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing Hybrid").</summary>
        internal static void ReadLevels(ReadOnlySpan<byte> source, Span<byte> levels, int firstRow, string path, string column)
        {
            var filled = 0;
            var at = 0;
            while (filled < levels.Length)
            {
                if (!TryReadRunHeader(source, ref at, out var header))
                {
                    throw Corrupt(path, column, $"has no definition level for row {firstRow + filled + 1} of its row group");
                }

                if ((header & 1) == 0)
                {
                    if (at >= source.Length)
                    {
                        throw Corrupt(path, column, $"has no definition level for row {firstRow + filled + 1} of its row group");
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
                    throw Corrupt(path, column, $"has no definition level for row {firstRow + filled + 1} of its row group");
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
