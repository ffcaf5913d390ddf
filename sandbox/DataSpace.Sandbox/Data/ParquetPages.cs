using System.Buffers;
using Snappier;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// What the page decoders of Parquet chunks share (<see cref="ParquetPlainStrings"/>, <see cref="ParquetPlainValues"/>):
/// a Snappy page decompressed into a pooled buffer without trusting its declared size, the RLE / bit-packed hybrid's run
/// headers and definition levels, and the error that makes a file corrupt, each checked against the page at every byte.
/// </summary>
internal static class ParquetPages
{
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

    /// <summary>The RLE / bit-packed hybrid levels of bit width 1 (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing Hybrid").</summary>
    internal static void ReadDefinitionLevels(ReadOnlySpan<byte> source, Span<byte> levels, int firstRow, string path, string column)
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

    /// <summary>The varint header of a run of the RLE / bit-packed hybrid: its length, and whether it is bit-packed (bit 0).</summary>
    internal static bool TryReadRunHeader(ReadOnlySpan<byte> source, ref int at, out uint header)
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
}
